#!/usr/bin/env bash
# Project-owned PostgreSQL 15 + PostGIS 3 cluster for development and tests.
#
#   scripts/pg.sh install       apt-get the Debian packages that are missing (PostGIS, pgRouting)
#   scripts/pg.sh start         create the cluster if needed and start it (idempotent)
#   scripts/pg.sh createdb NAME [fresh]   create database NAME (+ postgis) owned by the app role;
#                               with "fresh" drop it first so migrations run on an empty database
#   scripts/pg.sh stop          stop the cluster
#   scripts/pg.sh status        say whether it runs
#   scripts/pg.sh psql [args]   psql as the superuser on the cluster
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
  if ! pg_psql -tAc "select 1 from pg_roles where rolname='$APP_USER'" | grep -q 1; then
    pg_psql -c "create role \"$APP_USER\" login password '$APP_PASSWORD'"
  fi
}

createdb_() {
  local name=$1 fresh=${2:-}
  if [ "$fresh" = fresh ]; then
    pg_psql -c "drop database if exists \"$name\" with (force)"
  fi
  if ! pg_psql -tAc "select 1 from pg_database where datname='$name'" | grep -q 1; then
    log "creating database $name"
    pg_psql -c "create database \"$name\" owner \"$APP_USER\""
  fi
  # Extensions need a superuser; the app role owns everything else (Flyway runs as it).
  pg_psql -d "$name" -c "create extension if not exists postgis" \
                     -c "create extension if not exists pgrouting"
}

case "${1:-}" in
  install) install_packages ;;
  start) start ;;
  createdb) shift; createdb_ "$@" ;;
  stop) if running; then as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; log "stopped"; else log "not running"; fi ;;
  status) if running; then echo "running on port $PGPORT ($DATA)"; else echo "stopped"; exit 3; fi ;;
  psql) shift; pg_psql "$@" ;;
  *) echo "usage: $0 install|start|createdb NAME [fresh]|stop|status|psql" >&2; exit 2 ;;
esac
