"""A database that is busy or briefly away answers 503 with Retry-After, never 500: HTML for a browser, JSON for
a script, whether a view or a middleware met it."""

from http import HTTPStatus
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

VIEW = "elearning.views.dashboard_sections"  # a query the dashboard view makes, after every middleware


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("database is locked"),
        OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused'),
        InterfaceError("connection already closed"),
    ],
)
def test_a_view_that_meets_a_busy_database_answers_503_with_a_dutch_page(logged_in, error):
    with mock.patch(VIEW, side_effect=error):
        response = logged_in.get(reverse("dashboard"))

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert int(response["Retry-After"]) > 0
    assert response["Content-Type"].startswith("text/html")
    assert "Even geduld" in response.text and "Probeer het over een minuut opnieuw" in response.text


def test_a_script_gets_json(logged_in):
    with mock.patch(VIEW, side_effect=OperationalError("database is locked")):
        response = logged_in.get(reverse("dashboard"), headers={"Accept": "application/json"})

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"]
    assert response.json()["retry_after"] > 0 and response.json()["error"]


def test_a_middleware_that_meets_a_busy_database_answers_503_too(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    with mock.patch(
        "django.contrib.sessions.backends.cached_db.SessionStore.load",
        side_effect=OperationalError("database is locked"),
    ):
        response = client.get(reverse("dashboard"))

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"]


def test_other_errors_stay_500(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    with mock.patch(VIEW, side_effect=RuntimeError("a bug")):
        response = client.get(reverse("dashboard"))

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
