"""Classroom mode: a lesson cut into the steps a teacher shows one at a time on the projector.

Every block of the lesson body is one step, except a quiz: each of its questions is a step of its own, shown
without its answer until the teacher opens "Toon antwoord". The lesson's discussion prompts are the last step.
The page works without JavaScript as one long page with every step; ``static/js/classroom-mode.js`` turns it
into a slide show. Nothing here records anything for the teacher or the pupils.

A quiz whose editor chose never to show its answers keeps them hidden here too: its questions are shown, its key
is not (it may be the test the pupils take afterwards).
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from classrooms.models import ClassPoll, PollAnswer, SchoolClass
from courses.models import LessonPage
from quizzes import grading
from quizzes.display import FALSE_LABEL, TRUE_LABEL
from quizzes.models import Quiz
from quizzes.snapshot import TRUE_KEY, question_snapshot

PLAIN_QUESTION_TYPES = (
    grading.SINGLE_CHOICE,
    grading.MULTIPLE_RESPONSE,
    grading.TRUE_FALSE,
    grading.SIGNAL_SORTING,
    grading.SCENARIO,
)
# Questions with one answer to choose: the ones pupils can answer on their own device ("62 % chose B").
POLL_QUESTION_TYPES = (grading.SINGLE_CHOICE, grading.TRUE_FALSE, grading.SCENARIO)
MARKS = {
    grading.SIGNAL_SORTING: (_("signal"), _("no signal")),
    grading.SCENARIO: (_("best choice"), ""),
}
DEFAULT_MARKS = (_("correct"), _("not correct"))


@dataclass(frozen=True)
class ProjectorOption:
    letter: str
    text: str
    mark: str
    correct: bool = False  # only ever True when the key may be shown


@dataclass(frozen=True)
class PollOptionResult:
    letter: str
    text: str
    count: int
    percent: int


@dataclass
class PollResults:
    """What the class answered, as counts only: never who chose what."""

    poll: ClassPoll
    answered: int
    pupils: int
    options: list[PollOptionResult]


@dataclass
class ProjectorQuestion:
    quiz_id: int
    key: str
    pollable: bool
    quiz_title: str
    number: int
    count: int
    prompt: str
    situation: str = ""
    image: object = None
    image_alt: str = ""
    options: list[ProjectorOption] = field(default_factory=list)
    explanation: str = ""
    may_reveal: bool = True
    poll: PollResults | None = None


@dataclass
class Step:
    """One thing on the screen: a lesson block, a quiz question, or the discussion prompts."""

    number: int
    total: int
    block: object = None
    question: ProjectorQuestion | None = None
    is_discussion: bool = False


def lesson_steps(*, lesson: LessonPage) -> list[Step]:
    """The lesson as steps. One query for the quizzes' scenario images, besides what the blocks load."""
    parts: list[dict] = []
    for block in lesson.body:
        quiz = block.value["quiz"] if block.block_type == "quiz" else None
        if quiz is not None and not getattr(quiz, "is_case", False):
            parts.extend({"question": question} for question in _quiz_questions(quiz))
        else:
            # Every other block, a case (a story that branches on the pupil's answers) and a quiz that is gone.
            parts.append({"block": block})
    if lesson.discussion_prompts:
        parts.append({"is_discussion": True})
    _images_attach([part["question"] for part in parts if "question" in part])
    total = len(parts)
    return [Step(number=number, total=total, **part) for number, part in enumerate(parts, start=1)]


def _quiz_questions(quiz: Quiz) -> list[ProjectorQuestion]:
    may_reveal = quiz.show_answers != Quiz.ShowAnswers.NEVER
    snapshots = [question_snapshot(child) for child in quiz.questions if child.block_type in PLAIN_QUESTION_TYPES]
    return [
        ProjectorQuestion(
            quiz_id=quiz.pk,
            key=question["key"],
            pollable=question["type"] in POLL_QUESTION_TYPES,
            quiz_title=quiz.title,
            number=number,
            count=len(snapshots),
            prompt=question["prompt"],
            situation=question.get("situation", ""),
            image=question.get("image_id"),
            image_alt=question.get("image_alt", ""),
            options=_options(question, with_key=may_reveal),
            explanation=question["explanation"] if may_reveal else "",
            may_reveal=may_reveal,
        )
        for number, question in enumerate(snapshots, start=1)
    ]


