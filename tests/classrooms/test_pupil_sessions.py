"""Pupils share school devices: their session ends when the browser closes, after an idle hour, and with
"Nu stoppen", which shows a goodbye page."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from classrooms.models import Pupil
from tests.classrooms.factories import pupil_make, says

pytestmark = pytest.mark.django_db

STOPPED = reverse("classrooms:stopped")
HOME = reverse("classrooms:pupil_home")


def _join(client, school_class):
    return client.post(reverse("classrooms:join"), {"code": school_class.join_code, "nickname": "Vos"})


def _come_back(client, pupil):
    return client.post(reverse("classrooms:code_login"), {"code": pupil.personal_code})


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def _cookie_lives_until_the_browser_closes(client) -> bool:
    cookie = client.cookies["sessionid"]
    return not cookie["expires"] and not cookie["max-age"]


def test_joining_gives_a_session_that_ends_when_the_browser_closes(client, school_class):
    _join(client, school_class)

    assert _logged_in(client)
    assert client.session.get_expire_at_browser_close()
    assert _cookie_lives_until_the_browser_closes(client)


def test_coming_back_with_the_code_too(client, school_class):
    pupil = pupil_make(school_class, "Egel")

    response = _come_back(client, pupil)

    assert response["Location"] == HOME
    assert client.session.get_expire_at_browser_close()
    assert _cookie_lives_until_the_browser_closes(client)


def test_a_pupil_idle_for_an_hour_is_logged_out_and_sees_the_goodbye_page(client, school_class, clock):
    _come_back(client, pupil_make(school_class, "Egel"))

    clock(59 * 60)
    assert client.get(HOME).status_code == HTTPStatus.OK
    clock(59 * 60 + 60 * 60 + 1)
    response = client.get(HOME)

    assert response["Location"] == STOPPED
    assert not _logged_in(client)


def test_the_pupil_idle_limit_is_a_setting(client, settings, school_class, clock):
    assert settings.PUPIL_SESSION_IDLE_SECONDS == 60 * 60
    settings.PUPIL_SESSION_IDLE_SECONDS = 300
    _come_back(client, pupil_make(school_class, "Egel"))

    clock(301)

    assert client.get(HOME)["Location"] == STOPPED


def test_stop_for_now_ends_the_session_and_says_goodbye(client, school_class):
    _join(client, school_class)
    home = client.get(HOME)
    assert says(home, "Stop for now")

    response = client.post(reverse("account_logout"))
    goodbye = client.get(response["Location"])

    assert response["Location"] == STOPPED
    assert not _logged_in(client)
    assert goodbye.status_code == HTTPStatus.OK
    assert says(goodbye, "See you next time!")
    assert reverse("classrooms:code_login") in goodbye.content.decode()
    assert client.get(HOME)["Location"] == reverse("classrooms:code_login")
    assert Pupil.objects.count() == 1  # stopping deletes nothing: the code brings the pupil back


def test_the_goodbye_page_sends_a_pupil_who_is_still_logged_in_to_their_lessons(client, school_class):
    _join(client, school_class)

    assert client.get(STOPPED)["Location"] == HOME


def test_a_logged_in_pupil_can_read_security_txt(client, school_class):
    _join(client, school_class)

    assert client.get("/.well-known/security.txt").status_code == HTTPStatus.OK
