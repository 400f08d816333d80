#!/usr/bin/env bash
# Restore a backup of deploy/backup.sh into an empty database and empty media folders, then check that every
# table has the row count it had when the backup was taken. Exits non-zero when anything differs.
#
#   DATABASE_URL=postgres://user:pass@host:5432/signaal_new MEDIA_ROOT=... PRIVATE_MEDIA_ROOT=... \
#     deploy/restore.sh BACKUP_DIRECTORY
#
# Then point the platform at the restored database, run `deploy/entrypoint.sh migrate` (a backup of an older
# release is migrated forward) and start it.
set -euo pipefail
backup="${1:?usage: deploy/restore.sh BACKUP_DIRECTORY}"
: "${DATABASE_URL:?set DATABASE_URL to the empty database to restore into}"
PSQL="${PSQL:-psql}" PG_RESTORE="${PG_RESTORE:-pg_restore}"

(cd "$backup" && sha256sum --quiet -c SHA256SUMS) || { echo "restore: $backup is damaged (checksums differ)"; exit 1; }
tables="$("$PSQL" "$DATABASE_URL" -qAtX -c "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")"
[ "$tables" = 0 ] || { echo "restore: the target database is not empty ($tables tables); create a new one"; exit 1; }

"$PG_RESTORE" --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$backup/database.dump"

for kind in media private-media; do
  root="MEDIA_ROOT"; [ "$kind" = private-media ] && root="PRIVATE_MEDIA_ROOT"
  [ -f "$backup/$kind.tar.gz" ] || continue
  dir="${!root:?set $root to restore $kind}"
  mkdir -p "$dir"
  tar -C "$dir" -xzf "$backup/$kind.tar.gz"
done

restored="$(mktemp)"
trap 'rm -f "$restored"' EXIT
"$PSQL" "$DATABASE_URL" -qAtX -F $'\t' > "$restored" <<'SQL'
SELECT table_name,
       (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name),
                                            false, true, '')))[1]::text
FROM information_schema.tables
WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
ORDER BY table_name;
SQL
if ! diff -u "$backup/counts.tsv" "$restored"; then
  echo "restore: row counts differ from the backup's (above)"; exit 1
fi
rows="$(awk -F '\t' '{ s += $2 } END { print s + 0 }' "$backup/counts.tsv")"
echo "restore: $(wc -l < "$backup/counts.tsv") tables and $rows rows restored, every count as in the backup"
