-- Patches an account ($1 id): display name $2 and disabled $7 when not null; e-mail $4 when $3,
-- organisation $6 when $5 (so both can be set to null).
UPDATE app_user SET display_name = COALESCE($2, display_name), email = CASE WHEN $3::boolean THEN $4 ELSE email END,
  organisation_id = CASE WHEN $5::boolean THEN $6::bigint ELSE organisation_id END, disabled = COALESCE($7, disabled), updated_at = now()
WHERE id = $1
