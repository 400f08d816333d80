import datetime

from django.db.models import Exists, OuterRef, QuerySet

from certificates.models import Certificate
from courses.models import Enrollment


def certificate_by_code(*, code: str) -> Certificate | None:
    """``code`` is already normalised (see certificates.codes); one indexed lookup."""
    return Certificate.objects.filter(code=code).first()


def learner_certificates(*, learner) -> QuerySet[Certificate]:
    """The learner's certificates, newest first, with what the list needs for the renew button: one query."""
    return Certificate.objects.filter(learner=learner).select_related("enrollment").order_by("-issued_at")


def learner_certificate(*, learner, pk: int) -> Certificate | None:
    return Certificate.objects.filter(learner=learner, pk=pk).select_related("enrollment").first()


def enrollments_without_certificate(*, limit: int) -> list[int]:
    """Completed enrollments whose certificate is missing (e.g. the broker was down at completion)."""
    return list(
        Enrollment.objects.filter(status=Enrollment.Status.COMPLETED, certificate__isnull=True)
        .order_by("completed_at")
        .values_list("pk", flat=True)[:limit]
    )


def certificates_due_for_expiry_notice(*, today: datetime.date, days: int, limit: int) -> list[int]:
    """Valid certificates expiring within ``days`` whose learner was not told yet and has not renewed yet."""
    renewed = Enrollment.objects.filter(
        learner=OuterRef("learner"), course=OuterRef("enrollment__course"), cycle__gt=OuterRef("enrollment__cycle")
    )
    return list(
        Certificate.objects.filter(
            expires_on__gte=today,
            expires_on__lte=today + datetime.timedelta(days=days),
            expiry_notice_sent_at__isnull=True,
            revoked_at__isnull=True,
            enrollment__isnull=False,
        )
        .exclude(learner__email__isnull=True)
        .exclude(learner__email="")
        .filter(~Exists(renewed))
        .order_by("expires_on")
        .values_list("pk", flat=True)[:limit]
    )


def certificates_email_due(*, now: datetime.datetime, limit: int) -> list[int]:
    """Certificates whose mail has not gone out and whose next try is due (see ``certificates_email_unsent``)."""
    return list(
        Certificate.objects.filter(emailed_at__isnull=True, revoked_at__isnull=True, email_next_attempt_at__lte=now)
        .exclude(learner__email__isnull=True)
        .exclude(learner__email="")
        .order_by("email_next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
