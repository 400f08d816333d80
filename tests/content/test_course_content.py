"""The course files against the rules of issue 22: known routes only, a safe pupil course, feedback on every
option, sources and a review date in every lesson, honest study times, and exam pools big enough to draw from."""

import datetime
import shutil

import pytest
from django.urls import reverse

from courses.content_loader import ContentError, courses_load
from courses.models import LessonPage
from tests.content.course_rules import (
    AFTER_TELLING,
    POOL_FACTOR,
    PUPIL_FORBIDDEN,
    PUPIL_OPENING,
    PUPIL_ROUTES,
    ROUTE_NUMBERS,
    ROUTE_SITES,
    SOURCE_SITES,
    TIME_TOLERANCE,
    best_option_is_the_longest,
    computed_minutes,
    course_dirs,
    lesson_files,
    phone_numbers,
    quiz_files,
    read,
    site_allowed,
    sites,
    strings,
)
from tests.factories import UserFactory

COURSES = course_dirs()
LESSONS = [path for folder in COURSES for path in lesson_files(folder)]
QUIZZES = [path for folder in COURSES for path in quiz_files(folder)]
PUPIL_LESSONS = [path for path in LESSONS if path.parent.name == "wees-alert"]
FINAL_EXAMS = [path for path in QUIZZES if path.name == "quiz-eindtoets.yaml"]


def _name(path) -> str:
    return f"{path.parent.name}/{path.name}"


def _course_text(path) -> str:
    """Everything a learner reads in a lesson or quiz file; a lesson's sources are checked on their own."""
    data = read(path)
    data.pop("sources", None)
    return "\n".join(strings(data))


def test_the_allow_lists_catch_an_unknown_number_and_site():
    assert phone_numbers("Bel 0800-1234 of 033-448 11 86, of bel 114.") - ROUTE_NUMBERS == {"0800-1234", "114"}
    assert not site_allowed("www.example.nl", ROUTE_SITES)
    assert site_allowed("www.kindertelefoon.nl", ROUTE_SITES)


@pytest.mark.parametrize("path", LESSONS + QUIZZES, ids=_name)
def test_every_phone_number_and_site_is_a_known_route(path):
    text = _course_text(path)
    assert phone_numbers(text) <= ROUTE_NUMBERS, phone_numbers(text) - ROUTE_NUMBERS
    unknown = {host for host in sites(text) if not site_allowed(host, ROUTE_SITES)}
    assert not unknown, unknown


@pytest.mark.parametrize("path", PUPIL_LESSONS, ids=_name)
def test_every_pupil_lesson_opens_safely_and_ends_with_the_pupil_routes(path):
    body = read(path)["body"]
    opening = body[0]
    assert opening["type"] == "callout" and opening["value"]["kind"] == "help"
    for phrase in PUPIL_OPENING:
        assert phrase in opening["value"]["text"], phrase
    closing = [block for block in body if block["type"] == "callout" and block["value"]["kind"] == "help"][-1]
    assert closing is body[-1], "the pupil routes close the lesson"
    for route in PUPIL_ROUTES:
        assert route in closing["value"]["text"], route
    assert AFTER_TELLING in closing["value"]["text"]


@pytest.mark.parametrize("path", PUPIL_LESSONS + [q for q in QUIZZES if q.parent.name == "wees-alert"], ids=_name)
def test_pupil_texts_speak_to_the_pupil_and_blame_no_one(path):
    data = read(path)
    for block in data.get("body", []):
        assert block["type"] != "reporting_routes", "the shared route texts are written for professionals"
    found = PUPIL_FORBIDDEN.findall(_course_text(path).replace("'", " "))
    assert not found, found


@pytest.mark.parametrize("path", QUIZZES, ids=_name)
def test_every_option_has_feedback(path):
    for question in read(path)["questions"]:
        value = question["value"]
        assert str(value.get("explanation") or "").strip(), question["key"]
        if question["type"] == "true_false":
            assert value["feedback_true"].strip() and value["feedback_false"].strip(), question["key"]
            continue
        for option in value["options"]:
            assert len(str(option.get("feedback") or "").strip()) >= 15, (question["key"], option["text"])


