-- All accounts with roles and organisation (no password hashes).
SELECT u.id, u.username, u.display_name, u.email, u.must_change_password, u.disabled, u.organisation_id, o.name AS organisation_name,
       u.created_at, u.updated_at,
       (SELECT max(a.at) FROM audit a WHERE a.table_name = 'user_session' AND a.record_id = u.id::text AND a.action = 'login') AS last_login_at,
       COALESCE((SELECT array_agg(r.role ORDER BY r.role) FROM user_role r WHERE r.user_id = u.id), '{}') AS roles
FROM app_user u LEFT JOIN organisation o ON o.id = u.organisation_id
ORDER BY u.username
