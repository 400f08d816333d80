"""The class page lists every pupil with their progress and last activity, at a cost that does not grow."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from classrooms import services
from classrooms.selectors import class_courses, class_lessons, class_roster
from courses.models import LessonPage
from courses.progress import lesson_complete
from courses.services import enrollment_create
from tests.classrooms.factories import pupil_make, school_class_make
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _detail(school_class):
    return reverse("classrooms:class_detail", args=[school_class.pk])


def _lessons(school_class):
    return class_lessons(courses=class_courses(school_class_id=school_class.pk))


def _finish_first_lesson(pupil, course):
    enrollment = enrollment_create(learner=pupil.user, course=course)
    lesson_complete(enrollment=enrollment, lesson=LessonPage.objects.child_of(course).order_by("path").first())


def test_the_roster_shows_each_pupil_s_progress_and_last_activity(teacher_client, school_class, course):
    busy = pupil_make(school_class, "Snelle Vos")
    idle = pupil_make(school_class, "Stille Uil")
    services.pupil_touch(pupil_id=idle.pk, now=timezone.now() - timedelta(days=3))
    _finish_first_lesson(busy, course)

    rows = {row.pupil.nickname: row for row in class_roster(school_class=school_class, lessons=_lessons(school_class))}

    assert (rows["Snelle Vos"].lessons_done, rows["Snelle Vos"].lessons_total, rows["Snelle Vos"].percent) == (1, 2, 50)
    assert (rows["Stille Uil"].lessons_done, rows["Stille Uil"].percent) == (0, 0)
    assert rows["Stille Uil"].last_active_at < timezone.now() - timedelta(days=2)
    assert rows["Snelle Vos"].last_active_at > timezone.now() - timedelta(minutes=1)
    page = teacher_client.get(_detail(school_class)).content.decode()
    assert "Snelle Vos" in page and "Stille Uil" in page
    assert "1 van 2 lessen" in page and 'aria-valuenow="50"' in page
    assert "3\xa0dagen geleden" in page  # naturaltime keeps the number and its unit together


def test_a_lesson_finished_since_the_last_login_counts_as_activity(school_class, course):
    pupil = pupil_make(school_class)
    services.pupil_touch(pupil_id=pupil.pk, now=timezone.now() - timedelta(days=5))
    _finish_first_lesson(pupil, course)

    (row,) = class_roster(school_class=school_class, lessons=_lessons(school_class))

    assert row.last_active_at > timezone.now() - timedelta(minutes=1)


def test_a_class_without_lessons_shows_its_pupils_at_zero(teacher_client, teacher):
    school_class = school_class_make(teacher=teacher)
    pupil_make(school_class, "Rode Kat")

    (row,) = class_roster(school_class=school_class, lessons=[])

    assert (row.lessons_done, row.lessons_total, row.percent) == (0, 0, 0)
    assert "Rode Kat" in teacher_client.get(_detail(school_class)).content.decode()


def test_another_teacher_s_pupils_never_appear(teacher_client, school_class):
    other = school_class_make(name="Andere klas")
    pupil_make(other, "Vreemde Vogel")
    pupil_make(school_class, "Eigen Leerling")

    page = teacher_client.get(_detail(school_class)).content.decode()

    assert "Eigen Leerling" in page and "Vreemde Vogel" not in page
    assert teacher_client.get(_detail(other)).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("pupils", [3, 30])
def test_the_class_page_costs_the_same_queries_for_3_or_30_pupils(
    teacher_client, school_class, course, pupils, django_assert_num_queries
):
    for number in range(pupils):
        pupil = pupil_make(school_class, f"P{number}")
        if number % 2:
            _finish_first_lesson(pupil, course)
    lessons = _lessons(school_class)
    with django_assert_num_queries(2):
        class_roster(school_class=school_class, lessons=lessons)
    teacher_client.get(_detail(school_class))  # warm the session and site caches
    with django_assert_num_queries(8):  # the session comes from the cache
        assert teacher_client.get(_detail(school_class)).status_code == HTTPStatus.OK


def test_the_roster_is_not_for_someone_without_a_class(client):
    client.force_login(UserFactory())
    other = school_class_make()
    assert client.get(_detail(other)).status_code == HTTPStatus.NOT_FOUND
