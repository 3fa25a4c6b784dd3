-- The id of the organisation named $1 (an OIDC group mapped to an organisation).
SELECT id FROM organisation WHERE name = $1
