#!/usr/bin/env bash
# Runs once in the PostGIS container of docker-compose.yml, when its volume is empty (as the image's
# superuser, after the image's own script created the postgis extension in $POSTGRES_DB). Creates the two
# roles of docs/OPERATIONS.md — the owner of the schema (runs the migrations) and the server's role (owns
# nothing) — and hands the database to the owner.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner="$BORDERZONE_DB_OWNER" -v owner_pw="$BORDERZONE_DB_OWNER_PASSWORD" \
  -v app="$BORDERZONE_DB_USER" -v app_pw="$BORDERZONE_DB_PASSWORD" -v db="$POSTGRES_DB" <<'SQL'
create role :"owner" login password :'owner_pw';
create role :"app" login password :'app_pw';
alter database :"db" owner to :"owner";
SQL
