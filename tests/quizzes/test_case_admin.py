"""Editors build a case in the Wagtail admin like any quiz: kind "case", scenes, and an ending."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from quizzes import services
from quizzes.models import Quiz
from tests.quizzes.case_factories import CaseFactory
from tests.quizzes.test_admin import ADD_URL, _form, listblock

pytestmark = pytest.mark.django_db


def scene(name: str, *, day: int, next: str = "", wrong_next: str = "") -> tuple[str, dict]:
    options = [
        {"text": "Doorvragen", "is_correct": "on", "feedback": "Goed gezien.", "next": ""},
        {"text": "Niets doen", "feedback": "Dit signaal mist u.", "next": wrong_next},
    ]
    return (
        "case_step",
        {
            "name": name,
            "moment": f"Dag {day}",
            "day": str(day),
            "scene": "Noor komt binnen.",
            "image": "",
            "image_alt": "",
            "prompt": "Wat doet u?",
            "options": listblock(options),
            "next": next,
            "signal": "Een oudere vriend",
            "explanation": "Samen een signaal.",
        },
    )


CASE_SETTINGS = {"kind": "case", "pass_mark_percent": "0", "attempts_allowed": "0", "feedback_timing": "after_each"}
ENDING = streamfield(
    [
        ("other_seat_signal", {"day": "4", "moment": "Dag 4", "seat": "de mentor", "signal": "Afwezig"}),
        ("epilogue", {"heading": "Irene", "text": "Als de keten faalt."}),
    ]
)


def test_an_editor_creates_a_branching_case_with_an_ending(admin_client):
    questions = [scene("s1", day=1, wrong_next="s3"), scene("s2", day=2), scene("s3", day=3)]

    response = admin_client.post(reverse(ADD_URL), {**_form(questions, **CASE_SETTINGS), **_ending()})

    assert response.status_code == HTTPStatus.FOUND, response.context["form"].errors if response.context else ""
    case = Quiz.objects.get()
    assert case.is_case
    assert [child.value["name"] for child in case.questions] == ["s1", "s2", "s3"]
    assert [child.block_type for child in case.ending] == ["other_seat_signal", "epilogue"]


def test_a_branch_back_to_an_earlier_scene_is_refused_in_the_admin(admin_client):
    questions = [scene("s1", day=1), scene("s2", day=2, next="s1")]

    response = admin_client.post(reverse(ADD_URL), {**_form(questions, **CASE_SETTINGS), **_ending()})

    assert response.status_code == HTTPStatus.OK
    assert "questions" in response.context["form"].errors
    assert not Quiz.objects.exists()


def test_a_case_with_a_pass_mark_is_refused_in_the_admin(admin_client):
    settings = {**CASE_SETTINGS, "pass_mark_percent": "70"}

    response = admin_client.post(reverse(ADD_URL), _form([scene("s1", day=1)], **settings))

    assert response.status_code == HTTPStatus.OK
    assert "kind" in response.context["form"].errors
    assert not Quiz.objects.exists()


def test_the_item_analysis_reads_a_played_case(admin_client, learner):
    case = CaseFactory()
    attempt = services.quiz_attempt_start(quiz=case, learner=learner)
    services.quiz_attempt_submit(
        attempt=attempt, responses={key: {"option": f"{key}-b"} for key in ("s1", "s2a", "s3")}
    )

    response = admin_client.get(reverse("wagtailsnippets_quizzes_quiz:analysis", args=[case.pk]))

    assert response.status_code == HTTPStatus.OK
    assert "What do you notice in s1?" in response.text


def _ending() -> dict:
    return nested_form_data({"ending": ENDING})
