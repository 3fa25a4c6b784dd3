-- Every organisation with its number of accounts, by name.
SELECT o.id, o.name, o.kind, o.members FROM {{organisation-members}} o ORDER BY o.name
