#!/usr/bin/env bash
# CI for deploy/backup.sh and deploy/restore.sh: back up a real database and media, restore them into a fresh
# database and fresh folders, compare; then a damaged backup and a non-empty target must both be refused.
#
#   deploy/check-backup.sh postgres://postgres@127.0.0.1:5432/SOURCE_DATABASE
set -euo pipefail
cd "$(dirname "$0")/.."
source_url="${1:?usage: deploy/check-backup.sh SOURCE_DATABASE_URL}"
server_url="${source_url%/*}"
target="signaal_restore_check_$$"
work="$(mktemp -d)"
cleanup() {
  psql "$server_url/postgres" -qAtX -c "DROP DATABASE IF EXISTS $target WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/media/original_images" "$work/private/certificates/2026/11" "$work/private/h5p/content/1"
printf 'PNG poster' > "$work/media/original_images/poster.png"
printf '%%PDF certificate' > "$work/private/certificates/2026/11/abc.pdf"
printf '{"title": "Quiz"}' > "$work/private/h5p/content/1/h5p.json"

DATABASE_URL="$source_url" MEDIA_ROOT="$work/media" PRIVATE_MEDIA_ROOT="$work/private" \
  deploy/backup.sh "$work/backup"
rows="$(awk -F '\t' '{ s += $2 } END { print s + 0 }' "$work/backup/counts.tsv")"
[ "$rows" -gt 0 ] || { echo "check-backup: the source database has no rows to prove anything with"; exit 1; }

psql "$server_url/postgres" -qAtX -c "CREATE DATABASE $target"
DATABASE_URL="$server_url/$target" MEDIA_ROOT="$work/restored-media" PRIVATE_MEDIA_ROOT="$work/restored-private" \
  deploy/restore.sh "$work/backup"
diff -r "$work/media" "$work/restored-media"
diff -r "$work/private" "$work/restored-private"

if DATABASE_URL="$server_url/$target" deploy/restore.sh "$work/backup" >/dev/null 2>&1; then
  echo "check-backup: restoring over a database that is not empty was not refused"; exit 1
fi
printf 'x' >> "$work/backup/database.dump"
psql "$server_url/postgres" -qAtX -c "DROP DATABASE $target WITH (FORCE)" -c "CREATE DATABASE $target"
if DATABASE_URL="$server_url/$target" deploy/restore.sh "$work/backup" >/dev/null 2>&1; then
  echo "check-backup: a damaged backup was not refused"; exit 1
fi
echo "check-backup: backup and restore agree ($rows rows); a damaged backup and a non-empty target are refused"
