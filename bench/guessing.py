"""Can a learner who knows nothing pass a final exam? Simulated learners, through the real pages.

    .venv/bin/python bench/guessing.py                 # 200 learners per exam and strategy
    .venv/bin/python bench/guessing.py --learners 50   # quicker

A fresh SQLite database in a temporary folder gets the courses from ``content/`` (the real exams). Each simulated
learner enrols in the course (POST), opens the exam, starts an attempt, reads the form as the browser gets it
(the rendered HTML: the options in the order this attempt shows them), answers by its strategy, hands in, and
reads the result page. It goes on for as many attempts as the exam lets it, at most three; when the exam makes it
wait, the learner comes back after the wait (its attempts are moved back in time by that much).

Strategies of a learner who knows nothing: always the first option, always the last, random choices, and
"empty first" (hand in an empty attempt, read what the result page reveals, use it next time). For contrast, a
learner who studied knows the answer to 80 % of the questions and guesses the rest.

Writes ``bench/results/guessing.md`` and prints it.
"""

import argparse
import io
import logging
import os
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FINAL_EXAMS = {"herken-de-signalen": "eindtoets", "mensenhandel-niet-op-school": "eindtoets"}
MAX_ATTEMPTS = 3
STUDIED_SHARE = 0.8
STRATEGIES = ["first", "last", "random", "empty first", "studied"]


@dataclass
class Question:
    key: str
    kind: str  # "choice", "multiple" or "sorting"
    options: list[str] = field(default_factory=list)  # option keys in the order shown (statements for sorting)


def parse_form(html: str) -> list[Question]:
    """The questions of an open attempt, as the take page's form shows them."""
    from bs4 import BeautifulSoup

    questions: dict[str, Question] = {}
    for element in BeautifulSoup(html, "html.parser").select("input[name^=q__]"):
        name = element["name"][3:]
        key, _sep, statement = name.partition("__")
        if statement:
            question = questions.setdefault(key, Question(key, "sorting"))
            if statement not in question.options:
                question.options.append(statement)
        else:
            kind = "multiple" if element["type"] == "checkbox" else "choice"
            questions.setdefault(key, Question(key, kind)).options.append(element["value"])
    return list(questions.values())


