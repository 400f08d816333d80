from celery import shared_task

from classrooms.services import pupils_delete_inactive


@shared_task(ignore_result=True, acks_late=True)
def pupils_delete_inactive_task() -> int:
    """Delete pupils inactive for PUPIL_INACTIVE_DAYS, with all their data. Idempotent: a rerun finds none."""
    return pupils_delete_inactive()
