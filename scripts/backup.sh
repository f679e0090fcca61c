#!/usr/bin/env bash
# Backup and restore of a Borderzone database on the project-owned cluster (scripts/pg.sh), docs/OPERATIONS.md.
#
#   scripts/backup.sh backup [DB] [FILE]   pg_dump -Fc of DB (default borderzone) into FILE
#                                          (default var/backups/DB-YYYYmmdd-HHMMSS.dump); prints FILE
#   scripts/backup.sh restore FILE [DB]    replace DB (default borderzone) by the content of FILE
#
# A restore never damages what is there when it fails: FILE is restored into a new database DB__restore
# (owned by the owner role, PostGIS and pgRouting created first) in one transaction that stops at the first
# error, and only then is DB dropped (its connections are ended: a running server reconnects by itself)
# and DB__restore renamed to DB. The dump keeps owners and grants, so the roles must exist (pg.sh start
# creates them). BORDERZONE_DUMP_ARGS adds pg_dump options (the test uses --snapshot=...).
set -euo pipefail
umask 077   # dumps hold password hashes and national data

ROOT_DIR=$(cd "$(dirname "$0")/.." && pwd)
PG=$ROOT_DIR/scripts/pg.sh
log() { echo "[backup] $*" >&2; }

backup() {
  local db=${1:-borderzone} file=${2:-}
  if [ -z "$file" ]; then
    mkdir -p "$ROOT_DIR/var/backups"
    file=$ROOT_DIR/var/backups/$db-$(date -u +%Y%m%d-%H%M%S).dump
  fi
  local tmp=$file.partial
  # shellcheck disable=SC2086
  "$PG" dump "$db" ${BORDERZONE_DUMP_ARGS:-} > "$tmp"
  mv -f "$tmp" "$file"
  log "$db -> $file ($(du -h "$file" | cut -f1))"
  echo "$file"
}

restore() {
  local file=${1:?usage: backup.sh restore FILE [DB]} db=${2:-borderzone}
  [ -r "$file" ] || { log "cannot read $file"; exit 2; }
  local tmp=${db}__restore
  [ ${#tmp} -le 63 ] || { log "database name $db is too long"; exit 2; }
  "$PG" createdb "$tmp" fresh
  if ! "$PG" restore "$tmp" < "$file"; then
    "$PG" dropdb "$tmp"
    log "restore of $file failed; $db is unchanged"
    exit 1
  fi
  "$PG" dropdb "$db"
  "$PG" psql -c "alter database \"$tmp\" rename to \"$db\""
  log "$file -> $db"
}

case "${1:-}" in
  backup) shift; backup "$@" ;;
  restore) shift; restore "$@" ;;
  *) echo "usage: $0 backup [DB] [FILE] | restore FILE [DB]" >&2; exit 2 ;;
esac
