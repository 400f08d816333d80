import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from organisations.models import Invitation, Membership, TeamMembership
from organisations.services import INVITATION_EXPIRED, INVITATION_USED, invitation_create
from tests.factories import PASSWORD, UserFactory
from tests.organisations.factories import OrganisationFactory, TeamFactory, coordinator_of

pytestmark = pytest.mark.django_db

ROSTER = "e-mail;voornaam;achternaam;team\nanna@example.org;Anna;Jansen;Wmo\nbram@example.org;Bram;Bakker;\n"


@pytest.fixture
def organisation():
    organisation = OrganisationFactory()
    TeamFactory(organisation=organisation, name="Wmo")
    return organisation


@pytest.fixture
def coordinator_client(client, organisation):
    client.force_login(coordinator_of(organisation).user)
    return client


def _upload(client, organisation, content: bytes, name="lijst.csv"):
    return client.post(
        reverse("organisations:import", args=[organisation.pk]), {"file": SimpleUploadedFile(name, content)}
    )


def _confirm(client, organisation):
    return client.post(reverse("organisations:import_confirm", args=[organisation.pk]))


def _link_from(message) -> str:
    return re.search(r"http://\S+/organisatie/uitnodiging/\S+/", message.body).group(0).split("8000", 1)[1]


def test_import_shows_a_dry_run_and_imports_nothing_yet(coordinator_client, organisation):
    response = _upload(coordinator_client, organisation, ROSTER.encode())

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "anna@example.org" in html and "bram@example.org" in html
    assert not Invitation.objects.exists()


def test_confirming_invites_everyone_once_and_importing_again_changes_nothing(
    coordinator_client, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _upload(coordinator_client, organisation, ROSTER.encode())
        _confirm(coordinator_client, organisation)
        _upload(coordinator_client, organisation, ROSTER.encode())
        _confirm(coordinator_client, organisation)

    assert Invitation.objects.filter(organisation=organisation).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "bram@example.org"]


def test_a_file_with_a_bad_row_cannot_be_confirmed_and_nothing_is_half_imported(coordinator_client, organisation):
    bad = ROSTER + "geen-adres;X;Y;\nanna@example.org;Dubbel;Jansen;\ncem@example.org;Cem;Y;Onbekend\n"

    html = _upload(coordinator_client, organisation, bad.encode()).content.decode()
    _confirm(coordinator_client, organisation)

    assert "geen-adres" in html and 'role="alert"' in html
    assert reverse("organisations:import_confirm", args=[organisation.pk]) not in html
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("content", [b"\x00\x01\x02PK\x03\x04" * 100, b"a@example.org;A;B;\n" * 600_000])
def test_a_binary_or_oversized_file_gets_one_clear_message(coordinator_client, organisation, content):
    response = _upload(coordinator_client, organisation, content)

    assert response.status_code == HTTPStatus.OK
    assert 'role="alert"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_accepting_an_invitation_creates_the_account_and_joins_the_team(
    client, organisation, django_capture_on_commit_callbacks
):
    coordinator = coordinator_of(organisation)
    client.force_login(coordinator.user)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, organisation, ROSTER.encode())
        _confirm(client, organisation)
    client.logout()
    link = _link_from(next(m for m in mail.outbox if m.to == ["anna@example.org"]))

    response = client.post(
        link,
        {
            "first_name": "Anna",
            "last_name": "Jansen",
            "password1": "een-lang-wachtwoord",
            "password2": "een-lang-wachtwoord",
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    user = User.objects.get(email="anna@example.org")
    membership = Membership.objects.get(user=user, organisation=organisation)
    assert TeamMembership.objects.filter(membership=membership, team__name="Wmo").exists()
    assert client.session["_auth_user_id"] == str(user.pk)


def test_an_existing_account_is_linked_after_logging_in(client, organisation, django_capture_on_commit_callbacks):
    existing = UserFactory(email="anna@example.org")
    client.force_login(coordinator_of(organisation).user)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, organisation, ROSTER.encode())
        _confirm(client, organisation)
    link = _link_from(next(m for m in mail.outbox if m.to == ["anna@example.org"]))
    client.logout()

    assert "/accounts/login/" in client.get(link).content.decode()
    client.post("/accounts/login/", {"login": existing.email, "password": PASSWORD})
    client.post(link)

    assert Membership.objects.filter(user=existing, organisation=organisation).exists()


def test_a_used_invitation_link_says_what_to_do(client, organisation, django_capture_on_commit_callbacks):
    client.force_login(coordinator_of(organisation).user)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, organisation, ROSTER.encode())
        _confirm(client, organisation)
    link = _link_from(next(m for m in mail.outbox if m.to == ["bram@example.org"]))
    bram = UserFactory(email="bram@example.org")
    client.force_login(bram)
    client.post(link)

    again = client.get(link)

    assert again.status_code == HTTPStatus.GONE
    assert str(INVITATION_USED) in again.content.decode()


def test_an_expired_invitation_link_says_what_to_do(client, organisation, django_capture_on_commit_callbacks):
    client.force_login(coordinator_of(organisation).user)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, organisation, ROSTER.encode())
        _confirm(client, organisation)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    link = _link_from(mail.outbox[0])

    response = client.get(link)

    assert response.status_code == HTTPStatus.GONE
    assert str(INVITATION_EXPIRED) in response.content.decode()


def test_a_made_up_invitation_link_is_not_found(client):
    assert client.get("/organisatie/uitnodiging/verzonnen-token/").status_code == HTTPStatus.NOT_FOUND


def test_a_single_invitation_to_a_team_joins_that_team(client, organisation, django_capture_on_commit_callbacks):
    team = organisation.teams.get(name="Wmo")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(organisation=organisation, email="Cem@Example.org", team=team)
    link = _link_from(mail.outbox[0])

    client.post(
        link,
        {"first_name": "Cem", "last_name": "Y", "password1": "een-lang-wachtwoord", "password2": "een-lang-wachtwoord"},
    )

    assert invitation.team == team
    assert TeamMembership.objects.filter(team=team, membership__user__email="cem@example.org").exists()
