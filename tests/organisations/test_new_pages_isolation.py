"""A coordinator of another organisation gets a 404 on every people, report, export and reminder page, and
nothing changes; a plain member gets the same."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from organisations.models import FormerMember, Invitation, Membership, Team
from tests.organisations.factories import MembershipFactory, OrganisationFactory, TeamFactory, coordinator_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def municipality():
    organisation = OrganisationFactory()
    coordinator_of(organisation)
    TeamFactory(organisation=organisation, name="Wmo-loket")
    return organisation


@pytest.fixture
def member(municipality):
    return MembershipFactory(organisation=municipality)


@pytest.fixture
def invitation(municipality):
    return Invitation.objects.create(
        organisation=municipality, email="open@example.org", expires_at=timezone.now() + timedelta(days=3)
    )


def urls(organisation, member, invitation):
    o, m = organisation.pk, member.pk
    return {
        "members": reverse("organisations:members", args=[o]),
        "person": reverse("organisations:person", args=[o, m]),
        "person_role": reverse("organisations:person_role", args=[o, m]),
        "person_teams": reverse("organisations:person_teams", args=[o, m]),
        "person_remove": reverse("organisations:person_remove", args=[o, m]),
        "former_members": reverse("organisations:former_members", args=[o]),
        "invitation_revoke": reverse("organisations:invitation_revoke", args=[o, invitation.pk]),
        "invitation_resend": reverse("organisations:invitation_resend", args=[o, invitation.pk]),
        "export": reverse("organisations:export", args=[o]),
        "export_xlsx": reverse("organisations:export_xlsx", args=[o]),
        "remind": reverse("organisations:remind", args=[o]),
        "import_template_csv": reverse("organisations:import_template", args=[o, "csv"]),
        "import_template_xlsx": reverse("organisations:import_template", args=[o, "xlsx"]),
        "report": reverse("organisations:report", args=[o]),
    }


NAMES = [
    "members",
    "person",
    "person_role",
    "person_teams",
    "person_remove",
    "former_members",
    "invitation_revoke",
    "invitation_resend",
    "export",
    "export_xlsx",
    "remind",
    "import_template_csv",
    "import_template_xlsx",
    "report",
]


@pytest.mark.parametrize("name", NAMES)
def test_a_coordinator_of_another_organisation_gets_404_and_changes_nothing(
    client, municipality, member, invitation, name
):
    client.force_login(coordinator_of(OrganisationFactory()).user)
    url = urls(municipality, member, invitation)[name]

    assert client.get(url).status_code in (HTTPStatus.NOT_FOUND, HTTPStatus.METHOD_NOT_ALLOWED)
    assert (
        client.post(url, {"role": "admin", "teams": [], "email": "x@example.org"}).status_code == HTTPStatus.NOT_FOUND
    )
    assert Membership.objects.filter(pk=member.pk, role=Membership.Role.MEMBER).exists()
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    assert not FormerMember.objects.exists()


@pytest.mark.parametrize("name", NAMES)
def test_a_plain_member_gets_404(client, municipality, member, invitation, name):
    client.force_login(MembershipFactory(organisation=municipality).user)
    url = urls(municipality, member, invitation)[name]

    assert client.post(url, {"role": "admin"}).status_code == HTTPStatus.NOT_FOUND
    assert Membership.objects.filter(pk=member.pk, role=Membership.Role.MEMBER).exists()


def test_a_person_of_another_organisation_is_404_under_my_own_organisation(client, municipality):
    mine = OrganisationFactory()
    client.force_login(coordinator_of(mine).user)
    foreign = MembershipFactory(organisation=municipality)

    for name in ("person", "person_remove", "person_role", "person_teams"):
        url = reverse(f"organisations:{name}", args=[mine.pk, foreign.pk])
        assert client.post(url, {"role": "admin"}).status_code == HTTPStatus.NOT_FOUND
    assert Membership.objects.filter(pk=foreign.pk, role=Membership.Role.MEMBER).exists()


def test_revoking_an_invitation_of_another_organisation_under_my_own_is_404(client, municipality, invitation):
    mine = OrganisationFactory()
    client.force_login(coordinator_of(mine).user)

    url = reverse("organisations:invitation_revoke", args=[mine.pk, invitation.pk])

    assert client.post(url).status_code == HTTPStatus.NOT_FOUND
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_reminding_a_team_of_another_organisation_is_refused(client, municipality):
    mine = OrganisationFactory()
    client.force_login(coordinator_of(mine).user)
    foreign_team = Team.objects.get(organisation=municipality)

    response = client.post(
        reverse("organisations:remind", args=[mine.pk]), {"remind-team": foreign_team.pk}, follow=True
    )

    assert response.status_code == HTTPStatus.OK
    assert "eigen organisatie" in response.text or "own organisation" in response.text
