"""Issuing, e-mailing, revoking and renewing certificates.

The PDF is rendered once, lazily, and then kept in the default storage (`certificate_pdf_ensure`): issuing
is only a row, so a burst of completions (a whole municipality finishing before a deadline) is issued in
seconds; the e-mail task, which needs the PDF anyway, renders and stores it right after, and a download
before that renders it on the spot. Stored, not re-rendered per download, because a certificate is frozen:
a font or template change later must not alter a document the learner already holds.

Nothing that can fail on its own (the renderer, the mail server) runs in the learner's request or may fail it:
the e-mail is queued after the commit, a failed try is logged and recorded (``emailed_at`` stays empty,
``email_attempts`` and ``email_next_attempt_at`` say when to try again) and ``certificates_email_unsent``, a
periodic task, tries again with a growing pause until it goes out.
"""

import datetime
import logging
import secrets
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.mail import mail_send, site_url
from certificates.audit import certificate_revoked_log
from certificates.codes import code_generate
from certificates.models import Certificate
from certificates.pdf import certificate_pdf
from courses.models import Enrollment
from courses.progress import enrollment_score

logger = logging.getLogger(__name__)

CERTIFICATE_NOT_COMPLETED = _("A certificate is only issued for a completed course.")
CERTIFICATE_REVOKE_REASON_REQUIRED = _("Give a reason for revoking the certificate.")

EMAIL_GRACE = timedelta(minutes=5)  # the queued task's turn; after that the catch-up task steps in
RETRY_FIRST = timedelta(minutes=5)
RETRY_MAX = timedelta(hours=1)  # the mail goes out at most this long after the mail server is back


class CertificatePdfUnavailable(Exception):
    """The PDF could not be rendered now (the renderer failed); the certificate itself is fine."""


def retry_at(*, attempts: int, now: datetime.datetime) -> datetime.datetime:
    """When to try again after ``attempts`` failed tries: 5, 10, 20, 40 minutes, then every hour."""
    return now + min(RETRY_FIRST * 2 ** max(attempts - 1, 0), RETRY_MAX)


