"""What a learner sees of a case attempt: the scene they are at, the feedback on the scene they just answered,
and at the end the timeline of signals and the epilogue.

Templates get these views, never the snapshot: the options of the current scene carry no hint of which one is
right or where it leads, and feedback is shown only for a scene the learner has answered.
"""

from dataclasses import dataclass, field

from wagtail.images import get_image_model

from quizzes import cases
from quizzes.forms import question_field
from quizzes.models import QuizAnswer, QuizAttempt


@dataclass(frozen=True)
class SceneOption:
    key: str
    label: str
    input_id: str


@dataclass(frozen=True)
class SceneView:
    key: str
    number: int
    moment: str
    scene: str
    prompt: str
    field_name: str
    options: list[SceneOption]
    image: object = None
    image_alt: str = ""


@dataclass(frozen=True)
class SceneFeedback:
    """The learner's answer to a scene they answered, and what it meant."""

    moment: str
    prompt: str
    answer: str
    feedback: str
    spotted: bool
    signal: str
    explanation: str


@dataclass
class CaseView:
    current: SceneView | None
    last: SceneFeedback | None
    answered: list[SceneFeedback] = field(default_factory=list)
    timeline: list[cases.TimelineEntry] = field(default_factory=list)
    epilogues: list[dict] = field(default_factory=list)

    @property
    def scene_number(self) -> int:
        return len(self.answered) + 1

    @property
    def spotted_count(self) -> int:
        return sum(1 for item in self.answered if item.spotted)


def _feedback(step: dict, response: dict) -> SceneFeedback:
    option = next(option for option in step["options"] if option["key"] == response.get("option"))
    return SceneFeedback(
        moment=step["moment"],
        prompt=step["prompt"],
        answer=option["text"],
        feedback=option["feedback"],
        spotted=bool(option["correct"]),
        signal=step["signal"],
        explanation=step["explanation"],
    )


def _scene(step: dict, number: int, images: dict) -> SceneView:
    return SceneView(
        key=step["key"],
        number=number,
        moment=step["moment"],
        scene=step["scene"],
        prompt=step["prompt"],
        field_name=question_field(step["key"]),
        options=[
            SceneOption(key=option["key"], label=option["text"], input_id=f"scene{number}-o{index}")
            for index, option in enumerate(step["options"], start=1)
        ],
        image=images.get(step.get("image_id")),
        image_alt=step.get("image_alt", ""),
    )


def case_view(*, attempt: QuizAttempt, answers: dict[str, QuizAnswer]) -> CaseView:
    """Where the learner is in the case; at most one query (the current scene's image)."""
    responses = {key: answer.response for key, answer in answers.items()}
    path = cases.case_path(attempt.questions, responses)
    answered = [_feedback(step, responses[step["key"]]) for step in path.answered]
    current = None
    if path.current is not None and not attempt.is_graded:
        image_id = path.current.get("image_id")
        images = get_image_model().objects.in_bulk([image_id]) if image_id else {}
        current = _scene(path.current, len(answered) + 1, images)
    view = CaseView(current=current, last=answered[-1] if answered else None, answered=answered)
    if attempt.is_graded:
        view.timeline = cases.case_timeline(attempt.questions, attempt.ending, responses)
        view.epilogues = cases.epilogues(attempt.ending)
    return view
