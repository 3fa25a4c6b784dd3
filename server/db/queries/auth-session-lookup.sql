-- A session by token hash with its account and roles; disabled accounts have no sessions.
SELECT s.token_hash, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at,
       u.id, u.username, u.must_change_password, u.organisation_id,
       COALESCE((SELECT array_agg(r.role ORDER BY r.role) FROM user_role r WHERE r.user_id = u.id), '{}') AS roles
FROM user_session s JOIN app_user u ON u.id = s.user_id
WHERE s.token_hash = $1 AND NOT u.disabled
