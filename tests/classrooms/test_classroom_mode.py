"""Classroom mode: the lesson on the projector step by step, answers hidden until the teacher shows them."""

import json
import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from classrooms.models import Pupil
from classrooms.projector import lesson_steps
from courses.models import LessonProgress
from quizzes.models import QuizAttempt
from tests.classrooms.factories import pupil_client_login, pupil_make, school_class_make
from tests.courses.factories import lesson_add
from tests.quizzes.factories import QuizFactory, every_type

pytestmark = pytest.mark.django_db

ANSWERS = re.compile(r'<details class="projector-answer">.*?</details>', re.DOTALL)


def _projector(school_class, lesson):
    return reverse("classrooms:projector", args=[school_class.pk, lesson.pk])


def _lesson(course, quiz, **fields):
    body = [
        {"type": "text", "value": "<p>Wat is een loverboy?</p>"},
        {"type": "quiz", "value": {"quiz": quiz.pk, "is_required": True}},
    ]
    fields.setdefault("discussion_prompts", "<p>Wat zou jij doen?</p>")
    return lesson_add(course, title="Klassikaal", body=json.dumps(body), **fields)


@pytest.fixture
def quiz():
    return QuizFactory(title="Signalen", questions=every_type())


def test_every_block_and_every_question_is_a_step_and_the_prompts_come_last(course, quiz):
    steps = lesson_steps(lesson=_lesson(course, quiz))

    assert len(steps) == 1 + 5 + 1
    assert [step.number for step in steps] == list(range(1, 8))
    assert {step.total for step in steps} == {7}
    assert steps[0].block.block_type == "text"
    assert [step.question.prompt for step in steps[1:6]][0] == "Single choice sc?"
    assert steps[-1].is_discussion


def test_the_page_shows_questions_and_hides_their_answers_until_shown(teacher_client, school_class, course, quiz):
    response = teacher_client.get(_projector(school_class, _lesson(course, quiz)))

    page = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Blok 1 van 7" in page and "Blok 7 van 7" in page
    for prompt in ("Single choice sc?", "Multiple response mr?", "Signal or not ss?", "Situation sn."):
        assert prompt in page
    assert page.count("Toon antwoord") == 5
    outside_answers = ANSWERS.sub("", page)
    for key in ("EXPLANATION", "beste keuze", "geen signaal", "niet juist", ">juist<"):
        assert key in page
        assert key not in outside_answers
    assert "Wat zou jij doen?" in page


def test_a_quiz_that_never_shows_its_answers_keeps_them_hidden_here_too(teacher_client, school_class, course):
    quiz = QuizFactory(title="Eindtoets", questions=every_type(), show_answers="never")
    page = teacher_client.get(_projector(school_class, _lesson(course, quiz))).content.decode()
    assert "Single choice sc?" in page
    assert "Toon antwoord" not in page and "EXPLANATION" not in page and "beste keuze" not in page
    assert "de redactie heeft gekozen ze nooit te tonen" in page


def test_the_projector_has_no_site_header_account_links_or_inline_script(teacher_client, school_class, course, quiz):
    page = teacher_client.get(_projector(school_class, _lesson(course, quiz))).content.decode()
    assert "site-header" not in page and "site-footer" not in page
    assert "/accounts/" not in page and "Uitloggen" not in page
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts and all('src="/static/js/' in tag and "nonce=" in tag for tag in scripts)
    assert all(not body.strip() for body in re.findall(r"<script[^>]*>(.*?)</script>", page, re.DOTALL))
    assert 'aria-live="polite"' in page and "data-projector-controls hidden" in page


def test_showing_a_lesson_records_nothing(teacher_client, school_class, course, quiz):
    pupil_make(school_class)
    teacher_client.get(_projector(school_class, _lesson(course, quiz)))
    assert not LessonProgress.objects.exists() and not QuizAttempt.objects.exists()


def test_another_teacher_gets_a_404_for_a_lesson_of_a_class_not_theirs(teacher_client, course, quiz):
    from classrooms.services import school_class_course_assign

    other = school_class_make(name="Niet van jou")
    school_class_course_assign(school_class=other, course=course)
    response = teacher_client.get(_projector(other, _lesson(course, quiz)))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Single choice sc?" not in response.content.decode()


@pytest.mark.parametrize("name", ["class_detail", "class_slips", "class_card", "projector"])
def test_a_pupil_of_the_class_cannot_open_the_teacher_s_pages(client, school_class, course, quiz, name):
    lesson = _lesson(course, quiz)
    pupil_client_login(client, pupil_make(school_class, "Egel"))
    args = [school_class.pk, lesson.pk] if name == "projector" else [school_class.pk]
    response = client.get(reverse(f"classrooms:{name}", args=args))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert Pupil.objects.get(nickname="Egel").personal_code not in response.content.decode()


@pytest.mark.parametrize("name", ["class_slips", "projector"])
def test_a_pupil_is_refused_by_the_views_themselves_too(client, school_class, course, quiz, name, settings):
    """Without the pupil middleware (a misconfiguration), the views still refuse a pupil."""
    settings.MIDDLEWARE = [item for item in settings.MIDDLEWARE if "PupilOnly" not in item]
    lesson = _lesson(course, quiz)
    client.force_login(pupil_make(school_class).user)
    args = [school_class.pk, lesson.pk] if name == "projector" else [school_class.pk]
    assert client.get(reverse(f"classrooms:{name}", args=args)).status_code == HTTPStatus.NOT_FOUND
