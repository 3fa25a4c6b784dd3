-- A personal API token by hash with its account and roles (revoked tokens and disabled accounts excluded).
SELECT t.id AS token_id, t.last_used_at, u.id, u.username, u.must_change_password, u.organisation_id,
       COALESCE((SELECT array_agg(r.role ORDER BY r.role) FROM user_role r WHERE r.user_id = u.id), '{}') AS roles
FROM api_token t JOIN app_user u ON u.id = t.user_id
WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND NOT u.disabled
