"""Item analysis over 100,000 answers on PostgreSQL (issue 16, item 6: < 2 s).

    .venv/bin/python bench/item_analysis.py                 # 10,250 attempts x 10 questions
    .venv/bin/python bench/item_analysis.py --attempts 500  # a quick look
    .venv/bin/python bench/item_analysis.py --keep-db       # leave signaal_bench_items in place

Creates its own database (signaal_bench_items, dropped afterwards), migrates it with the production settings,
and seeds one quiz of 10 questions (6 single choice, 2 multiple response, a signal sorting, a scenario) with
graded attempts as the engine stores them: each attempt its own snapshot with shuffled options, its answers
graded by ``quizzes.grading``. Eight in ten learners make one attempt, the others two, so the analysis has
to pick the first attempt of each. Answers follow a simple ability model (a learner's chance of getting a
question right grows with their ability), with one question nearly everyone gets right and one whose key
strong learners miss, so the flags show up.

Then it times ``quiz_item_analysis`` (a cold run, then the median and worst of five warm runs), counts its
queries, times the admin page (rendered in-process by Django's test client), and writes
bench/results/item_analysis.json. PostgreSQL must accept ``postgres`` on 127.0.0.1:5432 (``BENCH_PG``).
"""

import argparse
import json
import math
import os
import platform
import random
import secrets
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "signaal_bench_items"
RESULTS = BASE_DIR / "bench" / "results"
QUESTIONS = 10
BATCH = 1000


def log(message: str) -> None:
    print(f"[item-analysis {time.strftime('%H:%M:%S')}] {message}", flush=True)


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def _items(key: str, values: list[dict]) -> list[dict]:
    return [{"type": "item", "id": f"{key}-{index}", "value": value} for index, value in enumerate(values)]


def _questions() -> list[dict]:
    """Ten questions with the texts and feedback of a real exam, so snapshots are as large as real ones."""
    feedback = "Dat klopt niet helemaal: kijk naar de combinatie van signalen en bespreek wat je ziet. " * 2
    questions = []
    for number in range(6):
        options = [
            {"text": f"Antwoord {letter} bij vraag {number}: een realistische afleider", "feedback": feedback}
            for letter in "abcd"
        ]
        options[number % 4]["is_correct"] = True
        for option in options:
            option.setdefault("is_correct", False)
        questions.append(
            {
                "type": "single_choice",
                "id": f"sc{number}",
                "value": {
                    "prompt": f"Vraag {number}: welk signaal wijst het sterkst op arbeidsuitbuiting?",
                    "options": _items(f"sc{number}", options),
                    "explanation": feedback,
                },
            }
        )
    for number in range(2):
        options = [
            {"text": f"Signaal {letter}", "is_correct": letter in "ab", "feedback": feedback} for letter in "abcde"
        ]
        questions.append(
            {
                "type": "multiple_response",
                "id": f"mr{number}",
                "value": {
                    "prompt": "Welke signalen zie je in dit verhaal?",
                    "scoring": "partial" if number else "all_or_nothing",
                    "options": _items(f"mr{number}", options),
                    "explanation": feedback,
                },
            }
        )
    statements = [
        {"text": f"Uitspraak {letter}", "is_signal": letter in "ac", "feedback": feedback} for letter in "abcd"
    ]
    questions.append(
        {
            "type": "signal_sorting",
            "id": "ss",
            "value": {"prompt": "Signaal of geen signaal?", "options": _items("ss", statements), "explanation": ""},
        }
    )
    actions = [
        {"text": f"Handeling {letter}", "weight": weight, "feedback": feedback}
        for letter, weight in zip("abc", (100, 50, 0), strict=True)
    ]
    questions.append(
        {
            "type": "scenario",
            "id": "sn",
            "value": {
                "situation": "Aan de balie staat een jonge vrouw die steeds naar haar begeleider kijkt.",
                "image": None,
                "image_alt": "",
                "prompt": "Wat doe je?",
                "options": _items("sn", actions),
                "explanation": feedback,
            },
        }
    )
    return questions


