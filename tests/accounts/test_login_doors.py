"""One login: the Wagtail admin's and the Django admin's login pages send everyone to allauth's, and back."""

from http import HTTPStatus
from urllib.parse import quote

import pytest
from django.conf import settings

from tests.accounts.conftest import LOGIN_URL, MFA_URL, logged_in_user_id, password_login
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

DOORS = {"/admin/login/": "/admin/", "/django-admin/login/": "/django-admin/"}


@pytest.mark.parametrize(("door", "home"), DOORS.items())
def test_each_admin_login_page_sends_visitors_to_allauth_and_back(client, door, home):
    response = client.get(door)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{LOGIN_URL}?next={home}"


@pytest.mark.parametrize(("door", "home"), DOORS.items())
def test_the_way_back_is_kept_and_a_foreign_one_dropped(client, door, home):
    kept = client.get(door, {"next": f"{home}pages/"})
    dropped = client.get(door, {"next": "https://evil.example/"})

    assert kept["Location"] == f"{LOGIN_URL}?next={home}pages/"
    assert dropped["Location"] == f"{LOGIN_URL}?next={home}"


@pytest.mark.parametrize("admin_home", ["/admin/", "/django-admin/"])
def test_an_anonymous_visit_to_either_admin_ends_on_allauth_s_login(client, admin_home):
    response = client.get(admin_home, follow=True)

    assert response.status_code == HTTPStatus.OK
    assert response.request["PATH_INFO"] == LOGIN_URL
    assert response.request["QUERY_STRING"] == f"next={quote(admin_home, safe='')}"


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("kind", ["superuser", "superuser with TOTP", "learner"])
def test_a_password_posted_to_an_old_door_makes_no_session(client, door, kind):
    user = UserFactory(is_staff=kind != "learner", is_superuser=kind != "learner", mfa=kind == "superuser with TOTP")

    response = client.post(door, {"username": user.email, "password": PASSWORD, "login": user.email})

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(LOGIN_URL)
    assert logged_in_user_id(client) is None


def test_a_user_with_totp_gets_no_session_from_the_password_alone(client):
    user = UserFactory(is_staff=True, is_superuser=True, mfa=True)

    response = password_login(client, user, next_url="/admin/")

    assert response["Location"] == MFA_URL
    assert logged_in_user_id(client) is None
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    for door in DOORS:
        client.post(door, {"username": user.email, "password": PASSWORD})
        assert logged_in_user_id(client) is None


def test_an_editor_with_totp_logs_in_through_allauth_and_lands_in_the_wagtail_admin(client, mfa_login):
    editor = UserFactory(is_staff=True, is_superuser=True, mfa=True)

    response = mfa_login(client, editor, next_url="/admin/")

    assert response["Location"] == "/admin/"
    assert logged_in_user_id(client) == str(editor.pk)
    assert client.get("/admin/").status_code == HTTPStatus.OK


def test_email_verification_is_mandatory():
    assert settings.ACCOUNT_EMAIL_VERIFICATION == "mandatory"


@pytest.mark.parametrize("door", [LOGIN_URL, *DOORS])
def test_an_unverified_address_logs_in_through_no_door(client, door):
    user = UserFactory(verified=False, is_staff=True, mfa=False)

    client.post(door, {"login": user.email, "username": user.email, "password": PASSWORD})

    assert logged_in_user_id(client) is None


def test_a_logged_in_user_without_admin_access_is_told_so_instead_of_looping(client):
    learner = UserFactory()
    client.force_login(learner)

    response = client.get("/admin/", follow=True)

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert len(response.redirect_chain) == 1
    assert learner.email in response.content.decode()
    assert logged_in_user_id(client) == str(learner.pk)


def test_the_django_admin_refuses_a_logged_in_non_staff_user_without_looping(client):
    client.force_login(UserFactory())

    response = client.get("/django-admin/", follow=True)

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert len(response.redirect_chain) == 1


def test_wagtail_s_own_password_reset_is_switched_off(client):
    assert client.get("/admin/password_reset/").status_code == HTTPStatus.NOT_FOUND
