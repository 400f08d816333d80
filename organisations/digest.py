"""The coordinators' weekly digest: one row and one task per coordinator and week.

The row (``CoordinatorDigest``, unique per coordinator and week) is the sent-guard: a task that is retried or
delivered twice finds ``sent_at`` set and mails nobody again, and one coordinator whose mail fails does not
hold up, or resend, anyone else's. A failed send is retried by the catch-up task during that week only: a
digest about last week is not worth sending late.
"""

import datetime
import logging
from datetime import timedelta

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.mail import mail_send
from organisations.delivery import GRACE, MAIL_ERRORS, retry_at
from organisations.models import CoordinatorDigest, Membership
from organisations.reports import completion_by_team_and_course, overdue_people

logger = logging.getLogger(__name__)


def digest_period(day: datetime.date) -> datetime.date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def coordinator_digests_send(*, today: datetime.date | None = None) -> list[int]:
    """Make this week's digest row for every coordinator (once) and queue one task per unsent row."""
    from organisations.tasks import coordinator_digest_send_task

    period = digest_period(today or timezone.localdate())
    coordinators = Membership.objects.filter(
        role__in=[Membership.Role.COORDINATOR, Membership.Role.ADMIN], user__email__isnull=False
    ).exclude(user__email="")
    next_attempt_at = timezone.now() + GRACE
    CoordinatorDigest.objects.bulk_create(
        [CoordinatorDigest(membership=m, period=period, next_attempt_at=next_attempt_at) for m in coordinators],
        ignore_conflicts=True,
    )
    unsent = list(
        CoordinatorDigest.objects.filter(period=period, sent_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for digest_id in unsent:
        coordinator_digest_send_task.delay(digest_id)
    return unsent


def coordinator_digest_send(*, digest: CoordinatorDigest, today: datetime.date | None = None) -> bool:
    """Mail one coordinator their digest, once. Returns whether a mail went out now.

    A mail server that fails is logged and recorded on the row; the catch-up task tries again."""
    try:
        return _digest_deliver(digest, today=today)
    except MAIL_ERRORS:
        logger.exception("digest %s not sent; the catch-up task tries again", digest.pk)
        with transaction.atomic():
            locked = CoordinatorDigest.objects.select_for_update().get(pk=digest.pk)
            locked.attempts += 1
            locked.next_attempt_at = retry_at(attempts=locked.attempts, now=timezone.now())
            locked.save(update_fields=["attempts", "next_attempt_at"])
        return False


@transaction.atomic
def _digest_deliver(digest: CoordinatorDigest, *, today: datetime.date | None) -> bool:
    locked = (
        CoordinatorDigest.objects.select_for_update(of=("self",))
        .select_related("membership__user", "membership__organisation")
        .get(pk=digest.pk)
    )
    if locked.sent_at:
        return False
    organisation = locked.membership.organisation
    rows = completion_by_team_and_course(organisation=organisation, today=today)
    if rows:
        context = {
            "organisation": organisation,
            "rows": rows,
            "overdue": overdue_people(organisation=organisation, today=today, limit=20),
        }
        mail_send(
            subject=str(_("Weekly overview: %(name)s") % {"name": organisation.name}),
            text=render_to_string("organisations/email/digest.txt", context),
            to=[locked.membership.user.email],
        )
    locked.sent_at = timezone.now()  # nothing to report counts as done too
    locked.next_attempt_at = None
    locked.save(update_fields=["sent_at", "next_attempt_at"])
    return bool(rows)


def coordinator_digests_retry(*, now: datetime.datetime | None = None, limit: int = 500) -> list[int]:
    """Catch-up: queue this week's unsent digests whose next try is due (claimed for ``GRACE`` first)."""
    from organisations.tasks import coordinator_digest_send_task

    now = now or timezone.now()
    due = list(
        CoordinatorDigest.objects.filter(
            sent_at__isnull=True, next_attempt_at__lte=now, period=digest_period(timezone.localdate(now))
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    CoordinatorDigest.objects.filter(pk__in=due).update(next_attempt_at=now + GRACE)
    for digest_id in due:
        coordinator_digest_send_task.delay(digest_id)
    return due
