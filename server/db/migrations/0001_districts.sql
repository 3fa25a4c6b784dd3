-- Districts of a municipality (gemeente > stadsdeel > wijk > buurt; postcode areas beside them),
-- their CBS key figures and the police's registered crimes, with the provenance of every dataset.
-- Geometry in RD New (EPSG:28992, metres).

CREATE TABLE dataset (
  key           text PRIMARY KEY,
  title         text NOT NULL,
  source        text NOT NULL,
  licence       text NOT NULL,
  attribution   text NOT NULL,
  is_demo       boolean NOT NULL DEFAULT false,
  simplified    boolean NOT NULL DEFAULT false,
  feature_count integer,
  loaded_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE district (
  code        text PRIMARY KEY,
  level       text NOT NULL CHECK (level IN ('gemeente', 'stadsdeel', 'wijk', 'buurt', 'postcode')),
  name        text NOT NULL,
  parent_code text,
  geom        geometry(MultiPolygon, 28992),
  dataset_key text REFERENCES dataset (key),
  simplified  boolean NOT NULL DEFAULT false
);
CREATE INDEX district_geom_gix ON district USING gist (geom);
CREATE INDEX district_level_idx ON district (level);
CREATE INDEX district_parent_idx ON district (parent_code);

-- One row per district and reference year; a null means "not known for that year".
CREATE TABLE district_figures (
  code                text NOT NULL REFERENCES district (code) ON DELETE CASCADE,
  year                integer NOT NULL,
  inwoners            integer,
  huishoudens         integer,
  woningen            integer,
  inwoners_0_15       integer,
  inwoners_65plus     integer,
  oppervlakte_land_ha double precision,
  source              text NOT NULL,
  derived             boolean NOT NULL DEFAULT false,
  PRIMARY KEY (code, year)
);

-- Registered crimes (geregistreerde misdrijven, all offence types) per calendar year.
CREATE TABLE district_crimes (
  code       text NOT NULL REFERENCES district (code) ON DELETE CASCADE,
  year       integer NOT NULL,
  misdrijven integer NOT NULL,
  source     text NOT NULL,
  derived    boolean NOT NULL DEFAULT false,
  PRIMARY KEY (code, year)
);
