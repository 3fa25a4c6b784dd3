#!/usr/bin/env bash
# Every test: unit, API + database (embedded PGlite, and a PostgreSQL + PostGIS server too when
# VK_TEST_PG_URL is set), then browser tests on the built app in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
npx vitest run --project unit --project api
if [ -n "${VK_TEST_PG_URL:-}" ]; then
  echo "--- API and database tests against PostgreSQL + PostGIS (${VK_TEST_PG_URL%%@*}@…)"
  DATABASE_URL="$VK_TEST_PG_URL" npx vitest run --project api
fi
npx vite build --logLevel warn
npx vitest run --project e2e
