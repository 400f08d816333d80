"""Builds real Wagtail page trees: catalogue → course → lessons, under the site's home page."""

import json

import factory

from courses.models import CourseIndexPage, CoursePage, Enrollment, LessonPage
from elearning.models import HomePage
from tests.factories import UserFactory


def catalogue() -> CourseIndexPage:
    existing = CourseIndexPage.objects.first()
    if existing:
        return existing
    return HomePage.objects.get().add_child(instance=CourseIndexPage(title="Cursussen", slug="cursussen"))


def text_body(paragraphs: int = 1) -> str:
    return json.dumps([{"type": "text", "value": f"<p>Alinea {n}</p>"} for n in range(paragraphs)])


def course_with_lessons(
    lessons: int = 3, *, title: str = "Herken de signalen", live: bool = True, **fields
) -> CoursePage:
    fields.setdefault("for_staff", True)
    course = catalogue().add_child(
        instance=CoursePage(
            title=title,
            summary="Leer de signalen herkennen.",
            learning_objectives="<ul><li>Signalen herkennen</li></ul>",
            live=live,
            **fields,
        )
    )
    for number in range(1, lessons + 1):
        lesson_add(course, title=f"Les {number}")
    return course


def lesson_add(course: CoursePage, *, title: str, body: str | None = None, **fields) -> LessonPage:
    lesson = course.add_child(instance=LessonPage(title=title, body=body or text_body(), **fields))
    lesson.save_revision().publish()
    return lesson


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    learner = factory.SubFactory(UserFactory)
    course = factory.LazyFunction(course_with_lessons)
