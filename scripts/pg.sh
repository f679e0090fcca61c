#!/usr/bin/env bash
# Project-owned PostgreSQL 15 + PostGIS 3 cluster for development and tests.
#
#   scripts/pg.sh install       apt-get the Debian packages that are missing (PostGIS, pgRouting)
#   scripts/pg.sh start         create the cluster if needed and start it (idempotent)
#   scripts/pg.sh createdb NAME [fresh]   create database NAME (+ postgis, pgrouting) owned by the owner role;
#                               with "fresh" drop it first so migrations run on an empty database; an existing
#                               database that the app role owns (made before the roles were split) is handed
#                               over to the owner role
#   scripts/pg.sh dropdb NAME   drop database NAME (connections are ended)
#   scripts/pg.sh dump NAME [pg_dump args]   pg_dump -Fc of NAME to stdout (as the superuser; scripts/backup.sh)
#   scripts/pg.sh restore NAME  pg_restore from stdin into NAME, one transaction, stop at the first error
#   scripts/pg.sh stop          stop the cluster
#   scripts/pg.sh status        say whether it runs
#   scripts/pg.sh psql [args]   psql as the superuser on the cluster
#
# Two login roles (docs/OPERATIONS.md): the owner role (BORDERZONE_DB_OWNER, default borderzone_owner) owns
# the databases and runs the Flyway migrations; the app role (BORDERZONE_DB_USER, default borderzone) is the
# server's and gets only the privileges the migrations grant it. Both are created if missing (idempotent).
#
# PostgreSQL refuses to run as root. When we are root the cluster runs as the 'postgres' user (runuser)
# and its data lives under /var/lib/borderzone/<port>, a place that user can reach even when the checkout
# sits in a folder only root may enter; var/pgdata in the checkout is then a symlink to it.
# As an ordinary user the cluster is ours and lives in var/pgdata directly.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PGPORT=${BORDERZONE_PG_PORT:-5433}
APP_USER=${BORDERZONE_DB_USER:-borderzone}
APP_PASSWORD=${BORDERZONE_DB_PASSWORD:-borderzone}
OWNER_USER=${BORDERZONE_DB_OWNER:-borderzone_owner}
OWNER_PASSWORD=${BORDERZONE_DB_OWNER_PASSWORD:-borderzone_owner}
ROOT_DIR=$(cd "$(dirname "$0")/.." && pwd)

if [ "$(id -u)" = 0 ]; then
  RUN_AS=(runuser -u postgres --)
  BASE=${BORDERZONE_PG_BASE:-/var/lib/borderzone/pg-$PGPORT}
else
  RUN_AS=()
  BASE=${BORDERZONE_PG_BASE:-$ROOT_DIR/var/pg-$PGPORT}
fi
DATA=$BASE/data
SOCK=$BASE/run
LOG=$BASE/postgresql.log

log() { echo "[pg] $*" >&2; }

