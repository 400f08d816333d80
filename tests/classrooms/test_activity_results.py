"""A teacher sees, per H5P activity of the class's courses, each of their pupils' attempts, best score and
completion; never another class's pupils."""

import json
from http import HTTPStatus

import pytest
from django.urls import reverse

from classrooms.selectors import class_activity_results
from h5p.services import statement_record
from h5p.xapi import VERB_ANSWERED, VERB_COMPLETED, ParsedStatement
from tests.classrooms.factories import pupil_make, school_class_make
from tests.courses.factories import course_with_lessons, lesson_add
from tests.factories import UserFactory
from tests.h5p.factories import H5PActivityFactory

pytestmark = pytest.mark.django_db


def play(learner, activity, raw: float, *, completed=True, maximum: float = 10):
    verb = VERB_COMPLETED if completed else VERB_ANSWERED
    parsed = ParsedStatement(verb, False, raw, maximum, completed, True)
    statement_record(learner=learner, activity=activity, statement={"verb": {"id": verb}}, parsed=parsed, actor={})


def activity_url(school_class, activity) -> str:
    return reverse("classrooms:class_activity", args=[school_class.pk, activity.pk])


@pytest.fixture
def activity(course):
    activity = H5PActivityFactory(title="Wie is te vertrouwen?")
    block = {"type": "h5p", "value": {"activity": activity.pk, "is_required": True, "pass_threshold": 0}}
    lesson_add(course, title="Oefenen", body=json.dumps([block]))
    return activity


def test_the_teacher_sees_each_pupil_s_attempts_best_score_and_completion(teacher_client, school_class, activity):
    sam, noor = pupil_make(school_class, "Sam"), pupil_make(school_class, "Noor")
    pupil_make(school_class, "Ilias")
    play(sam.user, activity, 4, completed=False)
    play(sam.user, activity, 8)
    play(noor.user, activity, 5, completed=False)

    response = teacher_client.get(activity_url(school_class, activity))

    assert response.status_code == HTTPStatus.OK
    results = response.context["results"]
    rows = [(row.pupil.nickname, row.attempts, row.score_percent, row.completed) for row in results.rows]
    assert rows == [("Ilias", 0, None, False), ("Noor", 1, 50, False), ("Sam", 2, 80, True)]
    assert (results.started, results.completed) == (2, 1)
    page = response.content.decode()
    assert "Wie is te vertrouwen?" in page and "80%" in page
    assert sam.personal_code not in page


def test_the_progress_page_links_to_each_activity(teacher_client, school_class, activity):
    page = teacher_client.get(reverse("classrooms:class_progress", args=[school_class.pk])).content.decode()
    assert activity_url(school_class, activity) in page


def test_only_the_pupils_of_this_class_are_shown(teacher_client, teacher, school_class, course, activity):
    other_class = school_class_make(teacher=teacher, name="3C")
    play(pupil_make(other_class, "Elders").user, activity, 10)
    play(UserFactory(), activity, 10)  # a learner in no class
    play(pupil_make(school_class, "Hier").user, activity, 6)

    results = teacher_client.get(activity_url(school_class, activity)).context["results"]

    assert [row.pupil.nickname for row in results.rows] == ["Hier"]


def test_another_teacher_gets_404(client, school_class, activity):
    play(pupil_make(school_class, "Sam").user, activity, 8)
    client.force_login(UserFactory())
    assert client.get(activity_url(school_class, activity)).status_code == HTTPStatus.NOT_FOUND


def test_an_activity_outside_the_class_s_courses_is_not_found(teacher_client, school_class):
    elsewhere = H5PActivityFactory()
    other = course_with_lessons(1, title="Niet toegewezen", for_pupils=True, for_staff=False)
    block = {"type": "h5p", "value": {"activity": elsewhere.pk, "is_required": True, "pass_threshold": 0}}
    lesson_add(other, title="Elders", body=json.dumps([block]))
    assert teacher_client.get(activity_url(school_class, elsewhere)).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("pupils", [3, 30])
def test_the_page_costs_the_same_queries_for_3_or_30_pupils(
    teacher_client, school_class, activity, pupils, django_assert_num_queries
):
    for number in range(pupils):
        play(pupil_make(school_class, f"P{number}").user, activity, number % 10, completed=number % 2 == 0)
    with django_assert_num_queries(4):  # courses, the activity in them, pupils, results
        class_activity_results(school_class=school_class, activity_id=activity.pk)
    teacher_client.get(activity_url(school_class, activity))  # warm the session and site caches
    with django_assert_num_queries(7):
        assert teacher_client.get(activity_url(school_class, activity)).status_code == HTTPStatus.OK
