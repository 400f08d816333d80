import datetime
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet

from certificates.models import Certificate
from courses.models import Enrollment, LessonActivity, LessonPage


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


def final_quiz_score(*, enrollment: Enrollment) -> Decimal | None:
    """The learner's result on the course's final quiz: the last required quiz in the last lesson having one.

    None when the course has no quiz. The quizzes app keeps results per learner and quiz, not per course
    cycle, so after a renewal this is the learner's result under the quiz's grading method over all cycles.
    """
    lesson_ids = LessonPage.objects.live().child_of(enrollment.course).values("pk")
    activity = (
        LessonActivity.objects.filter(lesson__in=lesson_ids, kind=LessonActivity.Kind.QUIZ, is_required=True)
        .order_by("-lesson__path", "-pk")
        .first()
    )
    if activity is None:
        return None
    from quizzes.models import Quiz
    from quizzes.selectors import quiz_result

    quiz = Quiz.objects.filter(pk=activity.activity_id).first()
    result = quiz_result(learner=enrollment.learner, quiz=quiz) if quiz else None
    return result.score_percent if result else None
