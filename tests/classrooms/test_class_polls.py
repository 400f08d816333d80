"""A question put to the class in classroom mode: pupils answer on their own device, the board shows only
how many chose what ("62 % koos B"), never who."""

import json
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from classrooms import services
from classrooms.models import ClassPoll, PollAnswer
from tests.classrooms.factories import pupil_client_login, pupil_make, school_class_make
from tests.courses.factories import lesson_add
from tests.quizzes.factories import QuizFactory, multiple_response, single_choice, true_false

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    return QuizFactory(title="Signalen", questions=[single_choice("q1"), multiple_response("q2"), true_false("q3")])


@pytest.fixture
def lesson(course, quiz):
    body = [
        {"type": "text", "value": "<p>Intro</p>"},
        {"type": "quiz", "value": {"quiz": quiz.pk, "is_required": True}},
    ]
    return lesson_add(course, title="Klassikaal", body=json.dumps(body))


def _projector(school_class, lesson):
    return reverse("classrooms:projector", args=[school_class.pk, lesson.pk])


def _ask(client, school_class, lesson, quiz, key="q1", step=2):
    url = reverse("classrooms:projector_poll", args=[school_class.pk, lesson.pk])
    return client.post(url, {"action": "open", "quiz": quiz.pk, "question": key, "step": step})


def _answer(client, poll, option):
    return client.post(reverse("classrooms:poll"), {"poll": poll.pk, "option": option})


def test_the_teacher_asks_and_a_pupil_answers_on_their_own_device(
    teacher_client, school_class, lesson, quiz, django_user_model
):
    response = _ask(teacher_client, school_class, lesson, quiz)
    assert response.status_code == HTTPStatus.FOUND and response.url.endswith(
        _projector(school_class, lesson) + "#blok-2"
    )
    poll = ClassPoll.objects.get()
    assert (poll.prompt, poll.is_open) == ("Single choice q1?", True)
    assert "correct" not in json.dumps(poll.options)  # frozen without the key

    pupil = pupil_make(school_class, "Snelle Vos")
    device = pupil_client_login(Client(), pupil)
    assert "Beantwoord de vraag" in device.get(reverse("classrooms:pupil_home")).content.decode()
    page = device.get(reverse("classrooms:poll")).content.decode()
    assert "Single choice q1?" in page and "Option q1-b" in page
    assert "FEEDBACK" not in page and "EXPLANATION" not in page and "juist" not in page

    assert _answer(device, poll, "q1-a").status_code == HTTPStatus.FOUND
    assert _answer(device, poll, "q1-b").status_code == HTTPStatus.FOUND  # changing the answer
    assert list(PollAnswer.objects.values_list("pupil__nickname", "option_key")) == [("Snelle Vos", "q1-b")]
    assert 'value="q1-b" id="poll-option-2" checked' in device.get(reverse("classrooms:poll")).content.decode()


def test_the_board_shows_counts_and_never_who_chose_what(teacher_client, school_class, lesson, quiz):
    _ask(teacher_client, school_class, lesson, quiz)
    poll = ClassPoll.objects.get()
    for number, option in enumerate(["q1-b", "q1-b", "q1-b", "q1-a", "q1-a"]):
        services.poll_answer(pupil=pupil_make(school_class, f"Leerling{number}"), poll_id=poll.pk, option_key=option)
    pupil_make(school_class, "Nog niks")

    status = teacher_client.get(reverse("classrooms:poll_status", args=[school_class.pk, poll.pk])).json()
    assert status == {"open": True, "answered": 5, "text": "5 van 6 leerlingen hebben geantwoord"}
    open_page = teacher_client.get(_projector(school_class, lesson)).content.decode()
    assert "5 van 6 leerlingen hebben geantwoord" in open_page and "% koos" not in open_page  # no results yet

    url = reverse("classrooms:projector_poll", args=[school_class.pk, lesson.pk])
    teacher_client.post(url, {"action": "close", "poll": poll.pk, "step": 2})
    page = teacher_client.get(_projector(school_class, lesson)).content.decode()
    assert "60 % koos B" in page and "40 % koos A" in page and "0 % koos C" in page
    assert "Wat de klas koos (5 antwoorden)" in page
    assert "Leerling" not in page and "Leerling" not in json.dumps(status)


def test_a_new_question_closes_the_open_one_and_its_late_answers_are_refused(
    teacher_client, school_class, lesson, quiz
):
    _ask(teacher_client, school_class, lesson, quiz, key="q1")
    first = ClassPoll.objects.get()
    _ask(teacher_client, school_class, lesson, quiz, key="q3", step=4)
    first.refresh_from_db()
    assert not first.is_open and ClassPoll.objects.filter(closed_at__isnull=True).count() == 1

    device = pupil_client_login(Client(), pupil_make(school_class))
    late = _answer(device, first, "q1-a")
    assert late.status_code == HTTPStatus.BAD_REQUEST
    assert "Deze vraag is gesloten." in late.content.decode()
    assert not PollAnswer.objects.exists()


