-- An account with its roles, by user name (lower case).
SELECT u.id, u.username, u.display_name, u.email, u.password_hash, u.must_change_password, u.disabled, u.organisation_id,
       COALESCE((SELECT array_agg(r.role ORDER BY r.role) FROM user_role r WHERE r.user_id = u.id), '{}') AS roles
FROM app_user u
WHERE u.username = $1
