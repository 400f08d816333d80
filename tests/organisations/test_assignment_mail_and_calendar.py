"""Assignments reach people: a mail with the due date, a one-click link and an .ics; a personal calendar feed
with a secret, revocable URL; "stuur nu een herinnering" for the overdue; all tolerant of a failing mail server."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from organisations.assignment_mail import assignment_mails_send
from organisations.assignments import assignment_create
from organisations.ics import DueEvent, calendar
from organisations.models import Assignment, CalendarFeed, PersonAssignment
from organisations.tasks import mail_catch_up_task
from tests.courses.factories import course_with_lessons
from tests.organisations.factories import OrganisationFactory, TeamFactory, coordinator_of, team_with_members

pytestmark = pytest.mark.django_db

LATER = timedelta(hours=2)


@pytest.fixture
def team():
    return TeamFactory(name="Wmo-loket")


@pytest.fixture
def course():
    return course_with_lessons(1, title="Herken de signalen")


def assign(team, course, capture, days=20):
    with capture(execute=True):
        return assignment_create(
            organisation=team.organisation,
            course=course,
            due_date=timezone.localdate() + timedelta(days=days),
            teams=[team],
        )


def test_everyone_assigned_gets_one_mail_with_the_due_date_a_link_and_an_ics(
    team, course, mailoutbox, django_capture_on_commit_callbacks
):
    members = team_with_members(team, 2)

    assign(team, course, django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mailoutbox) == sorted(m.user.email for m in members)
    message = mailoutbox[0]
    assert "Herken de signalen" in message.subject
    assert f"/cursussen/verder/{course.pk}/" in message.body or str(course.pk) in message.body
    assert message.alternatives and "<html" in message.alternatives[0][0]  # the project's HTML layout
    (filename, ics, mimetype) = message.attachments[0]
    due = (timezone.localdate() + timedelta(days=20)).strftime("%Y%m%d")
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    assert f"DTSTART;VALUE=DATE:{due}" in ics.decode() if isinstance(ics, bytes) else ics
    assert all(p.assigned_mail_sent_at for p in PersonAssignment.objects.all())


def test_assigning_again_or_moving_the_due_date_mails_nobody_again(
    team, course, mailoutbox, django_capture_on_commit_callbacks
):
    team_with_members(team, 2)
    assign(team, course, django_capture_on_commit_callbacks)
    assign(team, course, django_capture_on_commit_callbacks, days=30)

    assert len(mailoutbox) == 2


def test_with_the_mail_server_down_the_assignment_stands_and_the_mail_follows_once(
    team, course, mail_server, mailoutbox, django_capture_on_commit_callbacks
):
    team_with_members(team, 1)
    mail_server.down()

    assign(team, course, django_capture_on_commit_callbacks)

    person = PersonAssignment.objects.get()
    assert person.assigned_mail_sent_at is None and person.assigned_mail_attempts == 1
    assert mailoutbox == []
    mail_server.up()
    assert assignment_mails_send() == 0  # the backoff holds the retry back
    assert assignment_mails_send(now=timezone.now() + LATER) == 1
    assert assignment_mails_send(now=timezone.now() + 2 * LATER) == 0
    assert len(mailoutbox) == 1


def test_the_catch_up_task_sends_assignment_mails_a_lost_task_left(team, course, mailoutbox):
    team_with_members(team, 1)
    assignment_create(  # no commit callbacks run: as if the task message were lost
        organisation=team.organisation, course=course, due_date=timezone.localdate() + timedelta(days=5), teams=[team]
    )
    PersonAssignment.objects.update(assigned_mail_next_attempt_at=timezone.now() - timedelta(minutes=1))

    assert mail_catch_up_task.delay().get()["assignment_mails"] == 1
    assert len(mailoutbox) == 1


def test_ics_escapes_text_folds_long_lines_and_ends_lines_with_crlf():
    event = DueEvent(uid="a-1@signaal", due_date=timezone.localdate(), summary="Cursus; met, tekens\nen " + "é" * 60)

    text = calendar([event]).decode()

    assert "SUMMARY:Cursus\\; met\\, tekens\\nen" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert text.endswith("END:VCALENDAR\r\n") and "\n" not in text.replace("\r\n", "")


def feed_url(client) -> str:
    response = client.post(reverse("organisations:calendar"), {"create": "1"})
    return re.search(r'value="(http[^"]+\.ics)"', response.text).group(1).split("8000", 1)[1]


def test_a_learner_makes_a_calendar_feed_of_their_due_dates(client, team, course, django_capture_on_commit_callbacks):
    member = team_with_members(team, 1)[0]
    assign(team, course, django_capture_on_commit_callbacks)
    client.force_login(member.user)

    url = feed_url(client)
    client.logout()
    response = client.get(url)

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/calendar")
    assert "Herken de signalen" in response.text and "BEGIN:VEVENT" in response.text
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert token not in CalendarFeed.objects.get().token_hash  # only the hash is stored


def test_a_new_link_or_switching_off_makes_the_old_url_stop_working(client, team):
    member = team_with_members(team, 1)[0]
    client.force_login(member.user)
    first = feed_url(client)
    second = feed_url(client)

    assert client.get(first).status_code == HTTPStatus.NOT_FOUND
    assert client.get(second).status_code == HTTPStatus.OK
    client.post(reverse("organisations:calendar"), {"revoke": "1"})
    assert client.get(second).status_code == HTTPStatus.NOT_FOUND


def test_a_made_up_feed_token_is_404(client):
    assert client.get(reverse("organisations:calendar_feed", args=["x" * 43])).status_code == HTTPStatus.NOT_FOUND


def test_the_feed_shows_only_the_owners_due_dates(client, course, django_capture_on_commit_callbacks):
    mine, other = TeamFactory(), TeamFactory()
    me = team_with_members(mine, 1)[0]
    team_with_members(other, 1)
    assign(other, course, django_capture_on_commit_callbacks)
    client.force_login(me.user)

    response = client.get(feed_url(client))

    assert "BEGIN:VEVENT" not in response.text


@pytest.fixture
def overdue(team, course, django_capture_on_commit_callbacks):
    members = team_with_members(team, 2)
    assign(team, course, django_capture_on_commit_callbacks)
    Assignment.objects.update(due_date=timezone.localdate() - timedelta(days=2))
    return members


def remind(client, organisation, **data):
    return client.post(reverse("organisations:remind", args=[organisation.pk]), data, follow=True)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_send_a_reminder_now_mails_the_overdue_of_the_team_once_a_day(client, team, overdue, mailoutbox):
    client.force_login(coordinator_of(team.organisation).user)
    mailoutbox.clear()

    response = remind(client, team.organisation, **{"remind-team": team.pk})

    assert sorted(m.to[0] for m in mailoutbox) == sorted(m.user.email for m in overdue)
    assert "Herinnering verstuurd aan 2" in response.text
    again = remind(client, team.organisation, **{"remind-team": team.pk})
    assert len(mailoutbox) == 2
    assert "Niemand om te herinneren" in again.text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_mail_server_down_the_reminder_page_says_so_and_is_no_500(
    client, team, overdue, mail_server, mailoutbox
):
    client.force_login(coordinator_of(team.organisation).user)
    mail_server.down()

    response = remind(client, team.organisation)

    assert response.status_code == HTTPStatus.OK
    assert "2 herinneringen konden niet worden verstuurd" in response.text
    assert not PersonAssignment.objects.filter(manual_reminded_at__isnull=False).exists()


def test_people_who_completed_or_are_not_overdue_are_not_reminded(client, team, course, mailoutbox):
    from courses.models import Enrollment
    from courses.progress import enrollment_complete

    members = team_with_members(team, 2)
    assignment_create(
        organisation=team.organisation, course=course, due_date=timezone.localdate() + timedelta(days=1), teams=[team]
    )
    enrollment_complete(enrollment=Enrollment.objects.get(learner=members[0].user))
    Assignment.objects.update(due_date=timezone.localdate() - timedelta(days=1))
    from organisations.reminders import overdue_people_in

    assert [p.membership for p in overdue_people_in(organisation=team.organisation)] == [members[1]]
    other = OrganisationFactory()
    assert list(overdue_people_in(organisation=other)) == []
