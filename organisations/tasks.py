from celery import shared_task

from organisations.models import Invitation


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def invitation_send_task(invitation_id: int) -> bool:
    from organisations.services import invitation_send

    invitation = Invitation.objects.filter(pk=invitation_id).first()
    return bool(invitation) and invitation_send(invitation=invitation)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def assignment_reminders_send_task() -> list[int]:
    from organisations.assignments import assignment_reminders_send

    return list(assignment_reminders_send())


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def coordinator_digests_send_task() -> int:
    from organisations.reports import coordinator_digests_send

    return coordinator_digests_send()
