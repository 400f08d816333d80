"""Certificates listens to courses; courses never imports certificates."""

import logging

from django.dispatch import receiver
from django.utils import translation

from courses.signals import course_completed

logger = logging.getLogger(__name__)


@receiver(course_completed, dispatch_uid="certificates.issue_on_completion")
def issue_certificate_on_completion(sender, enrollment, **kwargs):
    """Queue the certificate in the learner's current language (the request's, when a learner finished).

    `course_completed` is sent after commit. If the broker is down, or the task fails while tasks run
    in-process, the learner still sees their completion: the failure is logged, and
    `certificates_issue_missing_task` issues the certificate later.
    """
    from certificates.tasks import certificate_issue_task

    try:
        certificate_issue_task.delay(enrollment.pk, translation.get_language())
    except Exception:  # noqa: BLE001 - a broker that is down, or the task failing in-process
        logger.exception("certificate for enrollment %s not queued; the catch-up task will issue it", enrollment.pk)