@pytest.mark.parametrize("option", ["", "q1-z", "true", "<script>"])
def test_an_answer_that_is_not_an_option_is_refused_and_nothing_is_stored(school_class, lesson, quiz, option):
    poll = services.class_poll_open(school_class=school_class, lesson=lesson, quiz_id=quiz.pk, question_key="q1")
    device = pupil_client_login(Client(), pupil_make(school_class))
    response = _answer(device, poll, option)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Kies een van de antwoorden." in response.content.decode()
    assert not PollAnswer.objects.exists()


@pytest.mark.parametrize(
    "quiz_field, key",
    [("own", "q2"), ("own", "nope"), ("other", "q1"), ("garbage", "q1")],
    ids=["multiple-response", "unknown-question", "quiz-not-in-lesson", "not-a-number"],
)
def test_only_one_answer_questions_of_the_lesson_can_be_asked(
    teacher_client, school_class, lesson, quiz, quiz_field, key
):
    quiz_id = {"own": quiz.pk, "other": QuizFactory(questions=[single_choice("q1")]).pk, "garbage": "abc"}[quiz_field]
    url = reverse("classrooms:projector_poll", args=[school_class.pk, lesson.pk])
    response = teacher_client.post(url, {"action": "open", "quiz": quiz_id, "question": key, "step": "x"}, follow=True)
    assert response.status_code == HTTPStatus.OK
    assert "De klas kan deze vraag niet op een eigen apparaat beantwoorden" in response.content.decode()
    assert not ClassPoll.objects.exists()


def test_another_teacher_can_neither_ask_nor_read_a_class_not_theirs(teacher_client, course, lesson, quiz):
    other = school_class_make(name="Niet van jou")
    services.school_class_course_assign(school_class=other, course=course)
    poll = services.class_poll_open(school_class=other, lesson=lesson, quiz_id=quiz.pk, question_key="q1")
    services.poll_answer(pupil=pupil_make(other), poll_id=poll.pk, option_key="q1-a")

    assert _ask(teacher_client, other, lesson, quiz).status_code == HTTPStatus.NOT_FOUND
    close = reverse("classrooms:projector_poll", args=[other.pk, lesson.pk])
    assert teacher_client.post(close, {"action": "close", "poll": poll.pk}).status_code == HTTPStatus.NOT_FOUND
    status = reverse("classrooms:poll_status", args=[other.pk, poll.pk])
    assert teacher_client.get(status).status_code == HTTPStatus.NOT_FOUND
    assert ClassPoll.objects.get().is_open and ClassPoll.objects.count() == 1


def test_a_teacher_cannot_reach_another_class_s_poll_through_their_own_class(
    teacher_client, school_class, course, lesson, quiz
):
    other = school_class_make(name="Niet van jou")
    services.school_class_course_assign(school_class=other, course=course)
    poll = services.class_poll_open(school_class=other, lesson=lesson, quiz_id=quiz.pk, question_key="q1")
    assert teacher_client.get(reverse("classrooms:poll_status", args=[school_class.pk, poll.pk])).status_code == 404
    url = reverse("classrooms:projector_poll", args=[school_class.pk, lesson.pk])
    assert teacher_client.post(url, {"action": "close", "poll": poll.pk}).status_code == HTTPStatus.NOT_FOUND
    poll.refresh_from_db()
    assert poll.is_open


def test_a_pupil_of_another_class_cannot_answer_and_a_pupil_cannot_ask(client, school_class, course, lesson, quiz):
    poll = services.class_poll_open(school_class=school_class, lesson=lesson, quiz_id=quiz.pk, question_key="q1")
    stranger = pupil_make(school_class_make(name="Andere klas"))
    pupil_client_login(client, stranger)
    assert _answer(client, poll, "q1-a").status_code == HTTPStatus.BAD_REQUEST
    assert "Er staat nu geen vraag open." in client.get(reverse("classrooms:poll")).content.decode()
    assert _ask(client, school_class, lesson, quiz).status_code == HTTPStatus.NOT_FOUND
    assert client.get(reverse("classrooms:poll_status", args=[school_class.pk, poll.pk])).status_code == 404
    assert not PollAnswer.objects.exists()


@pytest.mark.parametrize("pupils", [3, 30])
def test_the_projector_with_polls_costs_the_same_queries_for_3_or_30_pupils(
    teacher_client, school_class, lesson, quiz, pupils, django_assert_num_queries
):
    for key, option in (("q1", "q1-a"), ("q3", "true")):
        poll = services.class_poll_open(school_class=school_class, lesson=lesson, quiz_id=quiz.pk, question_key=key)
        for number in range(pupils):
            pupil = pupil_make(school_class, f"P{key}{number}")
            services.poll_answer(pupil=pupil, poll_id=poll.pk, option_key=option)
    teacher_client.get(_projector(school_class, lesson))  # warm the session and site caches
    with django_assert_num_queries(12):  # the lesson, its quiz, the class's polls with their counts, ...
        assert teacher_client.get(_projector(school_class, lesson)).status_code == HTTPStatus.OK
