"""Staff sessions end after SESSION_IDLE_SECONDS unused; the last activity is written at most once a minute."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from accounts import sessions
from tests.accounts.conftest import logged_in_user_id, password_login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_session_unused_for_longer_than_the_idle_limit_is_logged_out(client, settings, clock):
    settings.SESSION_IDLE_SECONDS = 600
    user = UserFactory()
    password_login(client, user)

    clock(601)
    response = client.get(reverse("dashboard"))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))
    assert logged_in_user_id(client) is None


def test_using_the_platform_keeps_the_session_alive(client, settings, clock):
    settings.SESSION_IDLE_SECONDS = 600
    password_login(client, UserFactory())

    for minute in range(1, 30, 5):
        clock(minute * 60)
        assert client.get(reverse("dashboard")).status_code == HTTPStatus.OK


def test_the_default_idle_limit_is_a_working_day(settings):
    assert settings.SESSION_IDLE_SECONDS == 8 * 60 * 60


def test_the_last_activity_is_written_at_most_once_a_minute(client, clock):
    password_login(client, UserFactory())
    at_login = client.session[sessions.LAST_ACTIVITY_KEY]

    clock(30)
    response = client.get(reverse("dashboard"))
    assert not response.wsgi_request.session.modified
    assert client.session[sessions.LAST_ACTIVITY_KEY] == at_login

    clock(61)
    client.get(reverse("dashboard"))
    assert client.session[sessions.LAST_ACTIVITY_KEY] == at_login + 61
