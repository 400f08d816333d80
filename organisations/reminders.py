""" "Stuur nu een herinnering": a coordinator reminds the overdue people of a team or a course at once.

At most one such reminder a day per person and assignment (a second click mails nobody twice). The mails go out
in a task after the commit; one the mail server refuses is logged and counted, not retried: the coordinator is
told how many went out and can press again later. The daily overdue notice keeps its own schedule.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from organisations import audit
from organisations.assignments import due_people, reminder_mail_send
from organisations.delivery import MAIL_ERRORS, enqueue_on_commit
from organisations.models import Organisation, PersonAssignment

logger = logging.getLogger(__name__)

AGAIN_AFTER = timedelta(hours=20)


@dataclass
class ReminderOutcome:
    queued: list[int]
    sent: int = 0
    failed: int = 0

    @property
    def pending(self) -> int:
        return len(self.queued) - self.sent - self.failed


def overdue_people_in(*, organisation: Organisation, team=None, course=None, now=None):
    now = now or timezone.now()
    people = due_people(
        assignment__organisation=organisation, assignment__due_date__lt=timezone.localdate(now)
    ).exclude(manual_reminded_at__gt=now - AGAIN_AFTER)
    if team is not None:
        people = people.filter(membership__teammembership__team=team)
    if course is not None:
        people = people.filter(assignment__course=course)
    return people.exclude(membership__user__email__isnull=True).exclude(membership__user__email="")


@transaction.atomic
def overdue_reminders_send(*, organisation: Organisation, team=None, course=None, sent_by) -> ReminderOutcome:
    """Queue a reminder for every overdue person in the team and/or course (not reminded today)."""
    from organisations.tasks import overdue_reminders_send_task

    ids = list(
        overdue_people_in(organisation=organisation, team=team, course=course)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    if ids:
        audit.organisation_log(
            instance=organisation,
            action=audit.REMINDERS_SENT,
            user=sent_by,
            organisation_id=organisation.pk,
            count=len(ids),
            team=team.name if team else "",
            course=course.title if course else "",
        )
        enqueue_on_commit(overdue_reminders_send_task, ids)
    return ReminderOutcome(queued=ids)


def overdue_reminders_outcome(outcome: ReminderOutcome, *, since) -> ReminderOutcome:
    """How many of the queued reminders went out (with tasks in-process: all were tried already)."""
    outcome.sent = PersonAssignment.objects.filter(pk__in=outcome.queued, manual_reminded_at__gte=since).count()
    return outcome


def overdue_reminders_deliver(*, person_assignment_ids: list[int]) -> int:
    sent = 0
    for pk in person_assignment_ids:
        try:
            sent += _deliver(pk)
        except MAIL_ERRORS:
            logger.exception("reminder for person assignment %s not sent", pk)
    return sent


@transaction.atomic
def _deliver(pk: int) -> bool:
    person = (
        PersonAssignment.objects.select_for_update(of=("self",))
        .select_related("membership__user", "assignment__course")
        .filter(pk=pk)
        .first()
    )
    now = timezone.now()
    if person is None or (person.manual_reminded_at and person.manual_reminded_at > now - AGAIN_AFTER):
        return False
    reminder_mail_send(person, template="organisations/email/overdue.txt")
    person.manual_reminded_at = now
    person.save(update_fields=["manual_reminded_at"])
    return True
