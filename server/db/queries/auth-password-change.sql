-- The account's own new password ($2 hash) at $3; a changed password is no longer one-time.
UPDATE app_user SET password_hash = $2, must_change_password = false, updated_at = $3 WHERE id = $1
