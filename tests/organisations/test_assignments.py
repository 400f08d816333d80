from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrollment
from courses.progress import enrollment_complete
from organisations.assignments import assignment_create, assignment_reminders_send
from organisations.dashboard import AssignmentStatus, learner_assignments
from organisations.models import Assignment, PersonAssignment
from organisations.services import team_member_add
from tests.courses.factories import course_with_lessons
from tests.organisations.factories import MembershipFactory, TeamFactory, team_with_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return course_with_lessons(1)


def _in(days: int):
    return timezone.localdate() + timedelta(days=days)


def test_assigning_to_a_team_gives_every_member_the_course(course):
    team = TeamFactory()
    members = team_with_members(team, 5)

    assignment_create(organisation=team.organisation, course=course, due_date=_in(30), teams=[team])

    assert PersonAssignment.objects.count() == 5
    assert set(Enrollment.objects.values_list("learner_id", flat=True)) == {m.user_id for m in members}


def test_assigning_twice_adds_nothing_and_moves_the_due_date(course):
    team = TeamFactory()
    team_with_members(team, 3)

    assignment_create(organisation=team.organisation, course=course, due_date=_in(30), teams=[team])
    assignments = assignment_create(organisation=team.organisation, course=course, due_date=_in(40), teams=[team])

    assert PersonAssignment.objects.count() == 3 and Enrollment.objects.count() == 3
    assert [a.due_date for a in assignments] == [_in(40)]


def test_assigning_runs_the_same_queries_for_10_or_60_people(course):
    """One INSERT per table per batch (2,000 rows on PostgreSQL; SQLite caps a statement at 999 values)."""
    small, large = TeamFactory(), TeamFactory()
    team_with_members(small, 10)
    team_with_members(large, 60)

    with CaptureQueriesContext(connection) as for_small:
        assignment_create(organisation=small.organisation, course=course, due_date=_in(30), teams=[small])
    with CaptureQueriesContext(connection) as for_large:
        assignment_create(organisation=large.organisation, course=course, due_date=_in(30), teams=[large])

    assert len(for_small) == len(for_large)


def test_someone_who_joins_the_team_later_gets_its_open_assignments(course):
    team = TeamFactory()
    assignment_create(
        organisation=team.organisation,
        course=course,
        due_date=_in(30),
        teams=[team],
        memberships=[MembershipFactory(organisation=team.organisation)],
    )
    newcomer = MembershipFactory(organisation=team.organisation)

    team_member_add(team=team, membership=newcomer)

    assert PersonAssignment.objects.filter(membership=newcomer).exists()
    assert Enrollment.objects.filter(learner=newcomer.user, course=course).exists()


def test_reminders_go_once_before_the_due_date_and_once_when_overdue(course):
    team = TeamFactory()
    (member,) = team_with_members(team, 1)
    assignment_create(organisation=team.organisation, course=course, due_date=_in(10), teams=[team])

    assert assignment_reminders_send(today=_in(0)) == (0, 0)  # more than 7 days ahead
    assert assignment_reminders_send(today=_in(4)) == (1, 0)
    assert assignment_reminders_send(today=_in(5)) == (0, 0)  # at most once
    assert assignment_reminders_send(today=_in(11)) == (0, 1)
    assert assignment_reminders_send(today=_in(12)) == (0, 0)
    assert [m.to for m in mail.outbox] == [[member.user.email], [member.user.email]]


def test_reminders_stop_when_the_course_is_completed(course):
    team = TeamFactory()
    (member,) = team_with_members(team, 1)
    assignment_create(organisation=team.organisation, course=course, due_date=_in(5), teams=[team])
    enrollment_complete(enrollment=Enrollment.objects.get(learner=member.user))

    assert assignment_reminders_send(today=_in(1)) == (0, 0)
    assert assignment_reminders_send(today=_in(9)) == (0, 0)
    assert mail.outbox == []


def test_my_learning_shows_the_assignment_with_due_date_and_status(client, course):
    team = TeamFactory()
    (member,) = team_with_members(team, 1)
    assignment_create(organisation=team.organisation, course=course, due_date=_in(3), teams=[team])
    client.force_login(member.user)

    html = client.get(reverse("dashboard")).content.decode()

    assert course.title in html and "Niet begonnen" in html
    assert [row.status for row in learner_assignments(learner=member.user)] == [AssignmentStatus.NOT_STARTED]


def test_an_assignment_past_its_due_date_is_overdue_until_completed(course):
    team = TeamFactory()
    (member,) = team_with_members(team, 1)
    assignment_create(organisation=team.organisation, course=course, due_date=_in(0), teams=[team])
    Assignment.objects.update(due_date=_in(-1))

    assert [r.status for r in learner_assignments(learner=member.user)] == [AssignmentStatus.OVERDUE]
    enrollment_complete(enrollment=Enrollment.objects.get(learner=member.user))
    assert [r.status for r in learner_assignments(learner=member.user)] == [AssignmentStatus.COMPLETED]
