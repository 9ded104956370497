#!/bin/sh
# Run by the postgres image once, when the data volume is first initialised: the role the server
# connects as (docs/security.md). Migration 0009 gives it its grants; it owns nothing.
# An existing volume made before this file: create the role once by hand,
#   docker compose exec db psql -U civicvoice -c "CREATE ROLE civicvoice_app LOGIN PASSWORD '…'"
# (or, if a migration already created it without a login, ALTER ROLE civicvoice_app LOGIN PASSWORD '…').
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_password="$APP_DATABASE_PASSWORD" <<'SQL'
CREATE ROLE civicvoice_app LOGIN PASSWORD :'app_password';
SQL
