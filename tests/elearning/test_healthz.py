import json
import os
import subprocess
import sys
from http import HTTPStatus

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_healthy_platform_reports_ok_database_and_in_process_jobs(client):
    response = client.get("/healthz")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] == "in-process"
    assert body["status"] == "ok"


def test_unreachable_database_gives_503():
    """A real server process pointed at a closed port, not a patched cursor."""
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.content.decode())"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "elearning.settings.test",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nowhere",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )
    status, _, body = result.stdout.strip().partition(" ")

    assert status == "503", result.stderr
    assert json.loads(body)["database"] == "unreachable"
