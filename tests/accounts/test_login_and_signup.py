from http import HTTPStatus

import pytest
from django.core import mail

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"


def _login(client, email, password):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def test_login_by_email_reaches_the_platform(client):
    user = UserFactory()

    response = _login(client, user.email, PASSWORD)

    assert response.status_code == HTTPStatus.FOUND
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_says_so_without_revealing_whether_the_email_exists(client):
    user = UserFactory()

    known = _login(client, user.email, "wrong-password").content.decode()
    unknown = _login(client, "nobody@example.org", "wrong-password").content.decode()

    def error_of(html):
        start = html.index('class="errorlist')
        return html[start : html.index("</ul>", start)]

    assert error_of(known) == error_of(unknown)
    assert "_auth_user_id" not in client.session


def test_signup_sends_a_verification_mail_and_login_waits_for_it(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "nieuw@example.org", "password1": "lang-genoeg-wachtwoord", "password2": "lang-genoeg-wachtwoord"},
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1 and "nieuw@example.org" in mail.outbox[0].to
    assert User.objects.filter(email="nieuw@example.org").exists()
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_link(client):
    user = UserFactory()

    client.post("/accounts/password/reset/", {"email": user.email})

    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_password_reset_for_an_unknown_address_looks_the_same(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})

    assert response.status_code == HTTPStatus.FOUND
    assert len(mail.outbox) == 1  # allauth tells the address that it has no account, revealing nothing


def test_two_factor_authentication_can_be_set_up_from_the_account_pages(client):
    user = UserFactory()
    _login(client, user.email, PASSWORD)
    assert client.get("/accounts/2fa/").status_code == HTTPStatus.OK
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})  # allauth asks again before MFA changes

    response = client.get("/accounts/2fa/totp/activate/")

    assert response.status_code == HTTPStatus.OK
    assert "data:image/svg+xml" in response.content.decode()  # the QR code to scan with an authenticator app


def test_rate_limit_stops_repeated_failed_logins(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    user = UserFactory()

    for _attempt in range(3):
        _login(client, user.email, "wrong")

    _login(client, user.email, PASSWORD)

    assert "_auth_user_id" not in client.session


def test_pupil_accounts_can_exist_without_an_email_address():
    first = User.objects.create_user(email=None)
    second = User.objects.create_user(email=None)

    assert first.email is None and second.email is None
    assert first.public_id != second.public_id
