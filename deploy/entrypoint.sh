#!/usr/bin/env bash
# The image's entrypoint, and the one list of commands that build, upgrade and run Signaal. CI runs these same
# steps outside a container (.ci/run), so the image and the checks cannot drift apart.
#
#   build          compile the translations and collect static files (at image build time)
#   migrate        apply database migrations (once per release, before new web processes start)
#   check          Django's deployment checks; fails on any warning
#   web            gunicorn on $PORT (default 8000), configured by deploy/gunicorn.conf.py
#   worker         a Celery worker
#   beat           the Celery beat scheduler (run exactly one)
#   anything else  is run as given (e.g. `python manage.py createsuperuser`)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"

# Prometheus' per-process files must start empty: stale ones from a previous run would be counted again.
if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
  rm -rf "${PROMETHEUS_MULTIPROC_DIR:?}"
  mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
fi

case "${1:-web}" in
  build)
    "$PYTHON" manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
    "$PYTHON" manage.py collectstatic --no-input -v 0
    ;;
  migrate)
    "$PYTHON" manage.py migrate --no-input
    ;;
  check)
    "$PYTHON" manage.py check --deploy --fail-level WARNING
    ;;
  web)
    exec "$PYTHON" -m gunicorn --config deploy/gunicorn.conf.py elearning.wsgi
    ;;
  worker)
    exec "$PYTHON" -m celery -A elearning worker --loglevel="${LOG_LEVEL:-INFO}" \
      --concurrency="${CELERY_CONCURRENCY:-2}"
    ;;
  beat)
    exec "$PYTHON" -m celery -A elearning beat --loglevel="${LOG_LEVEL:-INFO}" \
      --schedule="${CELERY_BEAT_SCHEDULE_FILE:-/tmp/celerybeat-schedule}"
    ;;
  *)
    exec "$@"
    ;;
esac
