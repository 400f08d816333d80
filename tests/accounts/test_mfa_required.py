"""MFA is required for editors, staff, superusers, coordinators and organisation admins; others may opt in."""

import time
from http import HTTPStatus
from urllib.parse import quote

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts import sessions
from accounts.adapter import MFAAdapter
from accounts.middleware import MFA_SETUP_REQUIRED
from organisations.models import Membership
from tests.accounts.conftest import MFA_URL, logged_in_user_id, password_login
from tests.factories import PASSWORD, UserFactory, mfa_enable
from tests.organisations.factories import MembershipFactory

pytestmark = pytest.mark.django_db

SETUP_URL = "/accounts/2fa/totp/activate/"
REAUTHENTICATE_URL = "/accounts/reauthenticate/"


def editor_in_group():
    group = Group.objects.create(name="Redactie")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    user = UserFactory()
    user.groups.add(group)
    return user


def member(role):
    return MembershipFactory(role=role, mfa=False).user


ROLES = {
    "superuser": lambda: UserFactory(is_staff=True, is_superuser=True, mfa=False),
    "staff": lambda: UserFactory(is_staff=True, mfa=False),
    "wagtail editor": editor_in_group,
    "coordinator": lambda: member(Membership.Role.COORDINATOR),
    "organisation admin": lambda: member(Membership.Role.ADMIN),
}


def blocked_urls():
    membership = Membership.objects.first()
    urls = ["/", reverse("dashboard"), "/admin/", "/django-admin/", reverse("organisations:home")]
    if membership is not None:
        urls += [
            reverse("organisations:report", args=[membership.organisation_id]),
            reverse("organisations:export", args=[membership.organisation_id]),
        ]
    return urls


@pytest.mark.parametrize("role", ROLES)
def test_a_role_that_requires_mfa_can_reach_nothing_but_its_set_up(client, role):
    user = ROLES[role]()
    password_login(client, user)
    assert logged_in_user_id(client) == str(user.pk)

    for url in blocked_urls():
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND, url
        assert response["Location"] == SETUP_URL, url
    assert client.post(blocked_urls()[-1])["Location"] == SETUP_URL


def test_the_set_up_pages_are_reachable_so_the_redirect_does_not_loop(client):
    user = ROLES["coordinator"]()
    password_login(client, user)

    asked = client.get("/organisatie/", follow=True)
    again = client.post(asked.request["PATH_INFO"] + "?" + asked.request["QUERY_STRING"], {"password": PASSWORD})
    setup = client.get(again["Location"])

    # allauth asks for the password once more before MFA changes; that page is reachable too
    assert [url for url, _status in asked.redirect_chain] == [
        SETUP_URL,
        f"{REAUTHENTICATE_URL}?next={quote(SETUP_URL, safe='')}",
    ]
    assert translation.gettext(str(MFA_SETUP_REQUIRED))[:40] in asked.content.decode()
    assert again["Location"] == SETUP_URL
    assert setup.status_code == HTTPStatus.OK
    assert "data:image/svg+xml" in setup.content.decode()  # the QR code to scan
    assert client.get("/accounts/2fa/").status_code == HTTPStatus.OK
    assert client.get("/accounts/2fa/recovery-codes/generate/").status_code == HTTPStatus.OK
    assert client.get("/.well-known/security.txt").status_code == HTTPStatus.OK
    assert client.get("/static/css/signaal.css").status_code != HTTPStatus.FOUND


def test_logging_out_stays_possible(client):
    user = ROLES["staff"]()
    password_login(client, user)

    client.post(reverse("account_logout"))

    assert logged_in_user_id(client) is None


