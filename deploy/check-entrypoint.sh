#!/usr/bin/env bash
# What the image does, run outside a container (CI has no container engine): the build step, migrations, the
# deployment checks with production settings, then the web process answering its probes. Uses a temporary
# directory for static files and the database, and this checkout's virtualenv.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
web_pid=""
cleanup() {
  [ -n "$web_pid" ] && kill "$web_pid" 2>/dev/null && wait "$web_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

export PATH="$PWD/.venv/bin:$PATH"
export DJANGO_SETTINGS_MODULE=elearning.settings.production
export SECRET_KEY="ci-entrypoint-$(python -c 'import secrets; print(secrets.token_urlsafe(40))')"
export ALLOWED_HOSTS=127.0.0.1,localhost
export DATABASE_URL="sqlite:///$work/db.sqlite3"
export STATIC_ROOT="$work/static"
export MEDIA_ROOT="$work/media" PRIVATE_MEDIA_ROOT="$work/private-media"
export PROMETHEUS_MULTIPROC_DIR="$work/prometheus"
export PORT="$(python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export BIND_ADDRESS=127.0.0.1 WEB_CONCURRENCY=2 METRICS_TOKEN=ci-metrics-token
mkdir -p "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT"
# `make setup` migrated db.sqlite3 already: starting from a copy keeps this step to seconds, and migrate still
# runs (and applies whatever is missing). Without it, migrate builds the database from nothing.
[ -f db.sqlite3 ] && cp db.sqlite3 "$work/db.sqlite3"
unset REDIS_URL CELERY_BROKER_URL

step() { echo "-- entrypoint $1"; }
step build && deploy/entrypoint.sh build
test -f "$STATIC_ROOT/staticfiles.json" || { echo "collectstatic wrote no manifest"; exit 1; }
step migrate && deploy/entrypoint.sh migrate >/dev/null
step check && deploy/entrypoint.sh check
step web
deploy/entrypoint.sh web &
web_pid=$!
for _ in $(seq 1 50); do
  curl -fsS "http://127.0.0.1:$PORT/healthz/live" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$PORT/healthz/live"; echo
curl -fsS "http://127.0.0.1:$PORT/healthz/ready"; echo
curl -fsS -H "Authorization: Bearer $METRICS_TOKEN" "http://127.0.0.1:$PORT/metrics" | grep -q '^signaal_http_requests_total{' \
  || { echo "/metrics did not count the requests across gunicorn's workers"; exit 1; }
echo "-- entrypoint: build, migrate, check and web all work"