def revealed_answers(html: str) -> dict[str, list[str]]:
    """What a result page gives away, as form fields: the options marked correct (the best weighted action)."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(html, "html.parser")
    scored: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for option in page.select(".option"):
        field_input, answer = option.select_one("input[name^=q__]"), option.select_one(".option__answer")
        if field_input is None or answer is None:
            continue
        weight = re.search(r"(\d+)\s*%", answer.get_text())
        score = int(weight.group(1)) if weight else (100 if "option--correct" in option.get("class", []) else 0)
        scored[field_input["name"]].append((score, field_input["value"]))
    revealed = {}
    for name, options in scored.items():
        best = max(score for score, _value in options)
        if best > 0:
            revealed[name] = [value for score, value in options if score == best]
    for statement in page.select("fieldset.statement"):
        field_input, answer = statement.select_one("input[name^=q__]"), statement.select_one(".option__answer")
        if field_input is not None and answer is not None:
            text = answer.get_text().lower()
            revealed[field_input["name"]] = ["no_signal" if "geen signaal" in text or "no signal" in text else "signal"]
    return revealed


def answers_for(strategy: str, questions: list[Question], *, rng, known: dict, key_of) -> dict[str, list[str]]:
    """The form fields a learner of ``strategy`` posts."""
    posted: dict[str, list[str]] = {}
    studied = strategy == "studied"
    for question in questions:
        if studied and rng.random() < STUDIED_SHARE:
            posted.update(key_of(question))
            continue
        if question.kind == "sorting":
            for statement in question.options:
                name = f"q__{question.key}__{statement}"
                posted[name] = known.get(name) or [_pick(strategy, ["signal", "no_signal"], rng)]
            continue
        name = f"q__{question.key}"
        if name in known:
            posted[name] = known[name]
        elif question.kind == "multiple" and strategy == "random":
            posted[name] = [key for key in question.options if rng.random() < 0.5] or [rng.choice(question.options)]
        else:
            posted[name] = [_pick(strategy, question.options, rng)]
    return posted


def _pick(strategy: str, options: list[str], rng) -> str:
    if strategy == "first":
        return options[0]
    if strategy == "last":
        return options[-1]
    return rng.choice(options)


def correct_fields(attempt):
    """For the learner who studied: the right answer to a question of ``attempt``, as form fields."""
    snapshot = {question["key"]: question for question in attempt.questions}

    def key_of(question: Question) -> dict[str, list[str]]:
        frozen = snapshot[question.key]
        options = frozen["options"]
        if question.kind == "sorting":
            return {
                f"q__{question.key}__{option['key']}": ["signal" if option["correct"] else "no_signal"]
                for option in options
            }
        if question.kind == "multiple":
            return {f"q__{question.key}": [option["key"] for option in options if option["correct"]]}
        best = max(options, key=lambda option: (option["correct"], option["weight"]))
        return {f"q__{question.key}": [best["key"]]}

    return key_of


def learner_run(*, quiz, course, strategy: str, rng, number: int) -> tuple[bool, int]:
    """One learner: returns (passed, attempts used)."""
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from quizzes.models import QuizAttempt

    learner = User.objects.create_user(email=f"{strategy.replace(' ', '-')}-{quiz.pk}-{number}@guess.example")
    client = Client()
    client.force_login(learner)
    client.post(reverse("courses:enroll", args=[course.pk]))
    take = reverse("quizzes:take", args=[quiz.pk])
    known: dict[str, list[str]] = {}
    for used in range(1, MAX_ATTEMPTS + 1):
        refused = client.post(reverse("quizzes:start", args=[quiz.pk])).status_code >= 400
        if refused and not _come_back_after_the_wait(client, learner, quiz):
            return False, used - 1
        attempt = QuizAttempt.objects.filter(learner=learner, quiz=quiz, status="in_progress").first()
        if attempt is None:
            return False, used - 1
        questions = parse_form(client.get(take).content.decode())
        empty = strategy == "empty first" and used == 1
        posted = {} if empty else answers_for(strategy, questions, rng=rng, known=known, key_of=correct_fields(attempt))
        client.post(reverse("quizzes:attempt_submit", args=[attempt.pk]), posted)
        result_page = client.get(reverse("quizzes:attempt_result", args=[attempt.pk])).content.decode()
        known.update(revealed_answers(result_page))
        attempt.refresh_from_db()
        if attempt.passed:
            return True, used
    return False, MAX_ATTEMPTS


def _come_back_after_the_wait(client, learner, quiz) -> bool:
    """The learner waits as long as the exam asks, then tries again; False when no attempt is left at all."""
    from datetime import timedelta

    from django.urls import reverse

    from quizzes.models import QuizAttempt

    if not quiz.wait_minutes:
        return False
    graded = QuizAttempt.objects.filter(learner=learner, quiz=quiz, status="graded")
    for attempt in graded:
        moved = timedelta(minutes=quiz.wait_minutes + 1)
        QuizAttempt.objects.filter(pk=attempt.pk).update(
            started_at=attempt.started_at - moved, graded_at=attempt.graded_at - moved
        )
    return client.post(reverse("quizzes:start", args=[quiz.pk])).status_code < 400


def wilson_upper(passed: int, total: int, z: float = 1.96) -> float:
    """The upper end of the 95 % Wilson interval of a pass rate."""
    if total == 0:
        return 0.0
    p = passed / total
    centre = p + z * z / (2 * total)
    spread = z * ((p * (1 - p) + z * z / (4 * total)) / total) ** 0.5
    return (centre + spread) / (1 + z * z / total)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=200, help="simulated learners per exam and strategy")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="signaal-guessing-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "elearning.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/guessing.sqlite3"
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):
        os.environ.pop(name, None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import translation

    from courses.models import CoursePage
    from courses.selectors import course_lessons, lesson_activities
    from quizzes.models import Quiz

    settings.MEDIA_ROOT = folder
    logging.getLogger("django.request").setLevel(logging.ERROR)  # a refused start (409) is part of the test
    translation.activate("nl")
    call_command("migrate", verbosity=0)
    call_command("load_courses", verbosity=0, stdout=io.StringIO())
    rng = random.Random(options.seed)
    rows, started = [], time.monotonic()
    for slug in FINAL_EXAMS:
        course = CoursePage.objects.get(slug=slug)
        quiz_ids = [a.activity_id for lesson in course_lessons(course=course) for a in lesson_activities(lesson=lesson)]
        quiz = Quiz.objects.filter(pk__in=quiz_ids).order_by("-pk").first()
        for strategy in STRATEGIES:
            outcomes = [
                learner_run(quiz=quiz, course=course, strategy=strategy, rng=rng, number=n)
                for n in range(options.learners)
            ]
            passed = sum(1 for ok, _used in outcomes if ok)
            attempts = defaultdict(int)
            for _ok, used in outcomes:
                attempts[used] += 1
            rows.append((course.title, quiz, strategy, passed, len(outcomes), dict(sorted(attempts.items()))))
    report = _report(rows, options, time.monotonic() - started)
    out = ROOT / "bench" / "results" / "guessing.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(report)
    print(report)
    return 0


def _report(rows, options, seconds: float) -> str:
    lines = [
        "# Guessing benchmark (`bench/guessing.py`)",
        "",
        f"{options.learners} simulated learners per exam and strategy, seed {options.seed}, through the real pages; "
        f"at most {MAX_ATTEMPTS} attempts each. {seconds:.0f} s.",
        "",
        "| course | exam settings | strategy | passed | pass rate | 95 % upper bound | attempts used |",
        "|---|---|---|---|---|---|---|",
    ]
    for course, quiz, strategy, passed, total, attempts in rows:
        settings = (
            f"pass mark {quiz.pass_mark_percent} %, {quiz.question_count} of {len(quiz.questions)} questions, "
            f"attempts {quiz.attempts_allowed or '∞'}, wait {quiz.wait_minutes} min, answers shown {quiz.show_answers}"
        )
        lines.append(
            f"| {course} | {settings} | {strategy} | {passed}/{total} | {100 * passed / total:.1f} % | "
            f"{100 * wilson_upper(passed, total):.1f} % | {attempts} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