def _response(question: dict, ability: float, rng: random.Random) -> dict | None:
    """A learner's answer: right with a chance that grows with ability; sc0 is easy, sc1's key misleads."""
    from quizzes import grading

    difficulty = {"sc0": -4.0, "sc1": 0.0}.get(question["key"], 0.3)
    slope = -1.0 if question["key"] == "sc1" else 1.2
    right = rng.random() < 1 / (1 + math.exp(-(slope * ability - difficulty)))
    if rng.random() < 0.02:
        return None  # left open
    options = question["options"]
    correct = [option["key"] for option in options if option["correct"]]
    wrong = [option["key"] for option in options if not option["correct"]]
    kind = question["type"]
    if kind == grading.SIGNAL_SORTING:
        return {"marks": {o["key"]: ("signal" if o["correct"] == right else "no_signal") for o in options}}
    if kind == grading.MULTIPLE_RESPONSE:
        chosen = set(correct) if right else {*correct[:1], rng.choice(wrong)}
        return {"options": sorted(chosen)}
    return {"option": correct[0] if right else rng.choice(wrong)}


def seed(attempts: int, rng: random.Random):
    from decimal import ROUND_DOWN, Decimal
    from fractions import Fraction

    from django.utils import timezone

    from accounts.models import User
    from quizzes import grading
    from quizzes.models import Quiz, QuizAnswer, QuizAttempt
    from quizzes.snapshot import question_snapshot, questions_draw

    def decimal(value: Fraction, places: str) -> Decimal:
        return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(places), rounding=ROUND_DOWN)

    quiz = Quiz.objects.create(title="Eindtoets (benchmark)", questions=_questions(), shuffle_options=True)
    pool = [question_snapshot(child) for child in quiz.questions]
    learners_count = round(attempts / 1.2)
    seconds = attempts - learners_count  # learners with a second attempt
    users = User.objects.bulk_create(
        [User(email=f"item-{index}@bench.example", password="!") for index in range(learners_count)], batch_size=BATCH
    )
    plan = [(user, 1) for user in users] + [(user, 2) for user in users[:seconds]]
    now = timezone.now()
    answers_total = 0
    for start in range(0, len(plan), BATCH):
        rows, answer_rows = [], []
        for user, number in plan[start : start + BATCH]:
            ability = rng.gauss(0, 1) + (0.5 if number == 2 else 0)
            questions = questions_draw(pool, shuffle_options=True, rng=rng)
            points, top, answers = Fraction(0), 0, []
            for question in questions:
                response = _response(question, ability, rng)
                result = grading.grade(question, response)
                points += result.points
                top += result.max_points
                if response is not None:
                    answers.append((question["key"], response, decimal(result.points, "0.001")))
            percent = grading.score_percent(points, top)
            rows.append(
                QuizAttempt(
                    quiz=quiz,
                    learner=user,
                    number=number,
                    status=QuizAttempt.Status.GRADED,
                    finish_reason=QuizAttempt.FinishReason.SUBMITTED,
                    questions=questions,
                    pass_mark_percent=70,
                    started_at=now,
                    graded_at=now,
                    score_points=decimal(points, "0.001"),
                    max_points=top,
                    score_percent=decimal(percent, "0.01"),
                    passed=percent >= 70,
                )
            )
            answer_rows.append(answers)
        QuizAttempt.objects.bulk_create(rows)
        QuizAnswer.objects.bulk_create(
            [
                QuizAnswer(attempt=attempt, question_key=key, response=response, points=points, saved_at=now)
                for attempt, answers in zip(rows, answer_rows, strict=True)
                for key, response, points in answers
            ],
            batch_size=BATCH * 2,
        )
        answers_total += sum(len(answers) for answers in answer_rows)
    return quiz, learners_count, answers_total


