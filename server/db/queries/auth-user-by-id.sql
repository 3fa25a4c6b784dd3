-- An account with its roles and organisation, by id.
SELECT u.id, u.username, u.display_name, u.email, u.must_change_password, u.disabled, u.organisation_id, o.name AS organisation_name,
       u.created_at, u.updated_at, u.password_hash,
       (SELECT max(a.at) FROM audit a WHERE a.table_name = 'user_session' AND a.record_id = u.id::text AND a.action = 'login') AS last_login_at,
       COALESCE((SELECT array_agg(r.role ORDER BY r.role) FROM user_role r WHERE r.user_id = u.id), '{}') AS roles
FROM app_user u LEFT JOIN organisation o ON o.id = u.organisation_id
WHERE u.id = $1
