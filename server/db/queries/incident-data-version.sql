-- The current incident data version (see migration 0004): raised by every change to the incidents.
SELECT version::float8 AS version FROM incident_data_version WHERE singleton