def measure(quiz) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from quizzes.analysis import quiz_item_analysis

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        analysis = quiz_item_analysis(quiz=quiz)
    cold = time.perf_counter() - started
    warm = []
    for _ in range(5):
        started = time.perf_counter()
        quiz_item_analysis(quiz=quiz)
        warm.append(time.perf_counter() - started)
    return {
        "analysis": analysis,
        "queries": len(captured),
        "query_seconds": [round(float(query["time"]), 3) for query in captured.captured_queries],
        "cold_s": round(cold, 3),
        "warm_median_s": round(statistics.median(warm), 3),
        "warm_max_s": round(max(warm), 3),
    }


def measure_page(quiz) -> float:
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from accounts.models import User

    editor = User.objects.create_superuser(email="editor@bench.example", password=secrets.token_urlsafe(16))
    client = Client()
    client.force_login(editor)
    url = reverse("wagtailsnippets_quizzes_quiz:analysis", args=[quiz.pk])
    # Production serves hashed static files from collectstatic's manifest, which this script does not build.
    plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(
        STORAGES={"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}, "staticfiles": plain_static}
    ):
        client.get(url, secure=True)  # settle templates and the admin menu
        started = time.perf_counter()
        response = client.get(url, secure=True)
        seconds = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return round(seconds, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    # 2 % of questions are left open, so 10,250 attempts of 10 questions hold a little over 100,000 answers.
    parser.add_argument("--attempts", type=int, default=10_250, help="graded attempts of 10 questions each")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()

    os.environ.update(
        DJANGO_SETTINGS_MODULE="elearning.settings.production",
        SECRET_KEY="bench-" + secrets.token_urlsafe(32),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=f"{PG_SERVER}/{DB_NAME}",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
    )
    _admin(f"DROP DATABASE IF EXISTS {DB_NAME}")
    _admin(f"CREATE DATABASE {DB_NAME}")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, connections

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        log(f"migrated in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        quiz, learners, answers = seed(args.attempts, random.Random(16))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does to a table that grew
        seeded = time.perf_counter() - started
        log(f"seeded {args.attempts} attempts of {learners} learners, {answers} answers in {seeded:.1f} s")

        result = measure(quiz)
        page = measure_page(quiz)
        analysis = result.pop("analysis")
        for question in analysis.questions:
            flags = ", ".join(
                flag
                for flag, on in (("easy", question.too_easy), ("negative", question.discriminates_negatively))
                if on
            )
            log(
                f"  {question.key:4} n={question.asked} facility={question.facility:.3f} "
                f"discrimination={question.discrimination:+.3f} {flags}"
            )
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            pg_version = cursor.fetchone()[0].split(" on ")[0]
        summary = {
            "attempts": args.attempts,
            "learners": learners,
            "answers": answers,
            **result,
            "page_s": page,
            "target": "< 2 s over 100,000 answers",
            "met": result["cold_s"] < 2 and result["warm_max_s"] < 2,
            "machine": {
                "cpu": platform.processor() or platform.machine(),
                "cores": os.cpu_count(),
                "platform": platform.platform(),
                "python": platform.python_version(),
                "postgresql": pg_version,
                "load_average": [round(value, 2) for value in os.getloadavg()],
            },
        }
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "item_analysis.json").write_text(json.dumps(summary, indent=2))
        log(
            f"{answers} answers ({args.attempts} attempts, {learners} learners): analysis cold {result['cold_s']} s, "
            f"warm median {result['warm_median_s']} s, worst {result['warm_max_s']} s, {result['queries']} queries "
            f"{result['query_seconds']}; admin page {page} s -> {'met' if summary['met'] else 'NOT met'}"
        )
        connections.close_all()
    finally:
        if not args.keep_db:
            from django.db import connections

            connections.close_all()
            _admin(f"DROP DATABASE IF EXISTS {DB_NAME}")


if __name__ == "__main__":
    main()