def poll_question(*, lesson: LessonPage, quiz_id: int, question_key: str) -> dict | None:
    """The question to put to the class, frozen without its key, if it is a one-answer question of a quiz
    in this lesson; otherwise None."""
    for block in lesson.body:
        quiz = block.value["quiz"] if block.block_type == "quiz" else None
        if quiz is None or quiz.pk != quiz_id or getattr(quiz, "is_case", False):
            continue
        for child in quiz.questions:
            if child.id == question_key and child.block_type in POLL_QUESTION_TYPES:
                question = question_snapshot(child)
                shown = _options(question, with_key=False)  # labels as on the board: "Waar", not "true"
                return {
                    "key": question["key"],
                    "prompt": question["prompt"],
                    "options": [
                        {"key": raw["key"], "text": option.text}
                        for option, raw in zip(shown, question["options"], strict=True)
                    ],
                }
    return None


def _options(question: dict, *, with_key: bool) -> list[ProjectorOption]:
    """The options in the editor's order, lettered; with their marks only when the key may be shown."""
    correct_mark, other_mark = MARKS.get(question["type"], DEFAULT_MARKS) if with_key else ("", "")
    options = []
    for index, option in enumerate(question.get("options", [])):
        text = option["text"]
        if question["type"] == grading.TRUE_FALSE:
            text = TRUE_LABEL if option["key"] == TRUE_KEY else FALSE_LABEL
        mark = correct_mark if option["correct"] else other_mark
        options.append(
            ProjectorOption(
                letter=chr(ord("A") + index),
                text=str(text),
                mark=str(mark),
                correct=with_key and bool(option["correct"]),
            )
        )
    return options


def _images_attach(questions: list[ProjectorQuestion]) -> None:
    """Swap the scenario questions' image ids for images, in one query for all of them."""
    ids = {question.image for question in questions if question.image}
    images = get_image_model().objects.in_bulk(ids) if ids else {}
    for question in questions:
        question.image = images.get(question.image)


def lesson_polls_attach(*, school_class: SchoolClass, steps: list[Step]) -> None:
    """Give each question step the class's latest poll of that question with its results. Three queries,
    whatever the number of questions, polls or pupils."""
    questions = [step.question for step in steps if step.question is not None and step.question.pollable]
    if not questions:
        return
    latest: dict[tuple[int, str], ClassPoll] = {}
    for poll in ClassPoll.objects.filter(
        school_class=school_class, quiz_id__in={question.quiz_id for question in questions}
    ).order_by("-opened_at", "-pk"):
        latest.setdefault((poll.quiz_id, poll.question_key), poll)
    if not latest:
        return
    results = _results(list(latest.values()), pupils=school_class.pupils.count())
    for question in questions:
        poll = latest.get((question.quiz_id, question.key))
        question.poll = results[poll.pk] if poll else None


def poll_results(*, poll: ClassPoll) -> PollResults:
    """One poll's results, for the projector to follow while pupils answer. Two queries."""
    return _results([poll], pupils=poll.school_class.pupils.count())[poll.pk]


def _results(polls: list[ClassPoll], *, pupils: int) -> dict[int, PollResults]:
    counts: dict[int, dict[str, int]] = {poll.pk: {} for poll in polls}
    for poll_id, option_key, count in (
        PollAnswer.objects.filter(poll__in=polls)
        .values("poll_id", "option_key")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("poll_id", "option_key", "count")
    ):
        counts[poll_id][option_key] = count
    results = {}
    for poll in polls:
        answered = sum(counts[poll.pk].values())
        options = [
            PollOptionResult(
                letter=chr(ord("A") + index),
                text=option["text"],
                count=(count := counts[poll.pk].get(option["key"], 0)),
                percent=round(100 * count / answered) if answered else 0,
            )
            for index, option in enumerate(poll.options)
        ]
        results[poll.pk] = PollResults(poll=poll, answered=answered, pupils=pupils, options=options)
    return results
