-- The number of accounts (none on a fresh database: the admin account is created).
SELECT count(*)::int AS n FROM app_user
