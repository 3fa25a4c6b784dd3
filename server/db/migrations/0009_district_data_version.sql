-- The district data version: like the incident data version (0004), a counter raised in the same
-- transaction by every statement that changes the districts, their figures or their crimes
-- (imports, roll-ups, plain SQL). Cached answers that read district shapes or figures (hot spot
-- study areas, rates' denominators) key on it together with the incident data version, so an
-- import in any app process makes them stale everywhere. Statement-level without transition
-- tables (one trigger for insert, update and delete): a statement that changes nothing also
-- raises it, which only costs a recomputation.
CREATE TABLE district_data_version (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version    bigint NOT NULL DEFAULT 1,
  changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO district_data_version DEFAULT VALUES;

CREATE FUNCTION bump_district_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE district_data_version SET version = version + 1, changed_at = now();
  RETURN NULL;
END
$$;

CREATE TRIGGER district_data_version_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON district
  FOR EACH STATEMENT EXECUTE FUNCTION bump_district_data_version();
CREATE TRIGGER district_figures_data_version_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON district_figures
  FOR EACH STATEMENT EXECUTE FUNCTION bump_district_data_version();
CREATE TRIGGER district_crimes_data_version_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON district_crimes
  FOR EACH STATEMENT EXECUTE FUNCTION bump_district_data_version();