def _language(language: str | None) -> str:
    try:
        return translation.get_supported_language_variant(language or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def _expiry(enrollment: Enrollment) -> datetime.date | None:
    months = enrollment.course.certificate_validity_months
    if not months:
        return None
    return timezone.localdate(enrollment.completed_at) + relativedelta(months=months)


def _absolute(path: str) -> str:
    return site_url() + path


@transaction.atomic
def certificate_issue(*, enrollment: Enrollment, language: str | None = None) -> Certificate:
    """Issue the certificate of a completed enrollment cycle, once.

    The enrollment row lock serialises concurrent deliveries of the same task; the one-to-one column is the
    backstop where the database has no row locks (SQLite). A second call returns the first certificate.
    """
    enrollment = Enrollment.objects.select_for_update().select_related("learner", "course").get(pk=enrollment.pk)
    if not enrollment.is_completed:
        raise ValidationError(CERTIFICATE_NOT_COMPLETED, code="not_completed")
    existing = Certificate.objects.filter(enrollment=enrollment).first()
    if existing:
        return existing
    course = enrollment.course
    certificate = Certificate(
        enrollment=enrollment,
        learner=enrollment.learner,
        learner_name=str(enrollment.learner.display_name)[:300],
        course_title=course.title,
        course_version=course.live_revision_id or course.latest_revision_id,
        completed_at=enrollment.completed_at,
        score_percent=enrollment_score(enrollment=enrollment),
        expires_on=_expiry(enrollment),
        code=code_generate(),
        language=_language(language),
        email_next_attempt_at=timezone.now() + EMAIL_GRACE,
    )
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:
        return Certificate.objects.get(enrollment=enrollment)

    from certificates.tasks import certificate_email_task

    # robust: with tasks in-process a failure is logged here and never reaches the learner's request
    transaction.on_commit(lambda: certificate_email_task.delay(certificate.pk), robust=True)
    return certificate


def certificate_pdf_ensure(*, certificate: Certificate) -> bytes:
    """The certificate's PDF: from storage, or rendered now and stored for every later request."""
    if certificate.pdf:
        try:
            with certificate.pdf.open("rb") as file:
                return file.read()
        except FileNotFoundError:
            logger.warning("certificate %s: stored PDF missing, rendering again", certificate.pk)
    try:
        content = certificate_pdf(certificate)
    except Exception as error:  # noqa: BLE001 - whatever the renderer raises, the certificate is fine
        raise CertificatePdfUnavailable(f"certificate {certificate.pk}: PDF not rendered") from error
    name = f"{secrets.token_hex(16)}.pdf"  # unguessable: DEBUG serves MEDIA_URL publicly
    certificate.pdf.save(name, ContentFile(content), save=False)
    Certificate.objects.filter(pk=certificate.pk).update(pdf=certificate.pdf.name)
    return content


def certificate_email_send(*, certificate: Certificate) -> bool:
    """E-mail the certificate with its PDF to the learner, once. Returns whether a mail was sent now.

    Never raises for a renderer or a mail server that fails: the failure is logged and recorded, and the
    catch-up task tries again later. ``emailed_at`` is set only when the send succeeded.
    """
    if certificate.emailed_at or certificate.is_revoked or not certificate.learner.email:
        return False
    try:
        content = certificate_pdf_ensure(certificate=certificate)
        return _certificate_email_deliver(certificate, content)
    except (CertificatePdfUnavailable, OSError):  # smtplib's and socket errors are OSErrors
        logger.exception("certificate %s: e-mail not sent; the catch-up task tries again", certificate.pk)
        _certificate_email_failed(certificate)
        return False


def _certificate_email_deliver(certificate: Certificate, content: bytes) -> bool:
    """The PDF is rendered before the row is locked, so the lock is held only for the send itself; the lock
    makes a concurrent second delivery wait and then see ``emailed_at``."""
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().select_related("learner").get(pk=certificate.pk)
        if locked.emailed_at or locked.is_revoked:
            return False
        with translation.override(locked.language):
            context = {
                "certificate": locked,
                "mine_url": _absolute(reverse("certificates:mine")),
                "verify_url": _absolute(reverse("certificates:verify_code", args=[locked.code])),
            }
            subject = render_to_string("certificates/email/issued_subject.txt", context).strip()
            body = render_to_string("certificates/email/issued_body.txt", context)
            filename = f"{translation.gettext('certificate')}-{locked.display_code}.pdf"
        mail_send(
            subject=subject, text=body, to=[locked.learner.email], attachments=[(filename, content, "application/pdf")]
        )
        locked.emailed_at = timezone.now()
        locked.save(update_fields=["emailed_at"])
    certificate.emailed_at = locked.emailed_at
    return True


@transaction.atomic
def _certificate_email_failed(certificate: Certificate) -> None:
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    locked.email_attempts += 1
    locked.email_next_attempt_at = retry_at(attempts=locked.email_attempts, now=timezone.now())
    locked.save(update_fields=["email_attempts", "email_next_attempt_at"])
    certificate.email_attempts = locked.email_attempts
    certificate.email_next_attempt_at = locked.email_next_attempt_at


def certificates_email_unsent(*, now: datetime.datetime | None = None, limit: int = 500) -> list[int]:
    """Catch-up: queue the certificate mails whose next try is due (failed before, or their task was lost).

    Each is claimed for ``EMAIL_GRACE`` first, so the next run does not queue it again while it waits."""
    from certificates.selectors import certificates_email_due
    from certificates.tasks import certificate_email_task

    now = now or timezone.now()
    due = certificates_email_due(now=now, limit=limit)
    Certificate.objects.filter(pk__in=due).update(email_next_attempt_at=now + EMAIL_GRACE)
    for certificate_id in due:
        certificate_email_task.delay(certificate_id)
    return due


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, revoked_by=None) -> Certificate:
    """Revoke with a reason. The stored PDF is deleted after commit; the verification page says revoked.

    The audit trail keeps who revoked it and why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(CERTIFICATE_REVOKE_REASON_REQUIRED, code="reason_required")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.is_revoked:
        return certificate
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason
    certificate.save(update_fields=["revoked_at", "revoked_reason"])
    certificate_revoked_log(certificate=certificate, user=revoked_by, reason=reason)
    if certificate.pdf:
        stored = certificate.pdf
        transaction.on_commit(lambda: stored.storage.delete(stored.name))
        Certificate.objects.filter(pk=certificate.pk).update(pdf="")
        certificate.pdf = ""
    return certificate


def certificates_issue_missing(*, limit: int = 500) -> int:
    """Catch-up: issue what completions without a queued task (broker down, lost message) left missing."""
    from certificates.selectors import enrollments_without_certificate

    issued = 0
    for enrollment_id in enrollments_without_certificate(limit=limit):
        certificate_issue(enrollment=Enrollment(pk=enrollment_id))
        issued += 1
    return issued


def certificate_expiry_notice_send(*, certificate: Certificate) -> bool:
    """Tell the learner, once, that the certificate expires soon, with a link that starts the renewal."""
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().select_related("learner").get(pk=certificate.pk)
        if locked.expiry_notice_sent_at or locked.is_revoked or not locked.learner.email:
            return False
        with translation.override(locked.language):
            context = {"certificate": locked, "renew_url": _absolute(reverse("certificates:renew", args=[locked.pk]))}
            subject = render_to_string("certificates/email/expiry_subject.txt", context).strip()
            body = render_to_string("certificates/email/expiry_body.txt", context)
        try:
            mail_send(subject=subject, text=body, to=[locked.learner.email])
        except OSError:
            # unsent stays unsent: the next run of the notices task (every few hours) picks it up again
            logger.exception("certificate %s: expiry notice not sent; the next run tries again", locked.pk)
            return False
        locked.expiry_notice_sent_at = timezone.now()
        locked.save(update_fields=["expiry_notice_sent_at"])
    return True


def certificate_expiry_notices_send(*, today: datetime.date | None = None, limit: int = 1000) -> list[int]:
    """Queue an expiry notice for each certificate that expires within CERTIFICATE_EXPIRY_NOTICE_DAYS."""
    from certificates.selectors import certificates_due_for_expiry_notice
    from certificates.tasks import certificate_expiry_notice_task

    due = certificates_due_for_expiry_notice(
        today=today or timezone.localdate(), days=settings.CERTIFICATE_EXPIRY_NOTICE_DAYS, limit=limit
    )
    for certificate_id in due:
        certificate_expiry_notice_task.delay(certificate_id)
    return due
