-- The versions an analysis answer depends on: the incidents (0004) and the districts with their
-- figures (0009). Read BEFORE the data the answer is computed from (see data-version.service.ts).
SELECT (SELECT version FROM incident_data_version WHERE singleton)::float8 AS incidents,
       (SELECT version FROM district_data_version WHERE singleton)::float8 AS districts