def test_after_setting_up_totp_the_platform_opens(client):
    user = ROLES["coordinator"]()
    password_login(client, user)
    client.post(REAUTHENTICATE_URL, {"password": PASSWORD})
    client.get(SETUP_URL)
    secret = client.session[SECRET_SESSION_KEY]

    activated = client.post(SETUP_URL, {"code": format_hotp_value(hotp_value(secret, int(time.time()) // 30))})

    assert activated["Location"] == reverse("mfa_view_recovery_codes")
    assert client.get(activated["Location"]).status_code == HTTPStatus.OK  # the recovery codes, to write down
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("organisations:home")).get("Location") != SETUP_URL


def test_learners_are_not_obliged_but_may_opt_in(client):
    learner = UserFactory()
    password_login(client, learner)

    assert client.get(reverse("dashboard")).status_code == HTTPStatus.OK
    client.post(REAUTHENTICATE_URL, {"password": PASSWORD})
    assert client.get(SETUP_URL).status_code == HTTPStatus.OK


def test_a_learner_who_becomes_a_coordinator_is_held_within_a_minute(client, monkeypatch):
    learner = UserFactory()
    password_login(client, learner)
    assert client.get(reverse("dashboard")).status_code == HTTPStatus.OK
    MembershipFactory(user=learner, role=Membership.Role.COORDINATOR, mfa=False)

    later = sessions.now() + sessions.WRITE_EVERY_SECONDS
    monkeypatch.setattr(sessions, "now", lambda: later)

    assert client.get(reverse("dashboard"))["Location"] == SETUP_URL


def test_recovery_codes_work_as_the_second_factor_once_each(client, mfa_login):
    coordinator = MembershipFactory(role=Membership.Role.COORDINATOR).user
    code = RecoveryCodes(Authenticator.objects.get(user=coordinator, type=Authenticator.Type.RECOVERY_CODES))
    first = code.get_unused_codes()[0]

    response = mfa_login(client, coordinator, code=first)

    assert logged_in_user_id(client) == str(coordinator.pk)
    assert client.get(response["Location"]).status_code == HTTPStatus.OK
    assert client.get(reverse("organisations:home")).get("Location") != SETUP_URL
    client.post(reverse("account_logout"))
    password_login(client, coordinator)
    client.post(MFA_URL, {"code": first})
    assert logged_in_user_id(client) is None


def test_a_wrong_code_makes_no_session(client):
    editor = UserFactory(is_staff=True, is_superuser=True)
    password_login(client, editor)

    response = client.post(MFA_URL, {"code": "000000"})

    assert response.status_code == HTTPStatus.OK
    assert logged_in_user_id(client) is None


def test_an_admin_resets_someone_s_mfa_and_the_log_says_who(client, mfa_login):
    admin = UserFactory(is_staff=True, is_superuser=True)
    coordinator = MembershipFactory(role=Membership.Role.COORDINATOR).user
    mfa_login(client, admin)

    response = client.post(
        reverse("admin:accounts_user_changelist"), {"action": "reset_mfa", "_selected_action": [coordinator.pk]}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert not Authenticator.objects.filter(user=coordinator).exists()
    entry = LogEntry.objects.get(object_id=str(coordinator.pk))
    assert entry.user == admin and admin.email in entry.change_message
    other = client.__class__()
    password_login(other, coordinator)
    assert logged_in_user_id(other) == str(coordinator.pk)  # no second factor left to ask for ...
    assert other.get(reverse("organisations:home"))["Location"] == SETUP_URL  # ... so they must set it up


def test_someone_who_must_use_mfa_cannot_switch_off_their_last_authenticator():
    coordinator = MembershipFactory(role=Membership.Role.COORDINATOR).user
    learner = UserFactory()
    mfa_enable(learner)
    adapter = MFAAdapter()

    assert not adapter.can_delete_authenticator(Authenticator.objects.get(user=coordinator, type="totp"))
    assert adapter.can_delete_authenticator(Authenticator.objects.get(user=learner, type="totp"))
    assert adapter.can_delete_authenticator(Authenticator.objects.get(user=coordinator, type="recovery_codes"))


@pytest.mark.parametrize("path", ["/mijn-leren/", "/"])
def test_the_session_middlewares_add_no_query_to_a_learner_s_page(client, settings, path):
    client.force_login(UserFactory())

    def count() -> int:
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        return len(captured)

    with_them = count()
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.startswith("accounts.")]
    without_them = count()

    assert with_them == without_them
