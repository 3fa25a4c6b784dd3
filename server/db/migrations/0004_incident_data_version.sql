-- Incident data version: one counter, raised in the same transaction as every statement that
-- changes the incident table (import, batch delete, demo seed or replacement, a future retention
-- delete, and plain SQL alike), by statement-level triggers. It lives in the database, not in a
-- process, so several app processes on one PostgreSQL see the same version. A result computed
-- from the incidents (a Knox run now, caches later) stores the version it saw and is out of date
-- once the version differs. Statements that change no row leave the version alone (transition
-- tables). Concurrent writers serialise on the counter row until they commit.

CREATE TABLE incident_data_version (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version    bigint NOT NULL DEFAULT 1,
  changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO incident_data_version DEFAULT VALUES;

CREATE FUNCTION bump_incident_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM changed_rows) THEN
    UPDATE incident_data_version SET version = version + 1, changed_at = now();
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION bump_incident_data_version_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE incident_data_version SET version = version + 1, changed_at = now();
  RETURN NULL;
END
$$;

CREATE TRIGGER incident_data_version_insert AFTER INSERT ON incident
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_incident_data_version();
CREATE TRIGGER incident_data_version_update AFTER UPDATE ON incident
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_incident_data_version();
CREATE TRIGGER incident_data_version_delete AFTER DELETE ON incident
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_incident_data_version();
CREATE TRIGGER incident_data_version_truncate AFTER TRUNCATE ON incident
  FOR EACH STATEMENT EXECUTE FUNCTION bump_incident_data_version_truncate();

-- The data version each Knox run saw (null for runs stored before this migration: out of date),
-- and whether its events were demo incidents.
ALTER TABLE knox_run ADD COLUMN data_version bigint;
ALTER TABLE knox_run ADD COLUMN demo boolean NOT NULL DEFAULT false;
