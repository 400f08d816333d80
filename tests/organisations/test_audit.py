"""Every privileged action in an organisation leaves an entry in Wagtail's audit log, with who and what."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import ModelLogEntry

from organisations import audit
from organisations.models import Membership
from organisations.services import invitation_accept, invitation_create, team_member_add
from tests.courses.factories import course_with_lessons
from tests.factories import UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory, TeamFactory, coordinator_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory()


@pytest.fixture
def coordinator(organisation):
    return coordinator_of(organisation).user


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def _entry(action: str) -> ModelLogEntry:
    return ModelLogEntry.objects.get(action=action)


def test_sending_and_accepting_an_invitation_are_logged(organisation, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(organisation=organisation, email="anna@example.org", invited_by=coordinator)
    anna = UserFactory(email="anna@example.org")
    invitation_accept(invitation=invitation, user=anna)

    sent, accepted = _entry(audit.INVITATION_SENT), _entry(audit.INVITATION_ACCEPTED)
    assert (sent.user, sent.data) == (coordinator, {"organisation": organisation.pk, "email": "anna@example.org"})
    assert (accepted.user, accepted.data["email"]) == (anna, "anna@example.org")
    assert accepted.object_id == str(invitation.pk)


def test_importing_a_staff_list_is_logged_once_with_counts(coordinator_client, coordinator, organisation):
    roster = b"anna@example.org;Anna;Jansen;\nbram@example.org;Bram;Bakker;\n"
    coordinator_client.post(
        reverse("organisations:import", args=[organisation.pk]), {"file": SimpleUploadedFile("lijst.csv", roster)}
    )
    coordinator_client.post(reverse("organisations:import_confirm", args=[organisation.pk]))

    entry = _entry(audit.MEMBERS_IMPORTED)
    assert entry.user == coordinator
    assert entry.data == {
        "organisation": organisation.pk,
        "rows": 2,
        "invited": 2,
        "moved": 0,
        "removed": 0,
        "teams_created": [],
    }


def test_assigning_a_course_is_logged(coordinator_client, coordinator, organisation):
    course = course_with_lessons(1)
    team = TeamFactory(organisation=organisation)
    due = timezone.localdate() + timedelta(days=14)
    response = coordinator_client.post(
        reverse("organisations:assign", args=[organisation.pk]),
        {"course": course.pk, "due_date": due.isoformat(), "teams": [team.pk]},
    )
    assert response.status_code == HTTPStatus.FOUND

    entry = _entry(audit.ASSIGNMENT_CREATED)
    assert entry.user == coordinator
    assert entry.label == course.title
    assert entry.data == {
        "organisation": organisation.pk,
        "course": course.pk,
        "due_date": due.isoformat(),
        "teams": [team.name],
        "people": 0,
    }


def test_exporting_results_is_logged(coordinator_client, coordinator, organisation):
    response = coordinator_client.get(reverse("organisations:export", args=[organisation.pk]))
    b"".join(response.streaming_content)

    entry = _entry(audit.RESULTS_EXPORTED)
    assert (entry.user, entry.data) == (coordinator, {"organisation": organisation.pk, "format": "csv"})


def test_creating_a_team_and_joining_one_are_logged(coordinator_client, coordinator, organisation):
    coordinator_client.post(reverse("organisations:teams", args=[organisation.pk]), {"name": "Handhaving"})
    team = organisation.teams.get()
    member = MembershipFactory(organisation=organisation)
    team_member_add(team=team, membership=member, added_by=coordinator)

    created, added = _entry(audit.TEAM_CREATED), _entry(audit.TEAM_MEMBER_ADDED)
    assert (created.user, created.label, created.object_id) == (coordinator, "Handhaving", str(team.pk))
    assert (added.user, added.label) == (coordinator, member.user.email)
    assert added.data == {"organisation": organisation.pk, "team": "Handhaving"}


def _inline_data(organisation, rows: list[dict]) -> dict:
    data = {
        "name": organisation.name,
        "kind": organisation.kind,
        "cbs_code": organisation.cbs_code,
        "removed_member_retention_months": str(organisation.removed_member_retention_months),
        "memberships-TOTAL_FORMS": str(len(rows)),
        "memberships-INITIAL_FORMS": str(sum(1 for row in rows if row.get("id"))),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"memberships-{index}-{key}"] = value
        data[f"memberships-{index}-organisation"] = str(organisation.pk)
    return data


def test_role_changes_additions_and_removals_in_the_admin_are_logged(client, organisation):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    promoted = MembershipFactory(organisation=organisation)
    removed = MembershipFactory(organisation=organisation)
    newcomer = UserFactory()
    rows = [
        {"id": str(promoted.pk), "user": str(promoted.user_id), "role": "coordinator"},
        {"id": str(removed.pk), "user": str(removed.user_id), "role": "member", "DELETE": "on"},
        {"user": str(newcomer.pk), "role": "member"},
    ]

    response = client.post(
        reverse("admin:organisations_organisation_change", args=[organisation.pk]), _inline_data(organisation, rows)
    )

    assert response.status_code == HTTPStatus.FOUND, response.content[:3000]
    changed, gone, added = _entry(audit.ROLE_CHANGED), _entry(audit.MEMBER_REMOVED), _entry(audit.MEMBER_ADDED)
    assert (changed.user, changed.label) == (admin, promoted.user.email)
    assert changed.data == {"organisation": organisation.pk, "old": "member", "new": "coordinator"}
    assert str(changed.message) == "Rol gewijzigd van Lid naar Coördinator"
    assert (gone.user, gone.data["email"], gone.data["role"]) == (admin, removed.user.email, "member")
    assert not Membership.objects.filter(pk=removed.pk).exists()
    assert (added.user, added.label) == (admin, newcomer.email)


def test_the_trail_shows_only_this_organisations_entries(coordinator_client, coordinator, organisation):
    other = OrganisationFactory()
    TeamFactory(organisation=other)
    coordinator_client.post(reverse("organisations:teams", args=[organisation.pk]), {"name": "Eigen team"})
    audit.organisation_log(
        instance=other, action=audit.TEAM_CREATED, user=None, organisation_id=other.pk, title="Ander team"
    )

    response = coordinator_client.get(reverse("organisations:audit_trail", args=[organisation.pk]))

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Eigen team" in html and "Team aangemaakt" in html and escape(coordinator.get_full_name()) in html
    assert "Ander team" not in html


def test_another_organisations_trail_is_not_found(coordinator_client):
    other = OrganisationFactory()
    response = coordinator_client.get(reverse("organisations:audit_trail", args=[other.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_a_member_who_is_not_a_coordinator_sees_no_trail(client, organisation):
    member = MembershipFactory(organisation=organisation)
    client.force_login(member.user)
    assert client.get(reverse("organisations:audit_trail", args=[organisation.pk])).status_code == 404


def _log_teams(organisation, count: int) -> None:
    for _number in range(count):
        audit.organisation_log(
            instance=TeamFactory(organisation=organisation),
            action=audit.TEAM_CREATED,
            user=UserFactory(),
            organisation_id=organisation.pk,
        )


def test_the_trail_page_runs_the_same_queries_for_3_or_30_entries(
    coordinator_client, organisation, django_assert_num_queries
):
    url = reverse("organisations:audit_trail", args=[organisation.pk])
    _log_teams(organisation, 3)
    coordinator_client.get(url)  # warm the session and the content type cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        coordinator_client.get(url)
    _log_teams(organisation, 27)
    with django_assert_num_queries(len(few.captured_queries)):
        response = coordinator_client.get(url)
    assert response.content.decode().count("<tr>") == 31


def test_admins_find_the_entries_in_wagtails_logs_report(client, organisation, coordinator_client):
    coordinator_client.post(reverse("organisations:teams", args=[organisation.pk]), {"name": "Zichtbaar"})
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.get(reverse("wagtailadmin_reports:site_history"))

    assert response.status_code == HTTPStatus.OK
    assert "Zichtbaar" in response.content.decode()
    assert re.search(r"Team (aangemaakt|created)", response.content.decode())


def test_each_action_type_has_a_label_in_wagtails_registry():
    from wagtail.log_actions import registry

    for action in audit.ACTIONS:
        assert registry.action_exists(action)
        assert str(registry.get_action_label(action))
    assert mail.outbox == []


def test_assigning_the_same_again_adds_no_entry(coordinator, organisation):
    from organisations.assignments import assignment_create

    course = course_with_lessons(1)
    team = TeamFactory(organisation=organisation)
    due = timezone.localdate() + timedelta(days=7)
    for _time in range(2):
        assignment_create(organisation=organisation, course=course, due_date=due, teams=[team], created_by=coordinator)
    assignment_create(
        organisation=organisation, course=course, due_date=due + timedelta(days=1), teams=[team], created_by=coordinator
    )
    assert ModelLogEntry.objects.filter(action=audit.ASSIGNMENT_CREATED).count() == 2
