"""The weekly digest and the reminders: one mail the mail server refuses never holds up, nor doubles,
anyone else's, and it goes out by the catch-up once the mail server is back."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from organisations.assignments import assignment_create, assignment_notices_retry, assignment_reminders_send
from organisations.digest import coordinator_digest_send, coordinator_digests_retry, coordinator_digests_send
from organisations.models import CoordinatorDigest, PersonAssignment
from organisations.tasks import coordinator_digests_send_task
from tests.courses.factories import course_with_lessons
from tests.organisations.factories import MembershipFactory, OrganisationFactory, coordinator_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation_with_an_assignment():
    organisation = OrganisationFactory()
    course = course_with_lessons(1)
    members = [MembershipFactory(organisation=organisation, user__email=f"m{n}@example.org") for n in range(3)]
    assignment_create(
        organisation=organisation,
        course=course,
        due_date=timezone.localdate() + timedelta(days=3),
        memberships=members,
    )
    return organisation


def test_a_digest_retried_after_a_failure_mails_no_coordinator_twice(
    organisation_with_an_assignment, mail_server, mailoutbox
):
    organisation = organisation_with_an_assignment
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        MembershipFactory(organisation=organisation, role="coordinator", user__email=email)
    mail_server.refuse("b@example.org")

    coordinator_digests_send_task.delay().get()  # the weekly run; b's mail fails
    coordinator_digests_send_task.delay().get()  # redelivered, or beat ran it twice
    mail_server.up()
    coordinator_digests_retry(now=timezone.now() + timedelta(hours=2))
    coordinator_digests_retry(now=timezone.now() + timedelta(hours=4))

    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == ["a@example.org", "b@example.org", "c@example.org"]
    assert not CoordinatorDigest.objects.filter(sent_at__isnull=True).exists()


def test_a_digest_is_once_per_coordinator_and_week(organisation_with_an_assignment, mailoutbox):
    coordinator = MembershipFactory(
        organisation=organisation_with_an_assignment, role="coordinator", user__email="a@example.org"
    )
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())

    coordinator_digests_send(today=monday)
    coordinator_digests_send(today=monday + timedelta(days=3))
    digest = CoordinatorDigest.objects.get(membership=coordinator)
    assert coordinator_digest_send(digest=digest) is False

    assert digest.period == monday
    assert len(mailoutbox) == 1


def test_one_refused_reminder_does_not_stop_the_others_and_is_sent_later(
    organisation_with_an_assignment, mail_server, mailoutbox, client
):
    mail_server.refuse("m1@example.org")

    assert assignment_reminders_send() == (2, 0)
    failed = PersonAssignment.objects.get(membership__user__email="m1@example.org")
    assert failed.reminded_at is None and failed.notice_attempts == 1

    coordinator = coordinator_of(organisation_with_an_assignment)
    client.force_login(coordinator.user)
    page = client.get(reverse("organisations:members", args=[organisation_with_an_assignment.pk])).text
    assert page.count("herinnering wordt verstuurd") == 1

    mail_server.up()
    assert assignment_notices_retry() == 0  # not due yet
    assert assignment_notices_retry(now=timezone.now() + timedelta(hours=2)) == 1
    assert assignment_notices_retry(now=timezone.now() + timedelta(hours=4)) == 0
    assert assignment_reminders_send() == (0, 0)
    assert sorted(m.to[0] for m in mailoutbox) == ["m0@example.org", "m1@example.org", "m2@example.org"]
    failed.refresh_from_db()
    assert failed.reminded_at is not None and failed.notice_attempts == 0
