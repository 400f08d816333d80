from http import HTTPStatus

import pytest
from django.urls import reverse

from classrooms import services
from classrooms.demo import DEMO_JOIN_CODE, demo_classroom_load
from classrooms.models import ClassCourse, Pupil, SchoolClass
from classrooms.selectors import class_progress
from courses.models import LessonPage, LessonProgress
from courses.services import enrollment_create
from quizzes.services import quiz_attempt_start, quiz_attempt_submit
from tests.classrooms.factories import pupil_make, school_class_make
from tests.courses.factories import course_with_lessons, lesson_add
from tests.factories import UserFactory
from tests.quizzes.factories import QuizFactory, single_choice

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"classrooms:{name}", args=args)


def test_a_teacher_creates_a_class_with_a_readable_code(teacher_client, teacher):
    response = teacher_client.post(_url("class_list"), {"name": "3A", "school_year": "2025-2026"})
    school_class = SchoolClass.objects.get(teacher=teacher)
    assert response.url == _url("class_detail", school_class.pk)
    detail = teacher_client.get(response.url).content.decode()
    assert school_class.join_code_display in detail
    assert f"http://testserver/klas/meedoen/{school_class.join_code}/" in detail or "/klas/meedoen/" in detail


@pytest.mark.parametrize(
    "name, method",
    [
        ("class_detail", "get"),
        ("class_progress", "get"),
        ("class_card", "get"),
        ("class_code_rotate", "post"),
        ("class_joining", "post"),
        ("class_archive", "post"),
        ("class_delete", "post"),
    ],
)
def test_a_teacher_sees_only_their_own_classes(teacher_client, name, method):
    others = school_class_make(name="Niet van jou")
    pupil_make(others)
    response = getattr(teacher_client, method)(_url(name, others.pk))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert Pupil.objects.filter(school_class=others).exists()


def test_a_teacher_cannot_manage_another_teacher_s_pupil(teacher_client, school_class):
    others = school_class_make()
    pupil = pupil_make(others)
    assert teacher_client.post(_url("pupil_manage", school_class.pk, pupil.pk)).status_code == 404
    assert teacher_client.post(_url("pupil_delete", others.pk, pupil.pk)).status_code == 404


def test_rotating_the_code_and_closing_joining(teacher_client, school_class):
    old = school_class.join_code
    teacher_client.post(_url("class_code_rotate", school_class.pk))
    school_class.refresh_from_db()
    assert school_class.join_code != old
    teacher_client.post(_url("class_joining", school_class.pk), {"open": "0"})
    school_class.refresh_from_db()
    assert not school_class.joining_open


def test_only_pupil_courses_can_be_given_to_a_class(teacher_client, school_class):
    staff_course = course_with_lessons(1, title="Voor medewerkers")
    teacher_client.post(_url("class_course_assign", school_class.pk), {"course": staff_course.pk})
    assert not ClassCourse.objects.filter(course=staff_course).exists()
    with pytest.raises(services.ValidationError):
        services.school_class_course_assign(school_class=school_class, course=staff_course)


def test_the_teacher_can_show_a_pupil_s_code_again_or_reset_it(teacher_client, school_class):
    pupil = pupil_make(school_class)
    code = pupil.personal_code
    shown = teacher_client.post(_url("pupil_manage", school_class.pk, pupil.pk), {"action": "show"})
    assert f"{code[:5]}-{code[5:]}" in shown.content.decode()
    reset = teacher_client.post(_url("pupil_manage", school_class.pk, pupil.pk), {"action": "reset"})
    pupil.refresh_from_db()
    assert pupil.personal_code != code
    assert pupil.personal_code[:5] in reset.content.decode()


def test_the_teacher_deletes_or_refuses_a_pupil(teacher_client, school_class):
    one, two = pupil_make(school_class, "Een"), pupil_make(school_class, "Lelijk")
    teacher_client.post(_url("pupil_delete", school_class.pk, one.pk))
    teacher_client.post(_url("pupil_delete", school_class.pk, two.pk), {"refuse": "1"})
    assert not Pupil.objects.exists()
    school_class.refresh_from_db()
    assert school_class.refused_nicknames == ["lelijk"]


