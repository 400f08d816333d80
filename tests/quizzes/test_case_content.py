"""A case is written like a quiz file (``kind: case``) and checked like one, in YAML and in Wagtail alike."""

import copy
import re

import pytest
import yaml
from django.core.exceptions import ValidationError

from courses.content_loader import DEFAULT_ROOT
from quizzes import cases, models
from quizzes.content import QuizContentError, quiz_content_load, quiz_content_parse
from quizzes.models import Quiz
from tests.quizzes.case_factories import CaseFactory, case_step, single_choice_for_case

pytestmark = pytest.mark.django_db

CASE = {
    "kind": "case",
    "title": "Casus: Noor",
    "intro": "Een verhaal in scènes.",
    "settings": {"pass_mark_percent": 0, "feedback_timing": "after_each"},
    "questions": [
        {
            "key": "week-1",
            "type": "case_step",
            "value": {
                "moment": "Week 1",
                "day": 3,
                "scene": "Noor komt binnen.",
                "prompt": "Wat valt op?",
                "signal": "Een oudere vriend",
                "explanation": "Een verschil in macht.",
                "options": [
                    {"text": "Niets", "is_correct": False, "feedback": "Kijk nog eens.", "next": "week-2b"},
                    {"text": "De vriend", "is_correct": True, "feedback": "Goed gezien."},
                ],
            },
        },
        {
            "key": "week-2",
            "type": "case_step",
            "value": {
                "moment": "Week 2",
                "day": 10,
                "next": "end",
                "scene": "Noor belt.",
                "prompt": "Wat doet u?",
                "signal": "Schuld",
                "explanation": "Schuld bindt.",
                "options": [
                    {"text": "Doorvragen", "is_correct": True, "feedback": "Ja."},
                    {"text": "Niets", "is_correct": False, "feedback": "Nee."},
                ],
            },
        },
        {
            "key": "week-2b",
            "type": "case_step",
            "value": {
                "moment": "Week 2",
                "day": 11,
                "scene": "Noor zwijgt.",
                "prompt": "Wat doet u?",
                "signal": "Zwijgen",
                "explanation": "Angst.",
                "options": [
                    {"text": "Blijven", "is_correct": True, "feedback": "Ja."},
                    {"text": "Gaan", "is_correct": False, "feedback": "Nee."},
                ],
            },
        },
    ],
    "timeline": [{"day": 5, "moment": "Week 1", "seat": "De mentor", "signal": "Afwezig op maandag"}],
    "epilogue": {"heading": "Irene", "text": "Wat er gebeurt als de keten faalt."},
}


def _start(message) -> str:
    """The first words of a message in the active language, as a pattern (the rest may hold names)."""
    return re.escape(" ".join(str(message).split()[:3]))


def _parse(data=CASE):
    return quiz_content_parse(data, id_prefix="course/casus")


def test_a_case_file_loads_into_a_case_with_its_scenes_and_ending():
    quiz = quiz_content_load(content=_parse()).quiz

    assert quiz.is_case
    assert [child.value["name"] for child in quiz.questions] == ["week-1", "week-2", "week-2b"]
    assert [child.block_type for child in quiz.ending] == ["other_seat_signal", "epilogue"]


def test_loading_the_same_case_again_changes_nothing():
    quiz_content_load(content=_parse())

    again = quiz_content_load(content=_parse())

    assert not again.created and again.changed == []


def test_a_changed_timeline_is_an_update():
    quiz_content_load(content=_parse())
    data = copy.deepcopy(CASE)
    data["timeline"][0]["signal"] = "Nieuwe tas"

    assert quiz_content_load(content=_parse(data)).changed == ["ending"]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda data: data["questions"][2]["value"].update(next="week-1"),
            re.escape(str(cases.BACKWARD_NEXT_SCENE % {"name": "week-2b", "target": "week-1"})),
        ),
        (lambda data: data["questions"][0]["value"]["options"][0].update(next="week-9"), "week-9"),
        (lambda data: data["questions"][0]["value"]["options"][0].update(feedback=""), "no feedback"),
        (lambda data: data["questions"][0]["value"]["options"][1].update(is_correct=False), "options"),
        (lambda data: data["settings"].update(pass_mark_percent=70), _start(models.CASE_SETTINGS)),
        (lambda data: data.update(kind="quiz"), "belong to a case"),
        (lambda data: data["timeline"][0].pop("seat"), "needs exactly"),
    ],
)
def test_a_broken_case_file_is_refused_with_the_reason(change, problem):
    data = copy.deepcopy(CASE)
    change(data)

    with pytest.raises((QuizContentError, ValidationError), match=problem):
        _parse(data)
    assert not Quiz.objects.exists()


def test_a_case_holds_only_scenes_and_a_quiz_holds_none():
    case = CaseFactory.build(questions=[case_step("s1", day=1), single_choice_for_case()])
    quiz = CaseFactory.build(kind=Quiz.Kind.QUIZ, ending=[], questions=[case_step("s1", day=1)])

    with pytest.raises(ValidationError, match=_start(models.CASE_ONLY_SCENES)):
        case.full_clean(exclude=["created_at", "updated_at"])
    with pytest.raises(ValidationError, match=_start(models.QUIZ_WITHOUT_SCENES)):
        quiz.full_clean(exclude=["created_at", "updated_at"])


def test_two_scenes_with_one_name_are_refused():
    case = CaseFactory.build(questions=[case_step("s1", day=1), case_step("s1", day=2)])

    with pytest.raises(ValidationError, match=_start(cases.DUPLICATE_SCENE_NAME)):
        case.full_clean(exclude=["created_at", "updated_at"])


COURSE_CASES = sorted(DEFAULT_ROOT.glob("*/quiz-casus-*.yaml"))


def _all_paths(questions: list[dict]) -> list[list[str]]:
    """Every path through a case (raw YAML scenes), as lists of scene keys."""
    by_key = {question["key"]: index for index, question in enumerate(questions)}

    def walk(index: int) -> list[list[str]]:
        value = questions[index]["value"]
        paths = []
        for option in value["options"]:
            target = option.get("next") or value.get("next") or ""
            following = None if target == "end" else by_key.get(target, index + 1 if not target else None)
            if following is None or following >= len(questions):
                paths.append([questions[index]["key"]])
            else:
                paths += [[questions[index]["key"], *rest] for rest in walk(following)]
        return paths

    return walk(0)


@pytest.mark.parametrize("path", COURSE_CASES, ids=lambda path: path.parent.name)
def test_each_course_tells_the_shared_story_from_its_own_seat(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    quiz_content_parse(data, id_prefix=f"{path.parent.name}/check")  # loads: forward branches, feedback everywhere

    paths = _all_paths(data["questions"])
    assert {key for scenes in paths for key in scenes} == {question["key"] for question in data["questions"]}
    assert all(len(scenes) >= 4 for scenes in paths)  # every learner meets four moments
    assert len({item["seat"] for item in data["timeline"]}) == 2  # the other two seats on one timeline
    epilogue = data["epilogue"]["text"]
    assert "Irene" in epilogue and "instelling" in epilogue and "drie maanden" in epilogue  # faithful to seed 000


def test_the_three_courses_have_a_case_each():
    assert {path.parent.name for path in COURSE_CASES} == {
        "herken-de-signalen",
        "mensenhandel-niet-op-school",
        "wees-alert",
    }
