"""Single sign-on per organisation, against a real OpenID Connect provider through the real redirects.

The provider (django-oauth-toolkit, tests/identity/idp.py) runs in the live server under another host name; a
person's browser is a requests session that follows every redirect. No token is made by the test: the provider
signs them, and misbehaves only where a test tells it to.
"""

import html
import time
from datetime import timedelta
from urllib.parse import unquote, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import override

from identity import messages
from organisations.models import Invitation, Membership
from tests.factories import PASSWORD, UserFactory
from tests.identity import scenario
from tests.identity.conftest import DOMAIN

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WORK_EMAIL = f"sanne@{DOMAIN}"
LOGIN = "sanne@idp.test"  # her account at the provider


def _invite(provider, email=WORK_EMAIL) -> Invitation:
    return Invitation.objects.create(
        organisation=provider.sso.organisation, email=email, expires_at=timezone.now() + timedelta(days=7)
    )


def _says(response, message, **params) -> bool:
    with override("nl"):
        expected = str(message) % params if params else str(message)
    return expected in html.unescape(response.text)


def _rows() -> dict:
    return {
        "users": get_user_model().objects.count(),
        "social": SocialAccount.objects.count(),
        "memberships": Membership.objects.count(),
        "addresses": EmailAddress.objects.count(),
    }


def _logged_in(browser) -> bool:
    return urlsplit(browser.get("/mijn-gegevens/").url).path == "/mijn-gegevens/"


def test_an_invited_person_signs_in_with_their_organisation_and_becomes_a_member(provider):
    _invite(provider)
    provider.account(LOGIN, email=WORK_EMAIL, given_name="Sanne", family_name="de Vries")
    browser = provider.browser()

    response = browser.sso_login(work_email=WORK_EMAIL, provider_account=LOGIN)

    assert response.status_code == 200 and response.url.endswith("/mijn-leren/")
    assert any("/test-idp/o/authorize/" in step.url for step in response.history)
    user = get_user_model().objects.get(email=WORK_EMAIL)
    assert user.first_name == "Sanne" and not user.has_usable_password()
    assert user.emailaddress_set.get().verified
    assert Membership.objects.filter(organisation=provider.sso.organisation, user=user).exists()
    assert Invitation.objects.get(email=WORK_EMAIL).accepted_at is not None
    assert SocialAccount.objects.get(user=user).provider == provider.sso.slug
    assert _logged_in(browser)


def test_the_second_sign_in_finds_the_same_account(provider):
    _invite(provider)
    provider.account(LOGIN, email=WORK_EMAIL)
    provider.browser().sso_login(work_email=WORK_EMAIL, provider_account=LOGIN)
    before = _rows()

    browser = provider.browser()
    response = browser.sso_login(work_email=WORK_EMAIL, provider_account=LOGIN)

    assert response.url.endswith("/mijn-leren/") and _logged_in(browser)
    assert _rows() == before


def test_an_existing_member_is_matched_by_verified_address_and_keeps_their_account(provider):
    member = UserFactory(email=WORK_EMAIL)
    Membership.objects.create(organisation=provider.sso.organisation, user=member)
    provider.account(LOGIN, email=WORK_EMAIL.upper())

    browser = provider.browser()
    response = browser.sso_login(work_email=WORK_EMAIL, provider_account=LOGIN)

    assert response.url.endswith("/mijn-leren/")
    assert SocialAccount.objects.get(provider=provider.sso.slug).user == member
    assert get_user_model().objects.filter(email__iexact=WORK_EMAIL).count() == 1


def test_anyone_of_the_domain_joins_when_the_organisation_allows_it(provider):
    provider.sso.self_join = True
    provider.sso.save()
    provider.account(LOGIN, email=WORK_EMAIL)

    response = provider.browser().sso_login(work_email=WORK_EMAIL, provider_account=LOGIN)

    assert response.url.endswith("/mijn-leren/")
    membership = Membership.objects.get(user__email=WORK_EMAIL)
    assert membership.organisation == provider.sso.organisation and membership.role == Membership.Role.MEMBER


def test_someone_not_invited_is_refused_and_nothing_is_created(provider):
    provider.account(LOGIN, email=WORK_EMAIL)
    before = _rows()

    response = provider.browser().sso_login(work_email=WORK_EMAIL, provider_account=LOGIN)

    assert response.status_code == 403
    assert _says(response, messages.SSO_NOT_INVITED, organisation="Gemeente Noord")
    assert _rows() == before


def test_an_unverified_address_is_refused_and_nothing_is_created(provider):
    _invite(provider)
    provider.account(LOGIN, email=WORK_EMAIL, email_verified=False)
    before = _rows()

    response = provider.browser().sso_login(work_email=WORK_EMAIL, provider_account=LOGIN)

    assert response.status_code == 403 and _says(response, messages.SSO_EMAIL_UNVERIFIED)
    assert _rows() == before


def test_an_address_of_another_domain_is_refused(provider):
    _invite(provider, email="sanne@elders.example")
    provider.account(LOGIN, email="sanne@elders.example")
    before = _rows()

    response = provider.browser().sso_login(work_email=WORK_EMAIL, provider_account=LOGIN)

    assert response.status_code == 403 and _says(response, messages.SSO_DOMAIN_NOT_OURS)
    assert _rows() == before


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"iss": "http://127.0.0.1:1/another-issuer"}, messages.SSO_WRONG_ISSUER),
        ({"aud": "another-application"}, messages.SSO_WRONG_AUDIENCE),
        ({"exp": int(time.time()) - 600}, messages.SSO_EXPIRED),
        ({"nonce": "from-another-sign-in"}, messages.SSO_REPLAYED),
    ],
    ids=["another-issuer", "wrong-audience", "expired", "another-nonce"],
)
def test_a_bad_id_token_is_refused_with_a_clear_message_and_nothing_is_created(provider, override, message):
    _invite(provider)
    provider.account(LOGIN, email=WORK_EMAIL)
    scenario.ID_TOKEN_OVERRIDES.update(override)
    before = _rows()
    browser = provider.browser()

    response = browser.sso_login(work_email=WORK_EMAIL, provider_account=LOGIN)

    assert response.status_code in (400, 403), response.text[:500]
    assert _says(response, message)
    assert _rows() == before and not _logged_in(browser)


