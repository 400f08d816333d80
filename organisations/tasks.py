"""Celery tasks: take ids, call a service. The services hold the state guards, so redelivery is harmless,
and they record a mail that fails instead of raising: the catch-up task (beat, every few minutes) retries it."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from organisations.models import CoordinatorDigest, Invitation

# Worth a retry by Celery: the database was briefly away. A mail server that fails is the catch-up's job.
RETRY = {"autoretry_for": (OperationalError, InterfaceError), "retry_backoff": True, "max_retries": 5}
# Mail to a whole team or organisation (one task can mail thousands) goes after what one person waits for, such
# as their certificate: a worker takes the next task from the highest priority first (settings: CELERY_*).
BULK = {"priority": 9}


@shared_task(acks_late=True, ignore_result=True, **RETRY)
def invitation_send_task(invitation_id: int) -> bool:
    from organisations.services import invitation_send

    invitation = Invitation.objects.filter(pk=invitation_id).first()
    return bool(invitation) and invitation_send(invitation=invitation)


@shared_task(acks_late=True, ignore_result=True, **RETRY, **BULK)
def assignment_reminders_send_task() -> list[int]:
    from organisations.assignments import assignment_reminders_send

    return list(assignment_reminders_send())


@shared_task(acks_late=True, ignore_result=True, **RETRY, **BULK)
def coordinator_digests_send_task() -> int:
    from organisations.digest import coordinator_digests_send

    return len(coordinator_digests_send())


@shared_task(acks_late=True, ignore_result=True, **RETRY)
def coordinator_digest_send_task(digest_id: int) -> bool:
    from organisations.digest import coordinator_digest_send

    digest = CoordinatorDigest.objects.filter(pk=digest_id).first()
    return bool(digest) and coordinator_digest_send(digest=digest)


@shared_task(acks_late=True, ignore_result=True, **RETRY, **BULK)
def assignment_mails_send_task(assignment_ids: list[int]) -> int:
    from organisations.assignment_mail import assignment_mails_send

    return assignment_mails_send(assignment_ids=assignment_ids)


@shared_task(acks_late=True, ignore_result=True, **RETRY, **BULK)
def invitations_send_task(invitation_ids: list[int]) -> int:
    """A batch of invitations from one import: one message per batch instead of one per person."""
    from organisations.services import invitation_send

    return sum(
        invitation_send(invitation=invitation) for invitation in Invitation.objects.filter(pk__in=invitation_ids)
    )


@shared_task(acks_late=True, ignore_result=True, **RETRY, **BULK)
def overdue_reminders_send_task(person_assignment_ids: list[int]) -> int:
    from organisations.reminders import overdue_reminders_deliver

    return overdue_reminders_deliver(person_assignment_ids=person_assignment_ids)


@shared_task(ignore_result=True)
def former_members_delete_expired_task() -> int:
    from organisations.retention import former_members_delete_expired

    return former_members_delete_expired()


@shared_task(ignore_result=True)
def mail_catch_up_task() -> dict[str, int]:
    """Try again what the mail server refused before, or what a lost task message left unsent."""
    from organisations.assignment_mail import assignment_mails_send
    from organisations.assignments import assignment_notices_retry
    from organisations.digest import coordinator_digests_retry
    from organisations.services import invitations_send_unsent

    return {
        "invitations": len(invitations_send_unsent()),
        "notices": assignment_notices_retry(),
        "digests": len(coordinator_digests_retry()),
        "assignment_mails": assignment_mails_send(),
    }
