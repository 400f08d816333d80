"""Passkeys (WebAuthn) as MFA: a passkey satisfies required MFA, is offered at set-up and goes with a reset.

The ceremony itself needs a browser's authenticator: tests/e2e/test_passkeys.py.
"""

import os
import subprocess
import sys
from http import HTTPStatus

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.urls import reverse

from accounts import selectors
from accounts.adapter import MFAAdapter
from organisations.models import Membership
from tests.accounts.conftest import password_login
from tests.factories import PASSWORD, UserFactory
from tests.organisations.factories import MembershipFactory

pytestmark = pytest.mark.django_db

SETUP_URL = "/accounts/2fa/totp/activate/"
ADD_PASSKEY_URL = "/accounts/2fa/webauthn/add/"


def passkey_add(user, *, name: str = "Laptop") -> Authenticator:
    """A WebAuthn authenticator row as allauth stores it (the credential's keys are not read on these pages)."""
    credential = {"clientExtensionResults": {"credProps": {"rk": True}}}
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.WEBAUTHN, data={"name": name, "credential": credential}
    )


def coordinator_without_mfa():
    return MembershipFactory(role=Membership.Role.COORDINATOR, mfa=False).user


def test_a_passkey_alone_lets_someone_who_must_use_mfa_through_the_gate(client):
    coordinator = coordinator_without_mfa()
    passkey_add(coordinator)

    client.force_login(coordinator)

    assert selectors.user_mfa_enabled(user=coordinator)
    response = client.get(reverse("organisations:home"), follow=True)
    assert response.status_code == HTTPStatus.OK
    assert SETUP_URL not in [url for url, _status in response.redirect_chain]


def test_without_a_passkey_the_same_person_is_held(client):
    client.force_login(coordinator_without_mfa())

    assert client.get(reverse("organisations:home"))["Location"] == SETUP_URL


def test_someone_s_only_passkey_cannot_be_removed_when_their_role_requires_mfa():
    coordinator = coordinator_without_mfa()
    only = passkey_add(coordinator)
    learner = UserFactory()

    assert not MFAAdapter().can_delete_authenticator(only)
    assert MFAAdapter().can_delete_authenticator(passkey_add(learner))
    passkey_add(coordinator, name="Telefoon")
    assert MFAAdapter().can_delete_authenticator(only)


def test_the_set_up_page_offers_a_passkey_next_to_the_authenticator_app(client):
    password_login(client, coordinator_without_mfa())
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    setup = client.get(reverse("organisations:home"), follow=True)
    add = client.get(ADD_PASSKEY_URL)

    page = setup.content.decode()
    assert setup.request["PATH_INFO"] == SETUP_URL
    assert "data:image/svg+xml" in page  # the authenticator app's QR code is still there
    assert f'href="{ADD_PASSKEY_URL}"' in page and "Passkey toevoegen" in page
    assert add.status_code == HTTPStatus.OK
    assert "creation_options" in add.content.decode()  # what the browser's WebAuthn call is given
    assert add.context["form"]["passwordless"].value() is True  # a passkey, unless they untick it
    assert client.get(reverse("mfa_index")).status_code == HTTPStatus.OK


def test_the_passkey_pages_are_served_under_the_strict_content_security_policy(client):
    password_login(client, coordinator_without_mfa())
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    response = client.get(ADD_PASSKEY_URL)

    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy and "'nonce-" in policy
    page = response.content.decode()
    assert 'src="/static/mfa/js/webauthn.js"></script>' in page  # a file from 'self', not inline script
    assert "<script>" not in page


def test_the_list_of_passkeys_shows_them(client):
    coordinator = coordinator_without_mfa()
    passkey_add(coordinator, name="Werklaptop")
    client.force_login(coordinator)

    response = client.get(reverse("mfa_list_webauthn"))

    assert response.status_code == HTTPStatus.OK
    assert "Werklaptop" in response.content.decode()


def test_the_login_page_offers_signing_in_with_a_passkey(client):
    page = client.get(reverse("account_login")).content.decode()

    assert 'id="passkey_login"' in page
    assert reverse("mfa_login_webauthn") in page


def test_an_admin_s_reset_removes_passkeys_too(client, mfa_login):
    admin = UserFactory(is_staff=True, is_superuser=True)
    coordinator = MembershipFactory(role=Membership.Role.COORDINATOR).user  # TOTP and recovery codes
    passkey_add(coordinator)
    mfa_login(client, admin)

    client.post(
        reverse("admin:accounts_user_changelist"), {"action": "reset_mfa", "_selected_action": [coordinator.pk]}
    )

    assert not Authenticator.objects.filter(user=coordinator).exists()


@pytest.mark.parametrize(
    ("module", "allowed"),
    [
        ("elearning.settings.production", "False"),
        ("elearning.settings.test", "False"),
        ("elearning.settings.dev", "True"),
    ],
)
def test_only_development_accepts_a_webauthn_origin_it_cannot_check(module, allowed):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY", "ALLOWED_HOSTS"))}
    env.update(
        DJANGO_SETTINGS_MODULE=module,
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="signaal.example.nl",
        DATABASE_URL="sqlite:////tmp/signaal-passkey-check.sqlite3",
    )
    code = (
        "import django; django.setup(); from allauth.mfa import app_settings; "
        "print(app_settings.WEBAUTHN_ALLOW_INSECURE_ORIGIN)"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == allowed
