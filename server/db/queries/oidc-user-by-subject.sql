-- The account linked to an IdP identity ($1 issuer, $2 subject), with its roles.
SELECT u.id, u.username, u.display_name, u.email, u.disabled, u.must_change_password, u.organisation_id,
       COALESCE((SELECT array_agg(r.role ORDER BY r.role) FROM user_role r WHERE r.user_id = u.id), '{}') AS roles
FROM app_user u
WHERE u.oidc_issuer = $1 AND u.oidc_subject = $2
FOR UPDATE OF u
