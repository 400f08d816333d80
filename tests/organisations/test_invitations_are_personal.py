"""An invitation link is accepted only by the invited address, verified: not by whoever holds the link."""

import re
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import translation
from django.utils.html import escape

from organisations.models import Invitation, Membership
from organisations.services import (
    INVITATION_EMAIL_UNVERIFIED,
    INVITATION_OTHER_ACCOUNT,
    INVITATION_USED,
    invitation_create,
)
from tests.factories import UserFactory
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Gemeente Zaanstad")


@pytest.fixture
def link(organisation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(organisation=organisation, email="anna@example.org")
    return re.search(r"/organisatie/uitnodiging/\S+/", mail.outbox[-1].body).group(0)


def _says(response, message) -> bool:
    with translation.override("nl"):
        return escape(str(message)) in response.content.decode()


def _nothing_changed(organisation) -> bool:
    return (
        not Membership.objects.filter(organisation=organisation).exists()
        and not Invitation.objects.filter(accepted_at__isnull=False).exists()
    )


@pytest.mark.parametrize("method", ["get", "post"])
def test_someone_logged_in_with_another_address_is_told_in_dutch_and_nothing_changes(
    client, organisation, link, method
):
    client.force_login(UserFactory(email="bram@example.org"))

    response = getattr(client, method)(link, HTTP_ACCEPT_LANGUAGE="nl")

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert _says(response, INVITATION_OTHER_ACCOUNT)
    assert "Deze uitnodiging is naar een ander e-mailadres gestuurd" in response.content.decode()
    assert _nothing_changed(organisation)


def test_the_invited_address_not_yet_verified_cannot_accept(client, organisation, link):
    anna = UserFactory(email="anna@example.org", verified=False)
    EmailAddress.objects.create(user=anna, email=anna.email, verified=False, primary=True)
    client.force_login(anna)

    response = client.post(link, HTTP_ACCEPT_LANGUAGE="nl")

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert _says(response, INVITATION_EMAIL_UNVERIFIED)
    assert _nothing_changed(organisation)


def test_a_stolen_link_is_refused_and_still_works_for_the_invited_person(client, organisation, link):
    client.force_login(UserFactory(email="dief@example.org"))
    assert client.post(link).status_code == HTTPStatus.FORBIDDEN
    assert _nothing_changed(organisation)

    anna = UserFactory(email="Anna@Example.org")
    client.force_login(anna)
    assert client.get(link).status_code == HTTPStatus.OK
    assert client.post(link).status_code == HTTPStatus.FOUND
    assert Membership.objects.filter(organisation=organisation).get().user == anna


def test_a_replayed_link_is_gone_and_changes_nothing(client, organisation, link):
    anna = UserFactory(email="anna@example.org")
    client.force_login(anna)
    client.post(link)
    other = UserFactory(email="bram@example.org")
    client.force_login(other)

    replayed = client.post(link, HTTP_ACCEPT_LANGUAGE="nl")

    assert replayed.status_code == HTTPStatus.GONE
    assert _says(replayed, INVITATION_USED)
    assert list(Membership.objects.filter(organisation=organisation).values_list("user", flat=True)) == [anna.pk]


def test_signing_up_through_the_link_takes_the_invited_address(client, organisation, link):
    passwords = {"password1": "een-lang-wachtwoord", "password2": "een-lang-wachtwoord"}
    response = client.post(link, {"first_name": "Anna", "last_name": "Jansen", **passwords})

    assert response.status_code == HTTPStatus.FOUND
    membership = Membership.objects.get(organisation=organisation)
    assert membership.user.email == "anna@example.org"
    assert EmailAddress.objects.filter(user=membership.user, email="anna@example.org", verified=True).exists()
