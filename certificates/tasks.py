"""Celery tasks: take ids, call a service. Redelivery is harmless: the services hold state guards."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from certificates.models import Certificate
from courses.models import Enrollment

logger = logging.getLogger(__name__)

# Worth a retry: the database or the mail server was briefly away. Anything else is a bug to look at.
TRANSIENT_ERRORS = (OSError, OperationalError, InterfaceError)
RETRY = {"autoretry_for": TRANSIENT_ERRORS, "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 5}


@shared_task(acks_late=True, ignore_result=True, **RETRY)
def certificate_issue_task(enrollment_id: int, language: str | None = None) -> int | None:
    from certificates.services import certificate_issue

    enrollment = Enrollment.objects.filter(pk=enrollment_id).first()
    if enrollment is None:
        return None  # deleted since: nothing to certify
    return certificate_issue(enrollment=enrollment, language=language).pk


@shared_task(acks_late=True, ignore_result=True, **RETRY)
def certificate_email_task(certificate_id: int) -> bool:
    from certificates.services import certificate_email_send

    certificate = Certificate.objects.select_related("learner").filter(pk=certificate_id).first()
    return bool(certificate) and certificate_email_send(certificate=certificate)


@shared_task(acks_late=True, ignore_result=True, **RETRY)
def certificate_expiry_notice_task(certificate_id: int) -> bool:
    from certificates.services import certificate_expiry_notice_send

    certificate = Certificate.objects.filter(pk=certificate_id).first()
    return bool(certificate) and certificate_expiry_notice_send(certificate=certificate)


@shared_task(ignore_result=True)
def certificates_issue_missing_task() -> int:
    from certificates.services import certificates_issue_missing

    issued = certificates_issue_missing()
    if issued:
        logger.warning("issued %s missing certificate(s) in catch-up", issued)
    return issued


@shared_task(ignore_result=True)
def certificates_email_unsent_task() -> int:
    from certificates.services import certificates_email_unsent

    return len(certificates_email_unsent())


@shared_task(ignore_result=True)
def certificates_expiry_notices_task() -> int:
    from certificates.services import certificate_expiry_notices_send

    return len(certificate_expiry_notices_send())
