#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (pg_dump, custom format: the decision log's
# triggers and hash chain included) and the private files (uploads, certificates, archives).
#
#   DATABASE_URL=postgres://user@host:5432/award_portal scripts/backup.sh [DEST_DIR]
#
# Writes DEST_DIR/award-backup-<UTC time>/ with db.dump, private-files.tar.gz (when the
# private folder exists; with an object store, back up its bucket with the store's tools)
# and SHA256SUMS, and prints that folder. Restore with scripts/restore.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database to back up}"
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "backup.sh backs up PostgreSQL only (DATABASE_URL=$DATABASE_URL)" >&2; exit 2 ;;
esac
DEST_DIR="${1:-var/backups}"
MEDIA_DIR="${PRIVATE_MEDIA_ROOT:-${VAR_DIR:-var}/private}"

target="$DEST_DIR/award-backup-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$target"
# One consistent snapshot of the whole database (pg_dump runs in one transaction).
pg_dump --format=custom --no-owner --no-privileges --file "$target/db.dump" "$DATABASE_URL"
if [ -d "$MEDIA_DIR" ]; then
  tar -C "$MEDIA_DIR" -czf "$target/private-files.tar.gz" .
fi
( cd "$target" && sha256sum -- * > SHA256SUMS )
echo "$target"
