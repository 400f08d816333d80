"""Case activities: a story told in scenes, one question each, that may branch on the answer.

A case is a quiz of kind "case" whose questions are case scenes (``case_step`` blocks). Like every quiz, an
attempt freezes the scenes (``QuizAttempt.questions``) and the ending (``QuizAttempt.ending``: the signals other
people saw, and an epilogue) when it starts, so editing the case later changes nothing for a learner's attempt.

Pure functions over those frozen dicts, no database: which scene comes after an answer, the path a learner has
walked so far and the scene they are at, and the timeline of signals at the end. The learner's path is
determined by their answers alone, so the server always knows the one scene they may answer now.

An answer "spots" the scene's signal when it is the option marked correct. A branch only ever leads forward
(to a scene later in the list, or to the end), so every path ends.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from quizzes.grading import CASE_STEP

OTHER_SEAT_SIGNAL = "other_seat_signal"
EPILOGUE = "epilogue"
END = "end"

DUPLICATE_SCENE_NAME = _("Two scenes are called “%(name)s”: give every scene its own name.")
UNKNOWN_NEXT_SCENE = _("Scene “%(name)s” leads to “%(target)s”, but no scene has that name.")
BACKWARD_NEXT_SCENE = _(
    "Scene “%(name)s” leads back to “%(target)s”: a case may only lead to a later scene, so that it always ends."
)


def steps(questions: list[dict]) -> list[dict]:
    return [question for question in questions if question.get("type") == CASE_STEP]


def _target(step: Mapping, option: Mapping | None) -> str:
    chosen = str((option or {}).get("next") or "").strip()
    return chosen or str(step.get("next") or "").strip()


def next_step(questions: list[dict], step: dict, option_key: str) -> dict | None:
    """The scene that follows ``step`` when the learner chose ``option_key``; None when the case ends."""
    scenes = steps(questions)
    option = next((option for option in step["options"] if option["key"] == option_key), None)
    target = _target(step, option)
    if target == END:
        return None
    if target:
        return next((scene for scene in scenes if scene["name"] == target), None)
    index = next(index for index, scene in enumerate(scenes) if scene["key"] == step["key"])
    return scenes[index + 1] if index + 1 < len(scenes) else None


@dataclass(frozen=True)
class CasePath:
    """The scenes the learner answered, in the order they met them, and the scene they are at (None: done)."""

    answered: list[dict]
    current: dict | None

    @property
    def is_finished(self) -> bool:
        return self.current is None and bool(self.answered)


def _chosen(response) -> str | None:
    return response.get("option") if isinstance(response, Mapping) else None


def case_path(questions: list[dict], responses: Mapping[str, dict]) -> CasePath:
    """Walk the case from its first scene along the learner's answers (``{scene key: {"option": key}}``)."""
    scenes = steps(questions)
    answered: list[dict] = []
    step = scenes[0] if scenes else None
    seen = set()
    while step is not None and step["key"] not in seen:
        seen.add(step["key"])
        option_key = _chosen(responses.get(step["key"]))
        if option_key is None or option_key not in {option["key"] for option in step["options"]}:
            return CasePath(answered=answered, current=step)
        answered.append(step)
        step = next_step(questions, step, option_key)
    return CasePath(answered=answered, current=None)


def spotted(step: dict, response) -> bool:
    """Whether the learner's answer to ``step`` was the right one: they spotted its signal."""
    option_key = _chosen(response)
    return any(option["key"] == option_key and option["correct"] for option in step["options"])


@dataclass(frozen=True)
class TimelineEntry:
    day: int
    moment: str
    signal: str
    seat: str = ""  # who saw it, for another seat's signal; empty for the learner's own scenes
    spotted: bool | None = None  # the learner's own scenes only

    @property
    def is_own(self) -> bool:
        return self.spotted is not None


def case_timeline(questions: list[dict], ending: list[dict], responses: Mapping[str, dict]) -> list[TimelineEntry]:
    """The signals of the story in order of the day they happened: the learner's own scenes (spotted or
    missed), and what the other seats saw. On the same day the learner's own scenes come first."""
    path = case_path(questions, responses)
    own = [
        TimelineEntry(
            day=int(step["day"]),
            moment=step["moment"],
            signal=step["signal"],
            spotted=spotted(step, responses.get(step["key"])),
        )
        for step in path.answered
    ]
    others = [
        TimelineEntry(day=int(item["day"]), moment=item["moment"], signal=item["signal"], seat=item["seat"])
        for item in ending
        if item.get("type") == OTHER_SEAT_SIGNAL
    ]
    return sorted(own + others, key=lambda entry: (entry.day, not entry.is_own))


def epilogues(ending: list[dict]) -> list[dict]:
    return [item for item in ending if item.get("type") == EPILOGUE]


def case_step_errors(values: list[Mapping]) -> list[str]:
    """What is wrong with the scenes' names and branches (``values``: the scenes' block values, in order)."""
    errors: list[str] = []
    names = [str(value.get("name") or "").strip() for value in values]
    for name in sorted({name for name in names if names.count(name) > 1}):
        errors.append(DUPLICATE_SCENE_NAME % {"name": name})
    position = {name: index for index, name in enumerate(names)}
    for index, value in enumerate(values):
        targets = [_target(value, None)] + [_target({}, option) for option in value.get("options") or []]
        for target in dict.fromkeys(target for target in targets if target and target != END):
            if target not in position:
                errors.append(UNKNOWN_NEXT_SCENE % {"name": names[index], "target": target})
            elif position[target] <= index:
                errors.append(BACKWARD_NEXT_SCENE % {"name": names[index], "target": target})
    return errors
