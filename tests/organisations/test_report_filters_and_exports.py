"""Reports per team, course and period; exports as CSV and XLSX with Dutch labels, completion date, progress,
last activity and certificate status; formula-safe in both; constant queries at 10,000 members."""

import csv
import io
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from certificates.services import certificate_issue
from courses.models import Enrollment
from courses.progress import enrollment_complete
from organisations.assignments import assignment_create
from organisations.models import Assignment, Membership, TeamMembership
from tests.courses.factories import course_with_lessons
from tests.organisations.factories import (
    MembershipFactory,
    TeamFactory,
    coordinator_of,
    members_in_bulk,
    team_with_members,
)

pytestmark = pytest.mark.django_db

HEADER_NL = [
    "Voornaam",
    "Achternaam",
    "E-mailadres",
    "Team",
    "Cursus",
    "Uiterste datum",
    "Status",
    "Afgerond op",
    "Voortgang (%)",
    "Laatste activiteit",
    "Certificaat",
]


@pytest.fixture
def municipality():
    """Wmo (2 people, one done with a certificate) on course A; Handhaving (1, overdue, a formula name) on B."""
    wmo = TeamFactory(name="Wmo-loket")
    organisation = wmo.organisation
    handhaving = TeamFactory(organisation=organisation, name="Handhaving")
    done, _open = team_with_members(wmo, 2)
    evil = MembershipFactory(organisation=organisation, user__first_name="=HYPERLINK(1)", user__last_name="@x")
    TeamMembership.objects.create(team=handhaving, membership=evil)
    course_a = course_with_lessons(1, title="Cursus A")
    course_b = course_with_lessons(1, title="+Cursus B")
    soon = timezone.localdate() + timedelta(days=10)
    assignment_create(organisation=organisation, course=course_a, due_date=soon, teams=[wmo])
    assignment_create(organisation=organisation, course=course_b, due_date=soon, teams=[handhaving])
    Assignment.objects.filter(team=handhaving).update(due_date=timezone.localdate() - timedelta(days=3))
    enrollment = Enrollment.objects.get(learner=done.user)
    enrollment_complete(enrollment=enrollment)
    certificate_issue(enrollment=enrollment)
    return organisation


@pytest.fixture
def coordinator_client(client, municipality):
    client.force_login(coordinator_of(municipality).user)
    return client


def csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response):
    content = b"".join(response.streaming_content)
    return [list(row) for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


def test_the_csv_has_dutch_labels_and_the_new_columns(coordinator_client, municipality):
    rows = csv_rows(coordinator_client.get(reverse("organisations:export", args=[municipality.pk])))

    assert rows[0] == HEADER_NL
    done = next(row for row in rows if row[6] == "Afgerond")
    assert done[7] and done[8] == "100" and done[9] and done[10] == "Geldig"
    overdue = next(row for row in rows if row[6] == "Te laat")
    assert overdue[8] == "0" and overdue[10] == "Geen certificaat" and overdue[7] == ""


def test_the_xlsx_has_the_same_rows_with_real_dates_and_no_formulas(coordinator_client, municipality):
    response = coordinator_client.get(reverse("organisations:export_xlsx", args=[municipality.pk]))

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = xlsx_rows(response)
    assert rows[0] == HEADER_NL and len(rows) == 4
    evil = next(row for row in rows if "HYPERLINK" in str(row[0]))
    assert evil[0] == "'=HYPERLINK(1)" and evil[1] == "'@x" and evil[4] == "'+Cursus B"
    done = next(row for row in rows if row[6] == "Afgerond")
    assert hasattr(done[7], "year") and hasattr(done[5], "year")


def test_no_xlsx_cell_is_a_formula(coordinator_client, municipality):
    content = b"".join(
        coordinator_client.get(reverse("organisations:export_xlsx", args=[municipality.pk])).streaming_content
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize(
    ("query", "courses"),
    [
        ({}, {"Cursus A", "'+Cursus B"}),
        ({"team": "Handhaving"}, {"'+Cursus B"}),
        ({"course": "Cursus A"}, {"Cursus A"}),
    ],
)
def test_the_filters_narrow_the_report_and_its_exports(coordinator_client, municipality, query, courses):
    from courses.models import CoursePage
    from organisations.models import Team

    params = {}
    if "team" in query:
        params["team"] = Team.objects.get(organisation=municipality, name=query["team"]).pk
    if "course" in query:
        params["course"] = CoursePage.objects.get(title=query["course"]).pk
    url = reverse("organisations:export", args=[municipality.pk])

    rows = csv_rows(coordinator_client.get(url, params))
    xlsx = xlsx_rows(coordinator_client.get(reverse("organisations:export_xlsx", args=[municipality.pk]), params))

    assert {row[4] for row in rows[1:]} == courses
    assert {row[4] for row in xlsx[1:]} == courses
    assert coordinator_client.get(reverse("organisations:report", args=[municipality.pk]), params).status_code == 200


def test_the_period_filter_keeps_due_dates_inside_it(coordinator_client, municipality):
    today = timezone.localdate()
    params = {
        "due_from": (today + timedelta(days=1)).isoformat(),
        "due_until": (today + timedelta(days=30)).isoformat(),
    }

    rows = csv_rows(coordinator_client.get(reverse("organisations:export", args=[municipality.pk]), params))

    assert {row[4] for row in rows[1:]} == {"Cursus A"}


def test_a_team_of_another_organisation_in_the_filter_is_ignored_not_leaked(coordinator_client, municipality):
    foreign = TeamFactory()
    response = coordinator_client.get(reverse("organisations:report", args=[municipality.pk]), {"team": foreign.pk})

    assert response.status_code == HTTPStatus.OK
    assert response.context["filter_form"].errors


def test_the_filtered_report_and_exports_cost_the_same_queries_at_10_000_members(
    coordinator_client, municipality, django_assert_max_num_queries
):
    team = TeamMembership.objects.filter(membership__organisation=municipality).first().team
    urls = [
        reverse("organisations:report", args=[municipality.pk]) + f"?team={team.pk}",
        reverse("organisations:export", args=[municipality.pk]) + f"?team={team.pk}",
        reverse("organisations:export_xlsx", args=[municipality.pk]),
    ]
    counts = []
    for url in urls:
        coordinator_client.get(url)
        with django_assert_max_num_queries(40) as small:
            response = coordinator_client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        counts.append(len(small))

    members_in_bulk(municipality, 10_000, team=team)
    assignment_create(
        organisation=municipality,
        course=Assignment.objects.filter(team=team).first().course,
        due_date=timezone.localdate() + timedelta(days=3),
        teams=[team],
    )
    for url, count in zip(urls, counts, strict=True):
        coordinator_client.get(url)  # warm the page cache
        with django_assert_max_num_queries(count + 2):  # the iterator may read in one more chunk of 2,000 rows
            response = coordinator_client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
    assert Membership.objects.filter(organisation=municipality).count() > 10_000
