#!/usr/bin/env bash
# Back up Signaal: the PostgreSQL database (pg_dump, custom format) and the media on local disk, with the row
# count of every table taken from the same snapshot as the dump, so deploy/restore.sh can prove a restore whole.
#
#   DATABASE_URL=postgres://user:pass@host:5432/signaal MEDIA_ROOT=/app/media PRIVATE_MEDIA_ROOT=/app/private-media \
#     deploy/backup.sh [DESTINATION]          # default: backups/signaal-<UTC time>
#
# Needs pg_dump and psql of the server's major version. Media on S3 are not copied: use the bucket's versioning
# or replication (the README's "Backup and restore" says how).
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
dest="${1:-backups/signaal-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$dest"
PSQL="${PSQL:-psql}" PG_DUMP="${PG_DUMP:-pg_dump}"

# One read-only transaction holds the snapshot; pg_dump and the counts both read that snapshot.
coproc SNAPSHOT { "$PSQL" "$DATABASE_URL" -qAtX -v ON_ERROR_STOP=1 -F $'\t'; }
echo "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_export_snapshot();" >&"${SNAPSHOT[1]}"
read -r snapshot <&"${SNAPSHOT[0]}"
"$PG_DUMP" --format=custom --no-owner --no-privileges --snapshot="$snapshot" --file="$dest/database.dump" "$DATABASE_URL"
cat >&"${SNAPSHOT[1]}" <<'SQL'
SELECT table_name,
       (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name),
                                            false, true, '')))[1]::text
FROM information_schema.tables
WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
ORDER BY table_name;
\echo __end__
COMMIT;
SQL
: > "$dest/counts.tsv"
while read -r line <&"${SNAPSHOT[0]}"; do
  [ "$line" = "__end__" ] && break
  printf '%s\n' "$line" >> "$dest/counts.tsv"
done
exec {SNAPSHOT[1]}>&-
wait "$SNAPSHOT_PID" 2>/dev/null || true

for kind in media private-media; do
  root="MEDIA_ROOT"; [ "$kind" = private-media ] && root="PRIVATE_MEDIA_ROOT"
  dir="${!root:-}"
  if [ -n "$dir" ] && [ -d "$dir" ]; then
    tar -C "$dir" -czf "$dest/$kind.tar.gz" .
  fi
done
(cd "$dest" && sha256sum -- * > SHA256SUMS)
echo "backup: $dest ($(wc -l < "$dest/counts.tsv") tables, $(du -sh "$dest" | cut -f1))"
