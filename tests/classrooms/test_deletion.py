"""Deleting a pupil leaves nothing: no row anywhere that points at them, directly or through another row."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from classrooms import services
from classrooms.models import Pupil, SchoolClass
from classrooms.tasks import pupils_delete_inactive_task
from courses.models import LessonPage, LessonProgress
from courses.services import enrollment_create, lesson_visit
from h5p.models import H5PContentState, H5PResult, H5PStatement
from quizzes.models import QuizAnswer, QuizAttempt
from quizzes.services import quiz_attempt_start, quiz_attempt_submit
from tests.classrooms.factories import pupil_make, school_class_make
from tests.h5p.factories import H5PActivityFactory
from tests.quizzes.factories import QuizFactory, single_choice

pytestmark = pytest.mark.django_db


def _rows_pointing_at(model, pks: set, depth: int = 3) -> set[tuple[str, object]]:
    """Every (model label, pk) that references a row of ``model`` in ``pks``, and what references those."""
    found = set()
    if not pks or depth == 0:
        return found
    for other in apps.get_models():
        for field in other._meta.get_fields():
            if isinstance(field, models.ForeignKey | models.OneToOneField) and field.related_model is model:
                rows = set(other._default_manager.filter(**{f"{field.attname}__in": pks}).values_list("pk", flat=True))
                found |= {(other._meta.label, pk) for pk in rows}
                found |= _rows_pointing_at(other, rows, depth - 1)
    return found


def _still_there(rows: set[tuple[str, object]]) -> set[tuple[str, object]]:
    return {(label, pk) for label, pk in rows if apps.get_model(label)._default_manager.filter(pk=pk).exists()}


def _pupil_with_everything(school_class, course, nickname="Das") -> Pupil:
    pupil = pupil_make(school_class, nickname)
    learner = pupil.user
    enrollment = enrollment_create(learner=learner, course=course)
    lesson_visit(enrollment=enrollment, lesson=LessonPage.objects.child_of(course).first())
    quiz = QuizFactory(questions=[single_choice("sc")])
    quiz_attempt_submit(attempt=quiz_attempt_start(quiz=quiz, learner=learner), responses={"sc": {"option": "sc-a"}})
    activity = H5PActivityFactory()
    H5PStatement.objects.create(
        learner=learner, activity=activity, verb="http://adlnet.gov/expapi/verbs/answered", statement={}
    )
    H5PResult.objects.create(learner=learner, activity=activity, scaled=0.5, attempts=1)
    H5PContentState.objects.create(learner=learner, activity=activity, data_type="state", sub_content_id="0", data="{}")
    return pupil


@pytest.fixture
def pupil(school_class, course):
    return _pupil_with_everything(school_class, course)


def test_deleting_a_pupil_leaves_no_row_that_points_at_them(pupil, school_class, course):
    bystander = _pupil_with_everything(school_class, course, "Mol")
    user_model = get_user_model()
    rows = _rows_pointing_at(user_model, {pupil.user_id})
    labels = {label for label, _pk in rows}
    assert {"classrooms.Pupil", "courses.Enrollment", "courses.LessonProgress", "quizzes.QuizAttempt"} <= labels
    assert {"quizzes.QuizAnswer", "h5p.H5PStatement", "h5p.H5PResult", "h5p.H5PContentState"} <= labels

    services.pupil_delete(pupil=pupil)

    assert _still_there(rows) == set()
    assert not user_model.objects.filter(pk=pupil.user_id).exists()
    assert _still_there(_rows_pointing_at(user_model, {bystander.user_id})) != set()


def test_archiving_a_class_deletes_all_its_pupils_and_their_data(pupil, school_class, course):
    second = _pupil_with_everything(school_class, course, "Mol")
    other_class_pupil = _pupil_with_everything(school_class_make(), course, "Vlinder")
    user_ids = {pupil.user_id, second.user_id}
    rows = _rows_pointing_at(get_user_model(), user_ids)

    assert services.school_class_archive(school_class=school_class) == 2

    assert _still_there(rows) == set()
    assert not get_user_model().objects.filter(pk__in=user_ids).exists()
    school_class.refresh_from_db()
    assert school_class.is_archived and not school_class.joining_open
    assert Pupil.objects.filter(pk=other_class_pupil.pk).exists()


def test_deleting_a_class_deletes_it_with_its_pupils(pupil, school_class):
    rows = _rows_pointing_at(get_user_model(), {pupil.user_id})
    services.school_class_delete(school_class=school_class)
    assert _still_there(rows) == set()
    assert not SchoolClass.objects.filter(pk=school_class.pk).exists()


def test_deleting_the_teacher_s_account_takes_the_pupils_along(pupil, school_class, teacher):
    teacher.delete()
    assert not get_user_model().objects.filter(pk=pupil.user_id).exists()
    assert QuizAttempt.objects.count() == 0 and QuizAnswer.objects.count() == 0


def test_pupils_inactive_longer_than_the_setting_are_deleted(settings, school_class, course):
    settings.PUPIL_INACTIVE_DAYS = 365
    now = timezone.now()
    stale = _pupil_with_everything(school_class, course, "Oud")
    fresh = pupil_make(school_class, "Nieuw")
    Pupil.objects.filter(pk=stale.pk).update(last_active_at=now - timedelta(days=366))
    Pupil.objects.filter(pk=fresh.pk).update(last_active_at=now - timedelta(days=364))
    rows = _rows_pointing_at(get_user_model(), {stale.user_id})

    assert services.pupils_delete_inactive(now=now) == 1

    assert _still_there(rows) == set()
    assert Pupil.objects.filter(pk=fresh.pk).exists()
    assert services.pupils_delete_inactive(now=now + timedelta(days=2)) == 1
    assert not Pupil.objects.exists()


def test_the_periodic_task_deletes_inactive_pupils_and_is_scheduled(settings, school_class):
    pupil = pupil_make(school_class)
    Pupil.objects.filter(pk=pupil.pk).update(last_active_at=timezone.now() - timedelta(days=400))
    assert pupils_delete_inactive_task.delay().get() == 1
    assert pupils_delete_inactive_task() == 0
    entry = settings.CELERY_BEAT_SCHEDULE["classrooms-pupils-delete-inactive"]
    assert entry["task"] == "classrooms.tasks.pupils_delete_inactive_task"


def test_no_lesson_progress_is_left_for_a_deleted_pupil(pupil):
    user_id = pupil.user_id
    services.pupil_delete(pupil=pupil)
    assert not LessonProgress.objects.filter(enrollment__learner_id=user_id).exists()
