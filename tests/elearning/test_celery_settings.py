"""A Celery worker or beat started without DJANGO_SETTINGS_MODULE runs the production settings, like wsgi and
asgi: without the production environment it refuses to start instead of running with DEBUG and a dev key."""

import os
import subprocess
import sys

from django.conf import settings

PROBE = "from elearning.celery import app; import os; print(os.environ['DJANGO_SETTINGS_MODULE']); app.conf.broker_url"


def _python(code: str, **env):
    # Celery reads CELERY_BROKER_URL from the environment itself, without asking Django: leave it out too (CI sets it).
    unset = ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL")
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_celery_app_defaults_to_the_production_settings_and_refuses_without_their_environment():
    result = _python(PROBE)

    assert result.stdout.splitlines()[0] == "elearning.settings.production"
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_the_celery_app_starts_with_the_production_environment():
    result = _python(
        PROBE,
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="signaal.example.nl",
        DATABASE_URL="sqlite:////tmp/signaal-celery-check.sqlite3",
    )

    assert result.returncode == 0, result.stderr


def test_make_worker_and_beat_name_their_settings():
    result = subprocess.run(
        ["make", "-n", "worker", "beat"], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )

    celery_lines = [line for line in result.stdout.splitlines() if "celery -A elearning" in line]
    assert len(celery_lines) == 2
    assert all("DJANGO_SETTINGS_MODULE=" in line for line in celery_lines)