# Role and database names go into SQL text: plain identifiers only.
for n in "$APP_USER" "$OWNER_USER"; do
  [[ $n =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || { log "bad role name '$n' (lower-case letters, digits, _)"; exit 2; }
done
check_name() { [[ $1 =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || { log "bad database name '$1'"; exit 2; }; }
sql_literal() { printf "'%s'" "${1//\'/\'\'}"; }

as_pg() { "${RUN_AS[@]}" "$@"; }

pg_psql() { as_pg /usr/bin/psql -X -q -v ON_ERROR_STOP=1 -h "$SOCK" -p "$PGPORT" -U postgres "$@"; }

install_packages() {
  local missing=()
  for p in postgresql-15 postgresql-15-postgis-3 postgresql-15-pgrouting; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    local SUDO=(); [ "$(id -u)" = 0 ] || SUDO=(sudo)
    "${SUDO[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q "${missing[@]}"
  fi
}

# Running = a postmaster answers on our socket (pg_ctl status alone is fooled by a killed postmaster left as a
# zombie, e.g. when the session that started it was ended).
running() {
  [ -f "$DATA/postmaster.pid" ] || return 1
  local rc=0
  /usr/bin/pg_isready -q -h "$SOCK" -p "$PGPORT" >/dev/null 2>&1 || rc=$?
  [ "$rc" -le 1 ]   # 0 accepting, 1 starting up or shutting down
}

# A postmaster.pid whose process is gone, a zombie or not a postgres process is stale: PostgreSQL would refuse
# to start over it ("lock file already exists"), so remove it.
clear_stale_pid() {
  local pidfile=$DATA/postmaster.pid pid
  [ -f "$pidfile" ] || return 0
  pid=$(head -1 "$pidfile")
  if [ -z "$pid" ] || [ ! -d "/proc/$pid" ] || grep -q ') Z ' "/proc/$pid/stat" 2>/dev/null \
     || ! tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q postgres; then
    log "removing stale postmaster.pid (process $pid is not a live postgres)"
    rm -f "$pidfile"
  fi
}

start() {
  install_packages
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql --shell /bin/bash postgres
    mkdir -p "$BASE"
    chown postgres:postgres "$BASE"
    chmod 700 "$BASE"
    mkdir -p "$ROOT_DIR/var"
    ln -sfn "$BASE" "$ROOT_DIR/var/pgdata"
  else
    mkdir -p "$BASE"
  fi
  as_pg mkdir -p "$SOCK"
  if [ ! -f "$DATA/PG_VERSION" ]; then
    log "creating cluster in $DATA (port $PGPORT)"
    as_pg "$PG_BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat <<CONF | as_pg tee -a "$DATA/postgresql.conf" >/dev/null
# --- borderzone ---
listen_addresses = 'localhost'
port = $PGPORT
unix_socket_directories = '$SOCK'
max_connections = 200
shared_buffers = 512MB
work_mem = 32MB
maintenance_work_mem = 256MB
fsync = ${BORDERZONE_PG_FSYNC:-on}
CONF
  fi
  if running; then
    log "cluster already running on port $PGPORT"
  else
    clear_stale_pid
    log "starting cluster on port $PGPORT"
    as_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >/dev/null
  fi
  ensure_roles
}

# Creates the login roles that are missing; existing roles keep their passwords. Neither is a superuser nor
# may create databases or roles.
ensure_roles() {
  local role pw
  for role in "$OWNER_USER" "$APP_USER"; do
    if [ "$role" = "$OWNER_USER" ]; then pw=$OWNER_PASSWORD; else pw=$APP_PASSWORD; fi
    if ! pg_psql -tAc "select 1 from pg_roles where rolname='$role'" | grep -q 1; then
      log "creating role $role"
      pg_psql -c "create role \"$role\" login password $(sql_literal "$pw")"
    fi
  done
}

# A database made before the roles were split belongs to the app role, with everything in it: hand the
# database, and the tables, sequences and functions of schema public, to the owner role and grant the app role
# what the migration V9 grants (the migration may already have run there with both roles being one).
# Objects one by one, not REASSIGN OWNED, which would also take the app role's other databases.
hand_over() {
  local name=$1
  log "handing database $name over from $APP_USER to $OWNER_USER"
  pg_psql -c "alter database \"$name\" owner to \"$OWNER_USER\""
  pg_psql -d "$name" <<SQL
do \$\$
declare r record;
begin
  for r in select c.oid::regclass as obj, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relowner = '$APP_USER'::regrole and c.relkind in ('r', 'p', 'v', 'm', 'f')
  loop
    execute format('alter %s %s owner to %I', case r.relkind when 'v' then 'view' when 'm' then 'materialized view'
      when 'f' then 'foreign table' else 'table' end, r.obj, '$OWNER_USER');
  end loop;
  for r in select c.oid::regclass as obj from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relowner = '$APP_USER'::regrole and c.relkind = 'S'
  loop
    execute format('alter sequence %s owner to %I', r.obj, '$OWNER_USER');
  end loop;
  for r in select p.oid::regprocedure as obj from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.proowner = '$APP_USER'::regrole
  loop
    execute format('alter routine %s owner to %I', r.obj, '$OWNER_USER');
  end loop;
end \$\$;
grant connect, temporary on database "$name" to "$APP_USER";
grant usage on schema public to "$APP_USER";
SQL
  # The grants as the owner role, exactly as V9 makes them (tables of the extensions stay the superuser's).
  pg_psql -d "$name" <<SQL
set role "$OWNER_USER";
do \$\$
declare r record;
begin
  for r in select c.oid::regclass as obj from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relowner = '$OWNER_USER'::regrole and c.relkind in ('r', 'p', 'v', 'm', 'f')
  loop
    execute format('grant select, insert, update, delete on %s to %I', r.obj, '$APP_USER');
  end loop;
  for r in select c.oid::regclass as obj from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relowner = '$OWNER_USER'::regrole and c.relkind = 'S'
  loop
    execute format('grant usage, select on sequence %s to %I', r.obj, '$APP_USER');
  end loop;
  if to_regclass('public.audit_event') is not null then
    execute format('revoke all on audit_event from %I', '$APP_USER');
    execute format('grant select, insert on audit_event to %I', '$APP_USER');
  end if;
  if to_regclass('public.flyway_schema_history') is not null then
    execute format('revoke all on flyway_schema_history from %I', '$APP_USER');
    execute format('grant select on flyway_schema_history to %I', '$APP_USER');
  end if;
end \$\$;
alter default privileges in schema public grant select, insert, update, delete on tables to "$APP_USER";
alter default privileges in schema public grant usage, select on sequences to "$APP_USER";
SQL
}

createdb_() {
  local name=$1 fresh=${2:-} owner
  check_name "$name"
  ensure_roles
  if [ "$fresh" = fresh ]; then
    pg_psql -c "drop database if exists \"$name\" with (force)"
  fi
  owner=$(pg_psql -tAc "select pg_get_userbyid(datdba) from pg_database where datname='$name'")
  if [ -z "$owner" ]; then
    log "creating database $name (owner $OWNER_USER)"
    pg_psql -c "create database \"$name\" owner \"$OWNER_USER\""
  elif [ "$owner" = "$APP_USER" ] && [ "$APP_USER" != "$OWNER_USER" ]; then
    hand_over "$name"
  fi
  # Extensions need a superuser; the owner role owns everything else (Flyway runs as it).
  pg_psql -d "$name" -c "create extension if not exists postgis" \
                     -c "create extension if not exists pgrouting"
}

case "${1:-}" in
  install) install_packages ;;
  start) start ;;
  createdb) shift; createdb_ "$@" ;;
  dropdb) check_name "$2"; pg_psql -c "drop database if exists \"$2\" with (force)" ;;
  dump) check_name "$2"; name=$2; shift 2
        as_pg "$PG_BIN/pg_dump" -h "$SOCK" -p "$PGPORT" -U postgres --format=custom "$@" "$name" ;;
  restore) check_name "$2"
        as_pg "$PG_BIN/pg_restore" -h "$SOCK" -p "$PGPORT" -U postgres --exit-on-error --single-transaction -d "$2" ;;
  stop) if running; then as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; log "stopped"; else log "not running"; fi ;;
  status) if running; then echo "running on port $PGPORT ($DATA)"; else echo "stopped"; exit 3; fi ;;
  psql) shift; pg_psql "$@" ;;
  *) echo "usage: $0 install|start|createdb NAME [fresh]|dropdb NAME|dump NAME|restore NAME|stop|status|psql" >&2; exit 2 ;;
esac