def test_a_replayed_callback_is_refused(provider):
    _invite(provider)
    provider.account(LOGIN, email=WORK_EMAIL)
    browser = provider.browser()
    response = browser.sso_login(work_email=WORK_EMAIL, provider_account=LOGIN)
    callback = next(step.url for step in response.history if "/login/callback/" in step.url)
    before = _rows()

    in_the_same_browser = browser.http.get(callback)
    thief = provider.browser()
    in_another_browser = thief.http.get(callback)

    assert in_the_same_browser.status_code == 400 and _says(in_the_same_browser, messages.SSO_REPLAYED)
    assert in_another_browser.status_code == 400 and _says(in_another_browser, messages.SSO_REPLAYED)
    assert not _logged_in(thief)
    assert _rows() == before


def test_an_address_whose_domain_has_no_provider_is_told_to_use_the_password(provider):
    browser = provider.browser()
    response = browser.sso_login(work_email="piet@nergens.example", provider_account=LOGIN)
    assert response.status_code == 400
    assert _says(response, messages.SSO_UNKNOWN_DOMAIN, domain="nergens.example")


def test_password_login_can_be_switched_off_for_the_organisation(provider, client):
    member = UserFactory(email=WORK_EMAIL)
    Membership.objects.create(organisation=provider.sso.organisation, user=member)

    assert client.post("/accounts/login/", {"login": WORK_EMAIL, "password": PASSWORD}).status_code == 302
    client.logout()
    provider.sso.password_login = False
    provider.sso.save()
    refused = client.post("/accounts/login/", {"login": WORK_EMAIL, "password": PASSWORD})

    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    with override("nl"):
        assert str(messages.PASSWORD_LOGIN_OFF) % {"organisation": "Gemeente Noord"} in html.unescape(
            refused.content.decode()
        )
    other = UserFactory(email="iemand@elders.example")
    assert client.post("/accounts/login/", {"login": other.email, "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize(("amr", "mfa_asked"), [(["pwd", "mfa"], False), (["pwd"], True)])
def test_the_provider_s_mfa_counts_for_a_coordinator(provider, amr, mfa_asked):
    coordinator = UserFactory(email=WORK_EMAIL)
    Membership.objects.create(organisation=provider.sso.organisation, user=coordinator, role="coordinator")
    provider.account(LOGIN, email=WORK_EMAIL, amr=amr)
    browser = provider.browser()

    browser.sso_login(work_email=WORK_EMAIL, provider_account=LOGIN)
    page = browser.get("/organisatie/")

    assert ("/accounts/2fa/" in unquote(page.url)) is mfa_asked


def test_an_account_disabled_at_the_provider_loses_its_session_and_cannot_sign_in_again(provider, settings):
    settings.IDENTITY_SSO_RECHECK_SECONDS = 0
    _invite(provider)
    at_provider = provider.account(LOGIN, email=WORK_EMAIL)
    browser = provider.browser()
    browser.sso_login(work_email=WORK_EMAIL, provider_account=LOGIN)
    assert _logged_in(browser)  # the provider confirms the session (a refresh-token grant)

    at_provider.is_active = False
    at_provider.save()
    ended = browser.get("/mijn-gegevens/")

    assert "/accounts/login/" in ended.url and _says(ended, messages.SSO_ACCESS_ENDED)
    assert not _logged_in(browser)
    again = provider.browser().sso_login(work_email=WORK_EMAIL, provider_account=LOGIN)
    assert "/test-idp/login/" in again.url  # the provider no longer signs this account in


def test_someone_without_a_password_deletes_their_account_after_a_fresh_sign_in(provider):
    _invite(provider)
    provider.account(LOGIN, email=WORK_EMAIL)
    browser = provider.browser()
    browser.sso_login(work_email=WORK_EMAIL, provider_account=LOGIN)

    page = browser.get("/mijn-gegevens/account-verwijderen/")
    token = page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    done = browser.http.post(
        page.url, data={"csrfmiddlewaretoken": token, "confirm": "on"}, headers={"Referer": page.url}
    )

    assert done.status_code == 200
    assert not get_user_model().objects.filter(email=WORK_EMAIL).exists()
    assert not SocialAccount.objects.exists()


def test_an_organisation_account_cannot_be_linked_from_the_account_pages(provider):
    someone = UserFactory(email="iemand@elders.example")
    provider.account(LOGIN, email=WORK_EMAIL)
    browser = provider.browser()
    login_page = browser.get("/accounts/login/")
    token = login_page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    browser.http.post(
        login_page.url,
        data={"csrfmiddlewaretoken": token, "login": someone.email, "password": PASSWORD},
        headers={"Referer": login_page.url},
    )
    assert _logged_in(browser)
    connect_page = browser.get(f"/accounts/oidc/{provider.sso.slug}/login/?process=connect")
    token = connect_page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    at_provider = browser.http.post(
        connect_page.url, data={"csrfmiddlewaretoken": token}, headers={"Referer": connect_page.url}
    )
    before = _rows()

    response = browser.http.post(at_provider.url, data={"email": LOGIN, "password": PASSWORD})

    assert response.status_code == 403 and _says(response, messages.SSO_CONNECT_REFUSED)
    assert _rows() == before and not SocialAccount.objects.exists()
