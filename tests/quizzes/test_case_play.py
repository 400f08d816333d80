"""A case is played scene by scene: the answer decides the next scene, and the end shows a timeline of signals.

The case of ``tests.quizzes.case_factories``: s1 → (right) s2a → s3, or s1 → (wrong) s2b → s3.
"""

from decimal import Decimal

import pytest

from quizzes import cases, services
from quizzes.models import QuizAnswer, QuizAttempt
from quizzes.signals import attempt_graded
from tests.quizzes.case_factories import CaseFactory, branching_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(db):
    return CaseFactory()


def _play(attempt, *answers):
    for scene, option in answers:
        attempt = services.case_scene_answer(attempt=attempt, scene_key=scene, response={"option": option})
    return attempt


def _responses(attempt) -> dict:
    return {answer.question_key: answer.response for answer in attempt.answers.all()}


def test_a_case_starts_at_its_first_scene_with_its_scenes_and_ending_frozen_on_the_attempt(case, learner):
    attempt = services.quiz_attempt_start(quiz=case, learner=learner)

    assert [step["name"] for step in attempt.questions] == ["s1", "s2a", "s2b", "s3"]
    assert [item["type"] for item in attempt.ending] == ["other_seat_signal", "epilogue"]
    assert cases.case_path(attempt.questions, {}).current["name"] == "s1"


def test_the_right_answer_follows_the_main_path(case, learner):
    attempt = _play(services.quiz_attempt_start(quiz=case, learner=learner), ("s1", "s1-b"))

    assert cases.case_path(attempt.questions, _responses(attempt)).current["name"] == "s2a"


def test_a_wrong_answer_branches_to_its_own_scene(case, learner):
    attempt = _play(services.quiz_attempt_start(quiz=case, learner=learner), ("s1", "s1-a"))

    assert cases.case_path(attempt.questions, _responses(attempt)).current["name"] == "s2b"


def test_a_scene_can_lead_past_the_branch_it_does_not_belong_to(case, learner):
    attempt = _play(services.quiz_attempt_start(quiz=case, learner=learner), ("s1", "s1-b"), ("s2a", "s2a-a"))

    assert cases.case_path(attempt.questions, _responses(attempt)).current["name"] == "s3"


def test_answering_the_last_scene_finishes_and_passes_the_case(case, learner, django_capture_on_commit_callbacks):
    graded = []
    attempt_graded.connect(lambda sender, attempt, **kwargs: graded.append(attempt.pk), weak=False, dispatch_uid="t")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            attempt = _play(
                services.quiz_attempt_start(quiz=case, learner=learner),
                ("s1", "s1-b"),
                ("s2a", "s2a-a"),
                ("s3", "s3-b"),
            )
    finally:
        attempt_graded.disconnect(dispatch_uid="t")

    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.GRADED
    assert attempt.passed  # finishing the case is what completes it, like passing a quiz
    assert graded == [attempt.pk]  # the same signal a quiz sends, so courses counts it the same way


def test_the_score_counts_the_scenes_on_the_learners_own_path(case, learner):
    attempt = _play(
        services.quiz_attempt_start(quiz=case, learner=learner), ("s1", "s1-a"), ("s2b", "s2b-b"), ("s3", "s3-b")
    )

    attempt.refresh_from_db()
    assert attempt.max_points == 3  # s1, s2b and s3: the branch not taken (s2a) is no missed signal
    assert attempt.score_points == Decimal("2.000")
    assert attempt.score_percent == Decimal("66.66")


def test_the_timeline_puts_own_and_other_seats_signals_in_story_order(case, learner):
    attempt = _play(
        services.quiz_attempt_start(quiz=case, learner=learner), ("s1", "s1-b"), ("s2a", "s2a-a"), ("s3", "s3-b")
    )

    timeline = cases.case_timeline(attempt.questions, attempt.ending, _responses(attempt))

    assert [(entry.signal, entry.spotted, entry.seat) for entry in timeline] == [
        ("SIGNAL s1", True, ""),
        ("SIGNAL mentor", None, "the mentor"),
        ("SIGNAL s2a", False, ""),
        ("SIGNAL s3", True, ""),
    ]


def test_editing_the_case_afterwards_changes_nothing_of_a_finished_attempt(case, learner):
    attempt = _play(
        services.quiz_attempt_start(quiz=case, learner=learner), ("s1", "s1-b"), ("s2a", "s2a-a"), ("s3", "s3-b")
    )
    before = cases.case_timeline(attempt.questions, attempt.ending, _responses(attempt))
    case.questions = branching_steps()[:1]  # the editor cuts the case to one scene...
    case.ending = []  # ...and drops the other seats' signals
    case.save()

    attempt = QuizAttempt.objects.get(pk=attempt.pk)

    assert cases.case_timeline(attempt.questions, attempt.ending, _responses(attempt)) == before
    assert attempt.score_percent == Decimal("66.66")


def test_a_new_play_starts_a_new_attempt_and_keeps_the_old_answers(case, learner):
    first = _play(
        services.quiz_attempt_start(quiz=case, learner=learner), ("s1", "s1-b"), ("s2a", "s2a-b"), ("s3", "s3-b")
    )

    second = services.quiz_attempt_start(quiz=case, learner=learner)

    assert second.pk != first.pk and second.number == 2
    assert QuizAnswer.objects.filter(attempt=first).count() == 3
    assert not QuizAnswer.objects.filter(attempt=second).exists()
