"""An editor held at the MFA gate adds a passkey, and then signs in with password and passkey, or the passkey alone.

Chromium's virtual authenticator (DevTools' WebAuthn domain) stands in for a phone or laptop: it answers the
page's WebAuthn calls as a platform authenticator whose user is verified (fingerprint or PIN) at once.
The live server runs on http://localhost, a secure context, and localhost is a valid relying party id.
"""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SETUP_URL = "/accounts/2fa/totp/activate/"
VIRTUAL_AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
}


def wagtail_editor():
    group = Group.objects.create(name="Redactie")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    user = UserFactory(email="redacteur@signaal.example")
    user.groups.add(group)
    return user


def authenticator_add(page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": VIRTUAL_AUTHENTICATOR})


def password_enter(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def reauthenticate(page) -> None:
    """allauth asks for the password once more before MFA changes, even right after logging in."""
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Bevestig").click()
    page.wait_for_url(lambda url: "/accounts/reauthenticate/" not in url)


def admin_reached(page) -> None:
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("body.wagtail-admin, #wagtail, [data-side-panel]").first).to_be_attached()


def log_out(page) -> None:
    page.goto("/accounts/logout/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/logout/" not in url)


def test_an_editor_adds_a_passkey_at_the_gate_and_signs_in_with_it(new_page):
    editor = wagtail_editor()
    page = new_page()
    authenticator_add(page)

    # Held at the gate: the set-up page offers the authenticator app and a passkey.
    password_enter(page, editor.email)
    page.goto("/admin/")
    reauthenticate(page)
    expect(page).to_have_url(re.compile(re.escape(SETUP_URL) + "$"))
    assert_accessible(page)
    page.get_by_role("link", name="Passkey toevoegen").click()

    # allauth's page; "Wachtwoordloos" is ticked, so the key will also sign in on its own.
    expect(page.get_by_label("Wachtwoordloos")).to_be_checked()
    assert_accessible(page)
    page.locator("#mfa_webauthn_add").click()
    page.wait_for_url("**/accounts/2fa/recovery-codes/")  # the first key comes with recovery codes to write down
    passkey = Authenticator.objects.get(user=editor, type=Authenticator.Type.WEBAUTHN)
    assert passkey.wrap().is_passwordless is True
    admin_reached(page)
    log_out(page)

    # Password, then the passkey as the second factor.
    password_enter(page, editor.email)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.locator("#mfa_webauthn_authenticate").click()
    page.wait_for_url(lambda url: "/accounts/2fa/" not in url)
    admin_reached(page)
    log_out(page)

    # The passkey alone: no e-mail address, no password.
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Meld je aan met een passkey").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    admin_reached(page)
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None


def test_the_set_up_page_fits_a_phone(new_page):
    editor = wagtail_editor()
    page = new_page(width=375, height=800)

    password_enter(page, editor.email)
    page.goto(SETUP_URL)
    reauthenticate(page)

    expect(page.get_by_role("link", name="Passkey toevoegen")).to_be_visible()
    assert_no_horizontal_scroll(page)
