"""A result counts only in the enrolment cycle it was earned in, and a scored activity needs its score."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from certificates.models import Certificate
from courses.blocks import H5PBlock
from courses.models import Enrollment, LessonProgress
from courses.services import enrollment_renew
from h5p.models import H5PActivity
from quizzes.models import QuizAttempt
from tests.courses.factories import course_with_lessons, lesson_add
from tests.courses.test_access import activities_body, enrolled, xapi
from tests.h5p.factories import H5PActivityFactory
from tests.quizzes.factories import QuizFactory, single_choice

pytestmark = pytest.mark.django_db


def hand_in(client, quiz, *answers: str) -> QuizAttempt:
    client.post(reverse("quizzes:start", args=[quiz.pk]))
    attempt = QuizAttempt.objects.filter(quiz=quiz, status=QuizAttempt.Status.IN_PROGRESS).get()
    responses = {f"q__q{number}": answer for number, answer in enumerate(answers)}
    client.post(reverse("quizzes:attempt_submit", args=[attempt.pk]), responses)
    attempt.refresh_from_db()
    return attempt


def finish(client, course, lesson):
    return client.post(reverse("courses:lesson_complete", args=[course.pk, lesson.pk]), follow=True)


@pytest.fixture
def exam():
    """A course whose one lesson holds a two-question exam with a pass mark of 50 %."""
    quiz = QuizFactory(
        questions=[single_choice("q0", correct="b"), single_choice("q1", correct="b")], pass_mark_percent=50
    )
    course = course_with_lessons(0, certificate_validity_months=12)
    lesson = lesson_add(course, title="Eindtoets", body=activities_body(quiz=quiz))
    return quiz, course, lesson


def test_a_pass_from_before_enrolling_counts_for_nothing(exam, django_capture_on_commit_callbacks):
    quiz, course, lesson = exam
    other = course_with_lessons(0, title="Andere cursus")
    lesson_add(other, title="Zelfde toets", body=activities_body(quiz=quiz))
    learner, client = enrolled(other)
    with django_capture_on_commit_callbacks(execute=True):
        assert hand_in(client, quiz, "q0-b", "q1-b").passed
    client.post(reverse("courses:enroll", args=[course.pk]))

    page = client.get(lesson.url).content.decode()
    response = finish(client, course, lesson)

    assert "Gehaald." not in page
    assert quiz.title in response.content.decode()  # "first pass: <quiz>"
    assert not LessonProgress.objects.filter(enrollment__course=course, completed_at__isnull=False).exists()
    assert client.get(reverse("quizzes:take", args=[quiz.pk])).status_code == 200  # history stays visible


def test_after_a_renewal_the_earlier_cycles_results_count_for_nothing(exam, django_capture_on_commit_callbacks):
    quiz, course, lesson = exam
    learner, client = enrolled(course)
    with django_capture_on_commit_callbacks(execute=True):
        hand_in(client, quiz, "q0-b", "q1-b")  # 100 %
        finish(client, course, lesson)
    first = Enrollment.objects.get(learner=learner, cycle=1)
    assert first.is_completed and Certificate.objects.get(enrollment=first).score_percent == Decimal("100")

    with django_capture_on_commit_callbacks(execute=True):
        renewed = enrollment_renew(learner=learner, course=course)
        refused = finish(client, course, lesson)
        hand_in(client, quiz, "q0-b", "q1-a")  # 50 %: passes, and completes the lesson that waited for it

    assert quiz.title in refused.content.decode()
    renewed.refresh_from_db()
    assert renewed.is_completed
    assert Certificate.objects.get(enrollment=renewed).score_percent == Decimal("50")


def test_the_certificate_score_is_the_cycles_own_even_when_an_earlier_one_was_higher(
    exam, django_capture_on_commit_callbacks
):
    quiz, course, lesson = exam
    learner, client = enrolled(course)
    with django_capture_on_commit_callbacks(execute=True):
        hand_in(client, quiz, "q0-b", "q1-b")
        finish(client, course, lesson)
        enrollment_renew(learner=learner, course=course)
        hand_in(client, quiz, "q0-a", "q1-a")  # 0 %: fails in the new cycle

    renewed = Enrollment.objects.get(learner=learner, cycle=2)
    assert not renewed.is_completed
    assert not Certificate.objects.filter(enrollment=renewed).exists()


@pytest.fixture
def h5p_lesson():
    def build(threshold: int):
        activity = H5PActivityFactory()
        course = course_with_lessons(0, title=f"H5P {threshold}")
        lesson = lesson_add(course, title="Spelen", body=activities_body(activity=activity, threshold=threshold))
        return activity, course, lesson

    return build


def completed_without_score(client, activity):
    return xapi(client, activity, verb={"id": "http://adlnet.gov/expapi/verbs/completed"}, result={"completion": True})


def test_a_bare_completed_does_not_pass_a_scored_activity(h5p_lesson, django_capture_on_commit_callbacks):
    activity, course, lesson = h5p_lesson(70)
    _learner, client = enrolled(course)
    with django_capture_on_commit_callbacks(execute=True):
        assert completed_without_score(client, activity).status_code == 201
        finish(client, course, lesson)

    assert not Enrollment.objects.get(course=course).is_completed


def test_a_bare_completed_passes_content_without_a_pass_mark(h5p_lesson, django_capture_on_commit_callbacks):
    activity, course, lesson = h5p_lesson(0)
    _learner, client = enrolled(course)
    with django_capture_on_commit_callbacks(execute=True):
        completed_without_score(client, activity)
        finish(client, course, lesson)

    assert Enrollment.objects.get(course=course).is_completed


def test_an_h5p_score_from_before_enrolling_counts_for_nothing(h5p_lesson, django_capture_on_commit_callbacks):
    activity, course, lesson = h5p_lesson(70)
    other = course_with_lessons(0, title="Andere cursus")
    lesson_add(other, title="Zelfde activiteit", body=activities_body(activity=activity))
    learner, client = enrolled(other)
    with django_capture_on_commit_callbacks(execute=True):
        xapi(client, activity)  # 4/4
        client.post(reverse("courses:enroll", args=[course.pk]))
        finish(client, course, lesson)

    assert not Enrollment.objects.get(learner=learner, course=course).is_completed
    with django_capture_on_commit_callbacks(execute=True):
        xapi(client, activity)  # the same score, now in this cycle: the waiting lesson completes

    assert Enrollment.objects.get(learner=learner, course=course).is_completed


def block_with(library: str, *, required: bool = True, threshold: int = 70) -> dict:
    activity = H5PActivityFactory()
    H5PActivity.objects.filter(pk=activity.pk).update(main_library=f"{library}-1.0")
    block = H5PBlock()
    return block.clean(block.to_python({"activity": activity.pk, "is_required": required, "pass_threshold": threshold}))


def test_an_editor_cannot_set_a_pass_mark_on_content_that_gives_no_score():
    with pytest.raises(ValidationError, match="H5P.Accordion"):
        block_with("H5P.Accordion", threshold=70)
    assert block_with("H5P.Accordion", threshold=0)


def test_content_that_never_reports_completion_cannot_be_required():
    with pytest.raises(ValidationError, match="H5P.ImageSlider"):
        block_with("H5P.ImageSlider", threshold=0)
    assert block_with("H5P.ImageSlider", required=False, threshold=0)


def test_required_scored_content_needs_a_pass_mark():
    with pytest.raises(ValidationError, match="H5P.MultiChoice"):
        block_with("H5P.MultiChoice", threshold=0)
    assert block_with("H5P.MultiChoice", threshold=70)


def test_an_accordion_that_was_opened_completes_its_lesson(h5p_lesson, django_capture_on_commit_callbacks):
    activity, course, lesson = h5p_lesson(0)
    _learner, client = enrolled(course)
    consumed = {"id": "http://activitystrea.ms/schema/1.0/consume"}
    with django_capture_on_commit_callbacks(execute=True):
        assert xapi(client, activity, verb=consumed, result={"completion": True}).status_code == 201
        finish(client, course, lesson)

    assert Enrollment.objects.get(course=course).is_completed
