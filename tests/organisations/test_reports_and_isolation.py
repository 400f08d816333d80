import csv
import io
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from courses.models import Enrollment
from courses.progress import enrollment_complete
from organisations.assignments import assignment_create
from organisations.export import csv_safe
from organisations.models import Assignment, Invitation, Membership, PersonAssignment
from tests.courses.factories import course_with_lessons
from tests.organisations.factories import (
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    coordinator_of,
    team_with_members,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def municipality():
    """A municipality with a team of four, a course assigned, one member done and one overdue."""
    team = TeamFactory(name="Wmo-loket")
    members = team_with_members(team, 4)
    course = course_with_lessons(1, title="Herken de signalen")
    assignment_create(
        organisation=team.organisation, course=course, due_date=timezone.localdate() + timedelta(days=5), teams=[team]
    )
    enrollment_complete(enrollment=Enrollment.objects.get(learner=members[0].user))
    overdue = MembershipFactory(organisation=team.organisation)
    overdue.user.first_name = '=HYPERLINK("http://evil")'
    overdue.user.save()
    assignment_create(
        organisation=team.organisation,
        course=course,
        due_date=timezone.localdate() + timedelta(days=1),
        memberships=[overdue],
    )
    Assignment.objects.filter(membership=overdue).update(due_date=timezone.localdate() - timedelta(days=2))
    return team.organisation


def test_report_shows_completion_per_team_and_course(client, municipality):
    client.force_login(coordinator_of(municipality).user)

    html = client.get(reverse("organisations:report", args=[municipality.pk])).content.decode()

    assert "Wmo-loket" in html and "Herken de signalen" in html
    assert 'aria-valuenow="25"' in html  # 1 of 4 completed
    assert "<svg" in html and "<table" in html  # the chart has a table alternative


def test_report_queries_do_not_grow_with_people(client, municipality, django_assert_max_num_queries):
    client.force_login(coordinator_of(municipality).user)
    url = reverse("organisations:report", args=[municipality.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as before:
        client.get(url)
    team = TeamFactory(organisation=municipality, name="Handhaving")
    team_with_members(team, 40)
    assignment_create(
        organisation=municipality,
        course=Assignment.objects.first().course,
        due_date=timezone.localdate() + timedelta(days=5),
        teams=[team],
    )

    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url)


def dutch(msgid: str) -> str:
    with translation.override("nl"):
        return translation.gettext(msgid)


def test_the_export_speaks_the_readers_language(client, municipality, settings):
    client.force_login(coordinator_of(municipality).user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("organisations:export", args=[municipality.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][6] == "Status" and rows[0][4] == "Course"
    assert {row[6] for row in rows[1:]} == {"Completed", "Open", "Overdue"}


def test_csv_export_streams_every_person_with_formulas_neutralised(client, municipality):
    client.force_login(coordinator_of(municipality).user)

    response = client.get(reverse("organisations:export", args=[municipality.pk]))

    assert response.status_code == HTTPStatus.OK and response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + PersonAssignment.objects.count()
    statuses = sorted(row[6] for row in rows[1:])
    assert statuses == sorted(dutch(status) for status in ["Completed", "Open", "Open", "Open", "Overdue"])
    assert rows[0][6] == dutch("Status")
    assert any(row[0] == '\'=HYPERLINK("http://evil")' for row in rows)


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_cells_that_a_spreadsheet_would_run_are_neutralised(cell):
    assert csv_safe([cell]) == [f"'{cell}"]


def test_a_member_who_is_not_a_coordinator_sees_no_report(client, municipality):
    client.force_login(Membership.objects.filter(organisation=municipality, role="member").first().user)

    assert client.get(reverse("organisations:report", args=[municipality.pk])).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("name", ["report", "export", "teams", "members", "import", "assign"])
def test_a_coordinator_of_another_municipality_gets_404_everywhere(client, municipality, name):
    client.force_login(coordinator_of(OrganisationFactory()).user)
    url = reverse(f"organisations:{name}", args=[municipality.pk])

    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert client.post(url, {"name": "X", "email": "x@example.org"}).status_code == HTTPStatus.NOT_FOUND
    assert not Invitation.objects.exists()


def test_assigning_a_team_of_another_municipality_is_refused_and_stores_nothing(client, municipality):
    mine = OrganisationFactory()
    client.force_login(coordinator_of(mine).user)
    foreign_team = municipality.teams.first()
    before = Assignment.objects.count()

    response = client.post(
        reverse("organisations:assign", args=[mine.pk]),
        {"course": Assignment.objects.first().course_id, "due_date": "2099-01-01", "teams": [foreign_team.pk]},
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert Assignment.objects.count() == before


def test_coordinator_assigns_a_course_through_the_form(client):
    organisation = OrganisationFactory()
    team = TeamFactory(organisation=organisation)
    team_with_members(team, 3)
    course = course_with_lessons(1)
    client.force_login(coordinator_of(organisation).user)

    response = client.post(
        reverse("organisations:assign", args=[organisation.pk]),
        {"course": course.pk, "due_date": (timezone.localdate() + timedelta(days=30)).isoformat(), "teams": [team.pk]},
    )

    assert response.status_code == HTTPStatus.FOUND
    assert PersonAssignment.objects.count() == 3
