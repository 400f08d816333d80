"""Two doors accounts opens to the apps above it: a second factor done by a trusted identity provider, and a policy
that may refuse password login for an address (identity uses both; tests/identity tests them end to end)."""

from http import HTTPStatus

import pytest
from django.test import RequestFactory

from accounts.mfa import session_mfa_external, session_mfa_external_set, session_mfa_pending
from tests.accounts.conftest import logged_in_user_id, password_login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REFUSAL = "Uw organisatie laat u alleen via haar eigen account inloggen."


def refuse_example_org(*, email: str) -> str | None:
    return REFUSAL if email.lower().endswith("@org.example") else None


def _request(user):
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.session["_auth_user_id"] = str(user.pk)
    request.user = user
    return request


def test_a_staff_member_without_mfa_is_held_until_a_provider_vouches_for_their_second_factor():
    staff = UserFactory(is_staff=True, mfa=False)
    request = _request(staff)
    assert session_mfa_pending(request)

    session_mfa_external_set(request, user=staff)

    assert session_mfa_external(request, user=staff) and not session_mfa_pending(request)


def test_the_provider_s_second_factor_counts_only_for_the_user_it_was_given_to():
    staff, other = UserFactory(is_staff=True, mfa=False), UserFactory(is_staff=True, mfa=False)
    request = _request(staff)
    session_mfa_external_set(request, user=staff)

    assert not session_mfa_external(request, user=other)
    request.session["_auth_user_id"] = str(other.pk)
    request.user = other
    assert session_mfa_pending(request)


def test_the_password_policy_refuses_with_its_own_sentence_and_logs_no_one_in(client, settings):
    settings.ACCOUNTS_PASSWORD_LOGIN_POLICY = "tests.accounts.test_mfa_external_and_password_policy.refuse_example_org"
    refused, allowed = UserFactory(email="jan@org.example"), UserFactory(email="jan@elders.example")

    response = password_login(client, refused)

    assert response.status_code == HTTPStatus.OK and REFUSAL in response.content.decode()
    assert logged_in_user_id(client) is None
    assert password_login(client, allowed).status_code == HTTPStatus.FOUND


def test_without_a_policy_every_address_may_use_its_password(client, settings):
    settings.ACCOUNTS_PASSWORD_LOGIN_POLICY = ""
    assert password_login(client, UserFactory(email="jan@org.example")).status_code == HTTPStatus.FOUND
