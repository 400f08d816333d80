"""Editors build courses in the Wagtail admin: the real add/edit views, not only the models."""

from http import HTTPStatus

import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.models import CoursePage, LessonActivity, LessonPage
from tests.courses.factories import catalogue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def _course_form(**overrides):
    data = {
        "title": "Herken de signalen",
        "slug": "herken-de-signalen",
        "for_staff": "on",
        "summary": "Voor baliemedewerkers.",
        "learning_objectives": rich_text("<ul><li>Signalen herkennen</li></ul>"),
        "estimated_minutes": "40",
        "cover_alt": "",
        "certificate_validity_months": "24",
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_editor_creates_and_publishes_a_course(editor_client):
    index = catalogue()

    response = editor_client.post(f"/admin/pages/add/courses/coursepage/{index.pk}/", _course_form())

    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    course = CoursePage.objects.get(slug="herken-de-signalen")
    assert course.live and course.for_staff and course.certificate_validity_months == 24


def test_a_course_needs_an_audience(editor_client):
    index = catalogue()

    response = editor_client.post(f"/admin/pages/add/courses/coursepage/{index.pk}/", _course_form(for_staff=""))

    assert response.status_code == HTTPStatus.OK
    assert not CoursePage.objects.exists()


def test_editor_adds_a_lesson_with_blocks_and_learners_never_see_the_draft(editor_client, client):
    index = catalogue()
    editor_client.post(f"/admin/pages/add/courses/coursepage/{index.pk}/", _course_form())
    course = CoursePage.objects.get()
    lesson_form = nested_form_data(
        {
            "title": "Wat is mensenhandel?",
            "slug": "wat-is-mensenhandel",
            "is_required": "on",
            "estimated_minutes": "8",
            "body": streamfield(
                [
                    ("text", rich_text("<p>Werven, vervoeren of huisvesten met dwang.</p>")),
                    ("callout", {"kind": "tip", "text": rich_text("<p>Eén signaal bewijst niets.</p>")}),
                ]
            ),
            "discussion_prompts": rich_text(""),
        }
    )

    response = editor_client.post(f"/admin/pages/add/courses/lessonpage/{course.pk}/", lesson_form)

    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    lesson = LessonPage.objects.get(slug="wat-is-mensenhandel")
    assert not lesson.live  # saved as a draft
    assert client.get("/cursussen/herken-de-signalen/wat-is-mensenhandel/").status_code == HTTPStatus.NOT_FOUND

    edit = editor_client.get(f"/admin/pages/{lesson.pk}/edit/")
    assert edit.status_code == HTTPStatus.OK


def test_publishing_a_lesson_indexes_its_activities(editor_client):
    from tests.quizzes.factories import QuizFactory

    index = catalogue()
    editor_client.post(f"/admin/pages/add/courses/coursepage/{index.pk}/", _course_form())
    course = CoursePage.objects.get()
    quiz = QuizFactory(title="Eindtoets")
    lesson_form = nested_form_data(
        {
            "title": "Toets",
            "slug": "toets",
            "is_required": "on",
            "estimated_minutes": "8",
            "body": streamfield([("quiz", {"quiz": quiz.pk, "is_required": "on"})]),
            "discussion_prompts": rich_text(""),
            "action-publish": "publish",
        }
    )

    response = editor_client.post(f"/admin/pages/add/courses/lessonpage/{course.pk}/", lesson_form)

    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    activity = LessonActivity.objects.get()
    assert (activity.kind, activity.activity_id, activity.title, activity.is_required) == (
        "quiz",
        quiz.pk,
        "Eindtoets",
        True,
    )
