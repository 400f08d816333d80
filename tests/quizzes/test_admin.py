"""Editors build quizzes in the Wagtail admin: a real POST to the snippet create view."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from quizzes.models import Quiz
from quizzes.snapshot import question_snapshot

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_quizzes_quiz:add"


def listblock(items: list[dict]) -> dict:
    data = {
        str(index): {"value": item, "deleted": "", "order": str(index), "id": ""} for index, item in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def choice(text: str, correct: bool = False) -> dict:
    option = {"text": text, "feedback": f"Feedback {text}"}
    if correct:
        option["is_correct"] = "on"
    return option


def _form(questions: list, **settings) -> dict:
    fields = {
        "title": "Signalen op het werk",
        "kind": "quiz",
        "intro": "",
        "pass_mark_percent": "70",
        "attempts_allowed": "3",
        "wait_minutes": "0",
        "wait_after_failures": "0",
        "grading_method": "highest",
        "draw_count": "0",
        "time_limit_minutes": "",
        "feedback_timing": "after_submit",
        "show_answers": "after_pass",
        "questions": streamfield(questions),
        "ending": streamfield([]),
    }
    fields.update(settings)
    return nested_form_data(fields)


EVERY_TYPE = [
    (
        "single_choice",
        {"prompt": "Welke?", "options": listblock([choice("A", True), choice("B")]), "explanation": "Omdat."},
    ),
    (
        "multiple_response",
        {
            "prompt": "Welke allemaal?",
            "scoring": "partial",
            "options": listblock([choice("A", True), choice("B", True), choice("C")]),
            "explanation": "Omdat.",
        },
    ),
    (
        "true_false",
        {"prompt": "Klopt dit?", "is_true": "on", "feedback_true": "Ja.", "feedback_false": "Nee.", "explanation": "."},
    ),
    (
        "signal_sorting",
        {
            "prompt": "Signaal?",
            "options": listblock(
                [
                    {"text": "Twee telefoons", "is_signal": "on", "feedback": "Signaal."},
                    {"text": "Voetbal", "feedback": "Geen signaal."},
                ]
            ),
            "explanation": "Combinaties tellen.",
        },
    ),
    (
        "scenario",
        {
            "situation": "Aan de balie…",
            "image": "",
            "image_alt": "",
            "prompt": "Wat doe je?",
            "options": listblock(
                [
                    {"text": "Overleggen", "weight": "100", "feedback": "Goed."},
                    {"text": "Niets", "weight": "0", "feedback": "Niet goed."},
                ]
            ),
            "explanation": "Veilig blijven.",
        },
    ),
]


def test_an_editor_creates_a_quiz_with_every_question_type(admin_client):
    response = admin_client.post(reverse(ADD_URL), _form(EVERY_TYPE))

    assert response.status_code == HTTPStatus.FOUND, response.context["form"].errors if response.context else ""
    quiz = Quiz.objects.get()
    questions = [question_snapshot(child) for child in quiz.questions]
    assert [question["type"] for question in questions] == [
        "single_choice",
        "multiple_response",
        "true_false",
        "signal_sorting",
        "scenario",
    ]
    assert all(question["key"] and all(option["key"] for option in question["options"]) for question in questions)
    assert questions[1]["scoring"] == "partial"
    assert [option["weight"] for option in questions[4]["options"]] == [100, 0]
    assert (quiz.attempts_allowed, quiz.show_answers) == (3, "after_pass")


@pytest.mark.parametrize(
    "question",
    [
        ("single_choice", {"prompt": "?", "options": listblock([choice("A"), choice("B")]), "explanation": "."}),
        (
            "scenario",
            {
                "situation": "…",
                "image": "",
                "image_alt": "",
                "prompt": "?",
                "options": listblock(
                    [{"text": "A", "weight": "50", "feedback": "."}, {"text": "B", "weight": "0", "feedback": "."}]
                ),
                "explanation": ".",
            },
        ),
    ],
    ids=["no-correct-option", "no-best-action"],
)
def test_a_question_without_a_right_answer_is_refused(admin_client, question):
    response = admin_client.post(reverse(ADD_URL), _form([question]))

    assert response.status_code == HTTPStatus.OK
    assert not Quiz.objects.exists()


def test_the_quiz_list_and_edit_views_open(admin_client, quiz):
    assert admin_client.get(reverse("wagtailsnippets_quizzes_quiz:list")).status_code == HTTPStatus.OK
    assert admin_client.get(reverse("wagtailsnippets_quizzes_quiz:edit", args=[quiz.pk])).status_code == HTTPStatus.OK
