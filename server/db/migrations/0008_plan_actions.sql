-- The plan's actions: the fourth register (server/registers/actions.ts), with the same column set
-- as the others (0007), so the one register engine runs it. Its place is the geometry: the
-- gemeente's shape for the actions of the Uitvoeringsplan 2017-2018 (they apply everywhere), a
-- district, park, compartment or hot spot, a drawn area or a point. The plan's fields (theme,
-- lead, partners, subject, action, when_text, period, status, place, visibility, source_document,
-- source_line) are in attrs, validated by the declaration's zod schema.
CREATE TABLE plan_action (
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
  CHECK (ST_SRID(geom) = 28992),
  CHECK (attrs->>'status' IS NULL OR attrs->>'status' IN ('gepland', 'lopend', 'gereed', 'vervallen')),
  CHECK (attrs->>'visibility' IS NULL OR attrs->>'visibility' IN ('openbaar', 'betrokken'))
);
CREATE INDEX plan_action_geom_gix ON plan_action USING gist (geom);
