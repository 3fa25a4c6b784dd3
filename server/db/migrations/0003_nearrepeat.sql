-- Near-repeat analysis: every finished Knox test run with its parameters and result, and the
-- near-repeat window it found (largest significant distance and time band), which the live
-- near-repeat zones use as their default radius and duration. A null window means the run found
-- no significant near-repeat pattern.

CREATE TABLE knox_run (
  id            bigserial PRIMARY KEY,
  params        jsonb NOT NULL,             -- request: period, kinds, distance, bands, permutations, seed
  result        jsonb NOT NULL,             -- Knox table (NearRepeat-compatible JSON) + Dutch summary
  events        integer NOT NULL,
  window_radius double precision,           -- metres (exclusive upper break of the band)
  window_days   double precision,           -- days (exclusive upper break of the band)
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX knox_run_created_idx ON knox_run (created_at DESC, id DESC);
