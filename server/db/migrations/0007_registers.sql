-- Registers: WhatsApp neighbourhood groups, holiday parks and wildfire-risk compartments.
-- One table per register with the same column set, so one engine (server/registers/) runs them
-- all from a declaration:
--   name        the record's name (every register has one; shown in lists and the map)
--   geom        the register's own geometry type in RD New (EPSG:28992), GiST-indexed
--   attrs       the other, non-personal properties, validated by the declaration's zod schema
--               (sub-records such as park visits, exercises, control actions and compartment
--               measures are jsonb arrays in here: they are always read and written with their
--               parent, so they share its optimistic version and its audit row)
--   contact     personal data (contact person: name, phone, e-mail), a column of its own so SQL
--               can leave it out for callers without registers:contacts
--   version     optimistic concurrency: an update names the version it read
--   demo        generated demonstration rows (server/demo/registers.ts); an import replaces them
-- Line geometries of a record (a compartment's access and evacuation routes) live in
-- register_line, one MultiLineString per record and key, for every register alike.

CREATE TABLE whatsapp_group (
  id          bigserial PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  geom        geometry(MultiPolygon, 28992) NOT NULL,
  attrs       jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(attrs) = 'object'),
  contact     jsonb CHECK (contact IS NULL OR jsonb_typeof(contact) = 'object'),
  version     integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  demo        boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text NOT NULL,
  CHECK (attrs->>'status' IS NULL OR attrs->>'status' IN ('actief', 'slapend'))
);
CREATE INDEX whatsapp_group_geom_gix ON whatsapp_group USING gist (geom);

-- A park is an area or, when its outline is not known, a point.
CREATE TABLE holiday_park (
  id          bigserial PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  geom        geometry(Geometry, 28992) NOT NULL CHECK (GeometryType(geom) IN ('POINT', 'MULTIPOLYGON')),
  attrs       jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(attrs) = 'object'),
  contact     jsonb CHECK (contact IS NULL OR jsonb_typeof(contact) = 'object'),
  version     integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  demo        boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text NOT NULL,
  CHECK (ST_SRID(geom) = 28992)
);
CREATE INDEX holiday_park_geom_gix ON holiday_park USING gist (geom);

CREATE TABLE fire_compartment (
  id          bigserial PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  geom        geometry(MultiPolygon, 28992) NOT NULL,
  attrs       jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(attrs) = 'object'),
  contact     jsonb CHECK (contact IS NULL OR jsonb_typeof(contact) = 'object'),
  version     integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  demo        boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text NOT NULL,
  CHECK (attrs->>'riskClass' IS NULL OR attrs->>'riskClass' IN ('laag', 'middel', 'hoog', 'zeer hoog'))
);
CREATE INDEX fire_compartment_geom_gix ON fire_compartment USING gist (geom);

-- Line geometries of register records (e.g. fire_compartment: accessRoutes, evacuationRoutes).
-- No foreign key (the record may live in any register table): the service deletes a record's
-- lines in the same transaction as the record.
CREATE TABLE register_line (
  register_table  text NOT NULL,
  record_id       bigint NOT NULL,
  key             text NOT NULL,
  geom            geometry(MultiLineString, 28992) NOT NULL,
  PRIMARY KEY (register_table, record_id, key)
);
CREATE INDEX register_line_geom_gix ON register_line USING gist (geom);