def test_the_join_card_has_a_qr_code_with_the_absolute_join_link(teacher_client, school_class, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://signaal.example"
    pupil = pupil_make(school_class)
    page = teacher_client.get(_url("class_card", school_class.pk)).content.decode()
    assert "<svg" in page
    assert f"https://signaal.example/klas/meedoen/{school_class.join_code}/" in page
    assert pupil.personal_code[:5] not in page  # personal codes are on the code slips (test_code_slips.py)


def test_classroom_mode_shows_the_lesson_with_prompts_and_records_nothing(
    teacher_client, teacher, school_class, course
):
    lesson = lesson_add(course, title="Bespreken", discussion_prompts="<p>Wat zou jij doen?</p>")
    enrollment_create(learner=teacher, course=course)
    response = teacher_client.get(_url("projector", school_class.pk, lesson.pk))
    assert response.status_code == HTTPStatus.OK
    assert "Wat zou jij doen?" in response.content.decode()
    assert not LessonProgress.objects.exists()


def test_classroom_mode_is_only_for_lessons_of_the_class(teacher_client, school_class):
    other = course_with_lessons(1, title="Niet toegewezen", for_pupils=True, for_staff=False)
    lesson = LessonPage.objects.child_of(other).first()
    assert teacher_client.get(_url("projector", school_class.pk, lesson.pk)).status_code == HTTPStatus.NOT_FOUND


@pytest.fixture
def quiz_lesson(course):
    import json

    quiz = QuizFactory(
        title="Toets", questions=[single_choice("q1"), single_choice("q2"), single_choice("q3")], pass_mark_percent=60
    )
    lesson_add(
        course, title="Toets", body=json.dumps([{"type": "quiz", "value": {"quiz": quiz.pk, "is_required": True}}])
    )
    return quiz


def _answer(quiz, pupil, wrong: set[str]):
    responses = {key: {"option": f"{key}-a" if key in wrong else f"{key}-b"} for key in ("q1", "q2", "q3")}
    quiz_attempt_submit(attempt=quiz_attempt_start(quiz=quiz, learner=pupil.user), responses=responses)


def test_the_teacher_sees_progress_per_pupil_and_the_most_missed_questions(teacher_client, school_class, quiz_lesson):
    for number in range(4):
        _answer(quiz_lesson, pupil_make(school_class, f"P{number}"), wrong={"q2"} if number else {"q2", "q3"})
    pupil_make(school_class, "Nog niks")

    progress = class_progress(school_class=school_class)

    assert [item.prompt for item in progress.most_missed] == ["Single choice q2?", "Single choice q3?"]
    assert (progress.most_missed[0].wrong, progress.most_missed[0].asked) == (4, 4)
    assert progress.rows[0].cells[0].score_percent is None  # "Nog niks" sorts first
    page = teacher_client.get(_url("class_progress", school_class.pk)).content.decode()
    assert "P3" in page and "Single choice q2?" in page and "67%" in page


@pytest.mark.parametrize("pupils", [3, 30])
def test_the_progress_page_costs_the_same_queries_for_3_or_30_pupils(
    teacher_client, school_class, quiz_lesson, pupils, django_assert_num_queries
):
    for number in range(pupils):
        _answer(quiz_lesson, pupil_make(school_class, f"P{number}"), wrong={"q1"})
    with django_assert_num_queries(8):
        class_progress(school_class=school_class)
    teacher_client.get(_url("class_progress", school_class.pk))  # warm the session and site caches
    with django_assert_num_queries(11):  # the session comes from the cache
        assert teacher_client.get(_url("class_progress", school_class.pk)).status_code == HTTPStatus.OK


def test_the_demo_class_is_loaded_once_with_a_known_code(course):
    teacher = UserFactory(email="docent@signaal.example")
    first = demo_classroom_load(teacher=teacher, courses=[course])
    again = demo_classroom_load(teacher=teacher, courses=[course])
    assert first == again
    assert first.join_code == DEMO_JOIN_CODE and first.name == "Klas 2B"
    assert SchoolClass.objects.count() == 1 and ClassCourse.objects.count() == 1
    assert demo_classroom_load(teacher=teacher, courses=[]) == first