@pytest.mark.parametrize("path", QUIZZES, ids=_name)
def test_the_best_answer_is_not_given_away_by_its_length(path):
    # Review Q1: the correct option was nearly always the longest, so a test-wise learner passed without learning.
    questions = read(path)["questions"]
    telling = [question["key"] for question in questions if best_option_is_the_longest(question)]
    assert len(telling) <= max(1, len(questions) // 3), telling


@pytest.mark.parametrize("folder", COURSES, ids=lambda folder: folder.name)
def test_every_quiz_file_is_used_by_one_lesson(folder):
    used = [
        block["value"]["quiz"]
        for path in lesson_files(folder)
        for block in read(path)["body"]
        if block["type"] == "quiz"
    ]
    assert sorted(used) == sorted(path.stem.removeprefix("quiz-") for path in quiz_files(folder))


def test_a_best_answer_that_is_longest_is_caught():
    question = {
        "type": "single_choice",
        "value": {"options": [{"text": "Kort."}, {"text": "Het lange, juiste antwoord.", "is_correct": True}]},
    }
    assert best_option_is_the_longest(question)
    question["value"]["options"][0]["text"] = "Een even lang fout antwoord."
    assert not best_option_is_the_longest(question)


@pytest.mark.parametrize("path", LESSONS, ids=_name)
def test_every_lesson_has_sources_and_a_review_date(path):
    lesson = read(path)
    assert isinstance(lesson.get("review_date"), datetime.date)
    sources = lesson.get("sources") or []
    assert len(sources) >= 2
    for source in sources:
        assert set(source) == {"organisation", "title", "year", "url"}
        assert 2000 <= source["year"] <= lesson["review_date"].year
        assert source["url"].startswith("https://")
        assert site_allowed(source["url"].split("/")[2], SOURCE_SITES), source["url"]
    assert not any("<h2>Bronnen</h2>" in text for text in strings(lesson["body"])), "sources live in `sources`"


@pytest.mark.parametrize("path", LESSONS, ids=_name)
def test_the_stated_time_is_within_a_quarter_of_the_computed_time(path):
    computed = computed_minutes(path)
    stated = read(path)["estimated_minutes"]
    assert abs(stated - computed) <= TIME_TOLERANCE * computed, (stated, round(computed, 1))


@pytest.mark.parametrize("folder", COURSES, ids=lambda folder: folder.name)
def test_the_course_time_is_the_sum_of_its_lessons(folder):
    total = sum(read(path)["estimated_minutes"] for path in lesson_files(folder))
    assert abs(read(folder / "course.yaml")["estimated_minutes"] - total) <= TIME_TOLERANCE * total


@pytest.mark.parametrize("path", FINAL_EXAMS, ids=_name)
def test_final_exam_pools_hold_half_again_what_is_drawn(path):
    exam = read(path)
    draw = exam["settings"]["draw_count"]
    assert draw >= 10
    assert len(exam["questions"]) >= POOL_FACTOR * draw
    # The loader's own floor says the same thing, so the file cannot shrink below it unnoticed.
    assert exam["min_questions"] >= POOL_FACTOR * draw
    assert exam["settings"]["shuffle_options"] is True


@pytest.mark.django_db
def test_loaded_lessons_carry_their_sources_and_review_date(loaded, client):
    lessons = LessonPage.objects.live().specific()
    assert lessons.count() == len(LESSONS)
    for lesson in lessons:
        assert lesson.sources and lesson.review_date, lesson.slug
    lesson = lessons.get(slug="wat-is-mensenhandel")
    client.force_login(UserFactory())
    client.post(reverse("courses:enroll", args=[lesson.get_parent().pk]))
    html = client.get(lesson.url).content.decode()
    assert 'class="lesson-sources"' in html
    assert lesson.sources[0]["url"] in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"organisation": "CoMensha", "title": "Cijfers", "year": 2021}, "needs exactly"),
        ({"organisation": "CoMensha", "title": "Cijfers", "year": "ooit", "url": "https://www.comensha.nl"}, "year"),
        ({"organisation": "CoMensha", "title": "Cijfers", "year": 2021, "url": "http://comensha.nl"}, "https"),
    ],
)
def test_the_loader_rejects_a_bad_source(tmp_path, entry, problem):
    folder = tmp_path / "cursus"
    shutil.copytree(COURSES[0], folder)
    lesson = lesson_files(folder)[0]
    text = lesson.read_text(encoding="utf-8").split("\nsources:\n")[0]
    fields = "".join(f"    {key}: {value}\n" for key, value in entry.items()).replace("    ", "  - ", 1)
    lesson.write_text(f"{text}\nsources:\n{fields}", encoding="utf-8")
    with pytest.raises(ContentError, match=problem):
        courses_load(root=tmp_path)


@pytest.mark.django_db
def test_the_loader_rejects_a_bad_review_date(tmp_path):
    folder = tmp_path / "cursus"
    shutil.copytree(COURSES[0], folder)
    lesson = lesson_files(folder)[0]
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("review_date: 2026-", "review_date: ooit-"), encoding="utf-8"
    )
    with pytest.raises(ContentError, match="review_date"):
        courses_load(root=tmp_path)
