"""Importing a staff list keeps the organisation in step: new rows invite, changed teams move, unknown teams are
offered for creation, people missing from the list can be removed; all shown in the dry run, nothing written before
the confirm, every row error names its line and reason."""

import io
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from organisations.models import FormerMember, Invitation, Membership, Team, TeamMembership
from tests.organisations.factories import MembershipFactory, OrganisationFactory, TeamFactory, coordinator_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    organisation = OrganisationFactory()
    wmo = TeamFactory(organisation=organisation, name="Wmo")
    TeamFactory(organisation=organisation, name="Handhaving")
    anna = MembershipFactory(organisation=organisation, user__email="anna@example.org", user__first_name="Anna")
    TeamMembership.objects.create(team=wmo, membership=anna)
    MembershipFactory(organisation=organisation, user__email="vertrokken@example.org")
    return organisation


@pytest.fixture
def coordinator(organisation):
    return coordinator_of(organisation)


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator.user)
    return client


ROSTER = "e-mail;voornaam;achternaam;team\nanna@example.org;Anna;J;Handhaving\nnieuw@example.org;Nina;N;Jeugd\n"


def upload(client, organisation, content, name="lijst.csv", remove_missing=False):
    data = {"file": SimpleUploadedFile(name, content)}
    if remove_missing:
        data["remove_missing"] = "on"
    return client.post(reverse("organisations:import", args=[organisation.pk]), data)


def confirm(client, organisation, **data):
    return client.post(reverse("organisations:import_confirm", args=[organisation.pk]), data, follow=True)


def snapshot():
    return (
        Invitation.objects.count(),
        Team.objects.count(),
        sorted(TeamMembership.objects.values_list("team__name", "membership__user__email")),
        Membership.objects.count(),
    )


def test_the_dry_run_shows_moves_new_teams_and_removals_and_writes_nothing(coordinator_client, organisation):
    before = snapshot()

    response = upload(coordinator_client, organisation, ROSTER.encode(), remove_missing=True)

    assert response.status_code == HTTPStatus.OK
    plan = response.context["plan"]
    assert plan.new_teams == {"Jeugd": 1}
    assert [email for _id, email, _name in plan.removals] == ["vertrokken@example.org"]
    assert response.context["counts"]["invite"] == 1 and response.context["counts"]["move"] == 1
    assert 'name="create_team" value="Jeugd"' in response.text
    assert snapshot() == before


# Commits for real, so the mail goes out before the message is written.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_confirming_moves_invites_creates_the_ticked_team_and_removes(coordinator_client, organisation, mailoutbox):
    upload(coordinator_client, organisation, ROSTER.encode(), remove_missing=True)
    response = confirm(coordinator_client, organisation, create_team=["Jeugd"])

    assert response.status_code == HTTPStatus.OK
    anna = Membership.objects.get(user__email="anna@example.org")
    assert [t.name for t in anna.teams.all()] == ["Handhaving"]
    invitation = Invitation.objects.get(email="nieuw@example.org")
    assert invitation.team.name == "Jeugd" and invitation.sent_at is not None
    assert not Membership.objects.filter(user__email="vertrokken@example.org").exists()
    assert FormerMember.objects.filter(email="vertrokken@example.org").exists()
    assert Membership.objects.filter(role=Membership.Role.COORDINATOR).exists()  # never removed by a list
    assert [m.to for m in mailoutbox] == [["nieuw@example.org"]]
    assert "1 uitnodigingen verstuurd" in response.text


def test_an_unticked_new_team_is_not_made_and_its_people_are_invited_without_a_team(coordinator_client, organisation):
    upload(coordinator_client, organisation, ROSTER.encode())
    confirm(coordinator_client, organisation)

    assert not Team.objects.filter(name="Jeugd").exists()
    assert Invitation.objects.get(email="nieuw@example.org").team is None
    assert Membership.objects.filter(user__email="vertrokken@example.org").exists()  # not asked to remove


def test_importing_the_same_list_again_changes_nothing(coordinator_client, organisation):
    upload(coordinator_client, organisation, ROSTER.encode())
    confirm(coordinator_client, organisation, create_team=["Jeugd"])
    before = snapshot()

    response = upload(coordinator_client, organisation, ROSTER.encode())
    assert response.context["counts"]["invite"] == 0 and response.context["counts"]["move"] == 0
    confirm(coordinator_client, organisation, create_team=["Jeugd"])

    assert snapshot() == before


def test_a_duplicate_row_names_its_line_and_the_first_line_and_blocks_the_import(coordinator_client, organisation):
    roster = "x@example.org;X;Y;\ny@example.org;Y;Y;\nX@example.org;X;Z;\n"

    response = upload(coordinator_client, organisation, roster.encode())

    errors = response.context["errors"]
    assert [row.line for row in errors] == [3]
    assert "3" in response.text and "1" in errors[0].errors[0]
    assert reverse("organisations:import_confirm", args=[organisation.pk]) not in response.text
    confirm(coordinator_client, organisation)
    assert not Invitation.objects.exists()


def test_every_bad_row_is_listed_with_its_line(coordinator_client, organisation):
    roster = "geen-adres;A;B;\n;A;B;\nok@example.org;O;K;\n"

    response = upload(coordinator_client, organisation, roster.encode())

    assert [row.line for row in response.context["errors"]] == [1, 2]
    assert "Regel 1" in response.text or "Line 1" in response.text


def test_an_xlsx_staff_list_is_read_like_a_csv(coordinator_client, organisation):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["E-mailadres", "Voornaam", "Achternaam", "Team"])
    sheet.append(["nieuw@example.org", "Nina", "N", "Wmo"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = upload(coordinator_client, organisation, buffer.getvalue(), name="lijst.xlsx")

    assert response.context["counts"] == {"total": 1, "invite": 1, "move": 0, "unchanged": 0, "errors": 0}


def test_a_damaged_xlsx_gets_one_clear_message(coordinator_client, organisation):
    response = upload(coordinator_client, organisation, b"PK\x03\x04 not really a zip", name="lijst.xlsx")

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["file"]
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_templates_have_the_columns_and_read_back_as_an_empty_list(coordinator_client, organisation, file_format):
    response = coordinator_client.get(reverse("organisations:import_template", args=[organisation.pk, file_format]))

    assert response.status_code == HTTPStatus.OK
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if file_format == "xlsx":
        header = [cell.value for cell in next(load_workbook(io.BytesIO(content)).active.iter_rows())]
    else:
        header = content.decode("utf-8-sig").strip().split(";")
    assert header == ["E-mailadres", "Voornaam", "Achternaam", "Team"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_mail_server_down_the_import_says_the_invitations_are_being_sent(
    coordinator_client, organisation, mail_server
):
    mail_server.down()
    upload(coordinator_client, organisation, ROSTER.encode())
    response = confirm(coordinator_client, organisation)

    assert response.status_code == HTTPStatus.OK
    assert "uitnodigingen verstuurd" not in response.text
    assert "1 uitnodigingen worden verstuurd" in response.text
    invitation = Invitation.objects.get(email="nieuw@example.org")
    assert invitation.sent_at is None and invitation.send_attempts == 1


def test_the_check_expires_with_the_session(coordinator_client, organisation):
    response = confirm(coordinator_client, organisation)

    assert response.status_code == HTTPStatus.OK
    assert not Invitation.objects.exists()
