"""The mail that tells a person a course was assigned to them: the due date, a one-click link and an .ics.

Each person's share (``PersonAssignment``) is its own sent-guard: new shares are marked "to mail" when they are
created; one task per assigning mails them all, each under a row lock, so a redelivered task mails nobody twice.
A mail the server refuses is recorded on its row and retried by the catch-up task with the same backoff as
invitations. Shares from before this existed are never marked, so nobody is mailed about an old assignment.
"""

import logging

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.mail import mail_send, site_url
from organisations.delivery import GRACE, MAIL_ERRORS, enqueue_on_commit, retry_at
from organisations.ics import DueEvent, calendar
from organisations.models import PersonAssignment

logger = logging.getLogger(__name__)

SEND_LIMIT = 5000  # per task run; the catch-up task takes the rest


def _pending():
    return PersonAssignment.objects.filter(
        assigned_mail_sent_at__isnull=True, assigned_mail_next_attempt_at__isnull=False
    )


def assignment_mails_enqueue(*, assignment_ids: list[int]) -> None:
    """After the commit: one task mails everyone newly given these assignments."""
    from organisations.tasks import assignment_mails_send_task

    if assignment_ids:
        enqueue_on_commit(assignment_mails_send_task, list(assignment_ids))


def assignment_mails_send(*, assignment_ids: list[int] | None = None, now=None) -> int:
    """Mail the pending shares (of these assignments, or every one whose next try is due). Returns how many
    went out now; one that fails is recorded and the rest still go."""
    now = now or timezone.now()
    pending = _pending()
    if assignment_ids is not None:
        pending = pending.filter(assignment_id__in=assignment_ids, assigned_mail_attempts=0)
    else:
        pending = pending.filter(assigned_mail_next_attempt_at__lte=now)
    ids = list(pending.order_by("pk").values_list("pk", flat=True)[:SEND_LIMIT])
    if assignment_ids is None:
        PersonAssignment.objects.filter(pk__in=ids).update(assigned_mail_next_attempt_at=now + GRACE)
    return sum(assignment_mail_send(person_assignment_id=pk) for pk in ids)


def assignment_mail_send(*, person_assignment_id: int) -> bool:
    try:
        return _deliver(person_assignment_id)
    except MAIL_ERRORS:
        logger.exception("assignment mail %s not sent; the catch-up task tries again", person_assignment_id)
        with transaction.atomic():
            locked = PersonAssignment.objects.select_for_update().get(pk=person_assignment_id)
            locked.assigned_mail_attempts += 1
            locked.assigned_mail_next_attempt_at = retry_at(attempts=locked.assigned_mail_attempts, now=timezone.now())
            locked.save(update_fields=["assigned_mail_attempts", "assigned_mail_next_attempt_at"])
        return False


def due_event(person: PersonAssignment) -> DueEvent:
    course = person.assignment.course
    link = site_url() + reverse("courses:resume", args=[course.pk])
    host = site_url().split("://", 1)[-1]
    return DueEvent(
        uid=f"opdracht-{person.assignment_id}-{person.membership_id}@{host}",
        due_date=person.assignment.due_date,
        summary=str(_("Due: %(course)s") % {"course": course.title}),
        description=str(_("Complete the course in Signaal: %(link)s") % {"link": link}),
        url=link,
    )


@transaction.atomic
def _deliver(person_assignment_id: int) -> bool:
    person = (
        PersonAssignment.objects.select_for_update(of=("self",))
        .select_related("membership__user", "membership__organisation", "assignment__course")
        .filter(pk=person_assignment_id)
        .first()
    )
    if person is None or person.assigned_mail_sent_at or person.assigned_mail_next_attempt_at is None:
        return False
    user = person.membership.user
    if not user.email:
        person.assigned_mail_next_attempt_at = None  # nobody to mail (a pupil): nothing to retry
        person.save(update_fields=["assigned_mail_next_attempt_at"])
        return False
    course = person.assignment.course
    context = {
        "user": user,
        "organisation": person.membership.organisation,
        "course": course,
        "due_date": person.assignment.due_date,
        "link": site_url() + reverse("courses:resume", args=[course.pk]),
        "calendar_link": site_url() + reverse("organisations:calendar"),
    }
    ics = calendar([due_event(person)])
    mail_send(
        subject=str(_("New course for you: %(course)s") % {"course": course.title}),
        text=render_to_string("organisations/email/assigned.txt", context),
        to=[user.email],
        attachments=[("uiterste-datum.ics", ics, "text/calendar; charset=utf-8; method=PUBLISH")],
    )
    person.assigned_mail_sent_at = timezone.now()
    person.assigned_mail_next_attempt_at = None
    person.save(update_fields=["assigned_mail_sent_at", "assigned_mail_next_attempt_at"])
    return True
