-- Fragment, not a query: organisations with their number of accounts, included as a subquery
-- {{organisation-members}} (server/db/queries.ts) by organisations.sql and organisation-by-id.sql.
SELECT o.id, o.name, o.kind, (SELECT count(*) FROM app_user u WHERE u.organisation_id = o.id)::int AS members FROM organisation o
