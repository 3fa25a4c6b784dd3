-- Incidents (high impact crimes: woninginbraak, poging, straatroof, overval, geweld) from the
-- police's export or the demo generator, each in one import batch. The pleegperiode is a window
-- [time_from, time_to]: for a burglary the exact moment is usually unknown.
-- Point in RD New (EPSG:28992); buurt/wijk/postcode are derived by spatial join at import.

CREATE TABLE import_batch (
  id            bigserial PRIMARY KEY,
  source        text NOT NULL,              -- file name or 'demo'
  format        text NOT NULL,              -- csv | geojson | demo
  is_demo       boolean NOT NULL DEFAULT false,
  rows_total    integer NOT NULL DEFAULT 0,
  rows_imported integer NOT NULL DEFAULT 0,
  rows_rejected integer NOT NULL DEFAULT 0,
  report        jsonb,                      -- detected columns/CRS and the rejected rows
  parameters    jsonb,                      -- demo generator parameters (seed, period, ...)
  imported_at   timestamptz NOT NULL DEFAULT now(),
  -- A removed real batch keeps its row (audit trail, and the demo data must not come back once
  -- real data was loaded); its incidents are deleted. Demo batches are deleted outright.
  deleted_at    timestamptz
);

CREATE TABLE incident (
  id             bigserial PRIMARY KEY,
  source_id      text NOT NULL,
  batch_id       bigint NOT NULL REFERENCES import_batch (id) ON DELETE CASCADE,
  kind           text NOT NULL CHECK (kind IN ('woninginbraak', 'poging_woninginbraak', 'straatroof', 'overval', 'geweld')),
  time_from      timestamptz NOT NULL,
  time_to        timestamptz NOT NULL,
  geom           geometry(Point, 28992) NOT NULL,
  address        text,
  postcode       text,
  modus_operandi text,
  target_type    text,
  buurt_code     text,
  wijk_code      text,
  pc4_code       text,
  is_demo        boolean NOT NULL DEFAULT false,
  CHECK (time_from <= time_to)
);
-- The id in the source system is unique per kind of source (real vs demo never collide).
CREATE UNIQUE INDEX incident_source_id_uq ON incident (is_demo, source_id);
CREATE INDEX incident_geom_gix ON incident USING gist (geom);
CREATE INDEX incident_time_idx ON incident (time_from, time_to);
CREATE INDEX incident_kind_idx ON incident (kind);
CREATE INDEX incident_wijk_idx ON incident (wijk_code);
CREATE INDEX incident_buurt_idx ON incident (buurt_code);
CREATE INDEX incident_pc4_idx ON incident (pc4_code);
CREATE INDEX incident_batch_idx ON incident (batch_id);
