#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a NEW PostgreSQL database, then verify the
# decision log's hash chain on the restored copy.
#
#   scripts/restore.sh BACKUP_DIR postgres://user@host:5432/award_restored [MEDIA_DIR]
#
# Refuses a database that already exists (restore next to the live one, check, then switch
# DATABASE_URL). MEDIA_DIR receives the private files when the backup holds them.
set -euo pipefail
cd "$(dirname "$0")/.."

BACKUP_DIR="${1:?usage: restore.sh BACKUP_DIR TARGET_DATABASE_URL [MEDIA_DIR]}"
TARGET_URL="${2:?usage: restore.sh BACKUP_DIR TARGET_DATABASE_URL [MEDIA_DIR]}"
MEDIA_DIR="${3:-}"
PY="${PYTHON:-.venv/bin/python}"

( cd "$BACKUP_DIR" && sha256sum --check --quiet SHA256SUMS )

database="${TARGET_URL##*/}"
database="${database%%\?*}"
admin_url="${TARGET_URL%/*}/postgres"
if [[ ! "$database" =~ ^[A-Za-z0-9_]+$ ]]; then
  echo "restore.sh: unexpected database name '$database'" >&2; exit 2
fi
exists=$(psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'")
if [ "$exists" = "1" ]; then
  echo "restore.sh: database $database already exists; restore into a new one" >&2; exit 1
fi
psql "$admin_url" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE \"$database\""
pg_restore --no-owner --no-privileges --exit-on-error --dbname "$TARGET_URL" "$BACKUP_DIR/db.dump"

if [ -n "$MEDIA_DIR" ] && [ -f "$BACKUP_DIR/private-files.tar.gz" ]; then
  mkdir -p "$MEDIA_DIR"
  tar -C "$MEDIA_DIR" -xzf "$BACKUP_DIR/private-files.tar.gz"
fi

DATABASE_URL="$TARGET_URL" "$PY" manage.py verify_decision_log
echo "restored into $database"
