"""In-process parts of the benchmark, each run by bench/run.py in a fresh process with the bench env.

    python bench/scenarios.py SEED.json s4            assign a course to all staff, twice (S4)
    python bench/scenarios.py SEED.json s5-data       the other courses, completions, certificates (S5 data)
    python bench/scenarios.py SEED.json s5-memory report|csv   peak memory of one report / export
    python bench/scenarios.py SEED.json queries       SQL queries per S1 request type, on two data sizes
    python bench/scenarios.py SEED.json verify LEDGER.json     S1: the database holds what was sent

Each prints one JSON object on its last line.
"""

import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

from statements import statement  # bench/, the folder of this script

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearning.settings.production")
HOST = os.environ.get("BENCH_HOST", "127.0.0.1:8011")


def _counts():
    from courses.models import Enrollment
    from organisations.models import Assignment, PersonAssignment

    return {
        "assignments": Assignment.objects.count(),
        "person_assignments": PersonAssignment.objects.count(),
        "enrollments": Enrollment.objects.count(),
    }


def _assign(seed: dict, course_id: int) -> float:
    from django.utils import timezone

    from courses.models import CoursePage
    from organisations.assignments import assignment_create
    from organisations.models import Organisation, Team

    organisation = Organisation.objects.get(pk=seed["organisation"]["id"])
    course = CoursePage.objects.get(pk=course_id)
    start = time.perf_counter()
    teams = list(Team.objects.filter(pk__in=seed["organisation"]["team_ids"]))
    assignment_create(
        organisation=organisation, course=course, due_date=timezone.localdate() + timedelta(days=30), teams=teams
    )
    return time.perf_counter() - start


def s4(seed: dict) -> dict:
    course_id = seed["organisation"]["course_ids"][0]
    before = _counts()
    first = _assign(seed, course_id)
    middle = _counts()
    second = _assign(seed, course_id)
    after = _counts()
    return {
        "people": seed["organisation"]["staff"],
        "first_seconds": round(first, 3),
        "second_seconds": round(second, 3),
        "added_first": {k: middle[k] - before[k] for k in before},
        "added_second": {k: after[k] - middle[k] for k in before},
    }


def s5_data(seed: dict) -> dict:
    """Assign the remaining courses, complete 40 % of the enrollments over the last year, certify those."""
    from django.db import connection
    from django.utils import timezone

    from certificates.models import Certificate
    from courses.models import Enrollment

    course_ids = seed["organisation"]["course_ids"]
    seconds = [round(_assign(seed, course_id), 2) for course_id in course_ids[1:]]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE courses_enrollment SET status = 'completed', progress_percent = 100, "
            "completed_at = now() - (id %% 330) * interval '1 day' WHERE course_id = ANY(%s) AND id %% 5 < 2",
            [course_ids],
        )
        # Half of the courses were due last month: the report has overdue people to list and sort.
        cursor.execute(
            "UPDATE organisations_assignment SET due_date = current_date - 30 WHERE course_id = ANY(%s)",
            [course_ids[1::2]],
        )
    completed = Enrollment.objects.filter(course_id__in=course_ids, status="completed").values_list(
        "pk", "learner_id", "completed_at", "course__title"
    )
    now = timezone.now()
    Certificate.objects.bulk_create(
        [
            Certificate(
                enrollment_id=pk,
                learner_id=learner_id,
                learner_name="Staff",
                course_title=title,
                completed_at=completed_at,
                expires_on=(completed_at + timedelta(days=730)).date(),
                code=f"BENCH{pk:023d}",
                language="nl",
                issued_at=now,
            )
            for pk, learner_id, completed_at, title in completed.iterator(chunk_size=5000)
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    counts = _counts()
    counts["completed"] = Enrollment.objects.filter(course_id__in=course_ids, status="completed").count()
    counts["certificates"] = Certificate.objects.count()
    return {"assign_seconds_per_course": seconds, **counts}


def _client(person: dict):
    from django.test import Client

    from accounts.models import User

    client = Client(HTTP_HOST=HOST)
    client.force_login(User.objects.get(pk=person["user_id"]))
    return client


def s5_memory(seed: dict, what: str) -> dict:
    """Peak memory of one report or CSV export in a fresh process (RSS high-water mark, and Python heap)."""
    import resource
    import tracemalloc

    client = _client(seed["organisation"]["coordinator"])
    client.get("/healthz")  # settle imports, connection, URLconf
    path = f"/organisatie/{seed['organisation']['id']}/" + ("export.csv" if what == "csv" else "")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    start = time.perf_counter()
    response = client.get(path)
    size = lines = 0
    if response.streaming:
        for chunk in response.streaming_content:
            size += len(chunk)
            lines += chunk.count(b"\n")
    else:
        size = len(response.content)
    seconds = time.perf_counter() - start
    _current, heap_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "what": what,
        "status": response.status_code,
        "bytes": size,
        "lines": lines,
        "seconds_traced": round(seconds, 3),
        "rss_before_mb": round(rss_before, 1),
        "rss_peak_mb": round(rss_after, 1),
        "heap_peak_mb": round(heap_peak / 2**20, 1),
    }


# ------------------------------------------------------------------------------------------------
# Query counts per S1 request type
# ------------------------------------------------------------------------------------------------
def _request_types(seed: dict, client, learner: dict):
    """Yield (name, callable) for every S1 request type, in the order a learner does them."""
    from quizzes.models import QuizAttempt

    lessons, quiz, h5p = seed["lessons"], seed["quiz"], seed["h5p"]
    iri = f"http://{HOST}{h5p['path']}"
    state_url = f"{h5p['path']}state/state/0/"
    json_headers = {"HTTP_ACCEPT": "application/json"}

    def attempt_id():
        return (
            QuizAttempt.objects.filter(learner_id=learner["user_id"], status="in_progress")
            .values_list("pk", flat=True)
            .first()
        )

    yield "lesson page (text)", lambda: client.get(lessons[0]["url"])
    yield "lesson page (quiz)", lambda: client.get(lessons[2]["url"])
    yield "lesson page (H5P)", lambda: client.get(lessons[4]["url"])
    yield "dashboard", lambda: client.get("/mijn-leren/")
    yield "quiz start", lambda: client.post(f"/toetsen/{quiz['id']}/starten/")
    yield "quiz page", lambda: client.get(f"/toetsen/{quiz['id']}/")
    for key in quiz["questions"][:1]:
        yield (
            "quiz save answer",
            lambda key=key: client.post(
                f"/toetsen/pogingen/{attempt_id()}/opslaan/", {"save": key, f"q__{key}": f"{key}-b"}, **json_headers
            ),
        )
    yield "quiz submit", lambda: client.post(f"/toetsen/pogingen/{attempt_id()}/inleveren/", {}, **json_headers)
    yield (
        "xAPI statement (child)",
        lambda: client.post(
            f"{h5p['path']}xapi/", {"statement": statement(iri, child=True)}, content_type="application/json"
        ),
    )
    yield (
        "xAPI statement (result)",
        lambda: client.post(
            f"{h5p['path']}xapi/", {"statement": statement(iri, child=False)}, content_type="application/json"
        ),
    )
    yield (
        "saved state save",
        lambda: client.post(state_url, {"data": '{"answers":[1]}'}, content_type="application/json"),
    )
    yield "saved state load", lambda: client.get(state_url)
    yield (
        "lesson complete",
        lambda: client.post(f"/leren/cursussen/{seed['course']['id']}/lessen/{lessons[0]['id']}/klaar/"),
    )


def _measure(seed: dict, client, learner: dict) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, call in _request_types(seed, client, learner):
        with CaptureQueriesContext(connection) as queries:
            response = call()
        if response.status_code >= 400:
            raise SystemExit(f"{name}: HTTP {response.status_code} {response.content[:300]!r}")
        # The quiz is submitted by "quiz submit" and started again by "quiz start": as in S1.
        counts[name] = len(queries)
    return counts


def queries(seed: dict) -> dict:
    """Count on a learner's first visit, then again after ten rounds of history (more attempts, answers,
    statements, completed lessons): the numbers must be equal for every request type."""
    from django.test.utils import override_settings

    learner = seed["learners"][-1]
    client = _client(learner)
    with override_settings(DEBUG=False):
        _measure(seed, client, learner)  # warm: first-visit rows created, caches filled
        small = _measure(seed, client, learner)
        for _ in range(10):
            _measure(seed, client, learner)
        large = _measure(seed, client, learner)
    coordinator = _client(seed["organisation"]["coordinator"])
    report = {}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for name, path in (
        ("coordinator report", f"/organisatie/{seed['organisation']['id']}/"),
        ("coordinator CSV export", f"/organisatie/{seed['organisation']['id']}/export.csv"),
    ):
        with CaptureQueriesContext(connection) as captured:
            response = coordinator.get(path)
            if response.streaming:
                for _chunk in response.streaming_content:
                    pass
        report[name] = len(captured)
    return {"small": small, "large": large, "constant": small == large, "reports": report}


# ------------------------------------------------------------------------------------------------
# S1: the database holds exactly what was sent
# ------------------------------------------------------------------------------------------------
def verify(seed: dict, ledger: dict) -> dict:
    from certificates.models import Certificate
    from courses.models import Enrollment, LessonProgress
    from h5p.models import H5PContentState, H5PStatement
    from quizzes.models import QuizAnswer, QuizAttempt

    ids = ledger["learner_ids"]
    answers_sent = {tuple(pair) for pair in ledger["answers"]}
    stored_answers = set(
        QuizAnswer.objects.filter(attempt__learner_id__in=ids).values_list("attempt_id", "question_key")
    )
    graded = set(QuizAttempt.objects.filter(learner_id__in=ids, status="graded").values_list("pk", flat=True))
    completions_sent = {tuple(pair) for pair in ledger["completions"]}
    completed = set(
        LessonProgress.objects.filter(enrollment__learner_id__in=ids, completed_at__isnull=False).values_list(
            "enrollment__learner_id", "lesson_id"
        )
    )
    states_sent = {(int(k.split(":")[0]), k.split(":", 1)[1]): v for k, v in ledger["states"].items()}
    states = {
        (learner, f"{data_type}/{sub}"): data
        for learner, data_type, sub, data in H5PContentState.objects.filter(learner_id__in=ids).values_list(
            "learner_id", "data_type", "sub_content_id", "data"
        )
    }
    lesson_count = len(seed["lessons"])
    per_learner = {}
    for learner, _lesson in completions_sent:
        per_learner[learner] = per_learner.get(learner, 0) + 1
    courses_done = {learner for learner, n in per_learner.items() if n == lesson_count}
    enrollments_done = set(
        Enrollment.objects.filter(learner_id__in=ids, course_id=seed["course"]["id"], status="completed").values_list(
            "learner_id", flat=True
        )
    )
    # Certificates are issued by the Celery worker: wait for it to catch up.
    deadline = time.monotonic() + 120
    while True:
        certificates = Certificate.objects.filter(learner_id__in=ids).count()
        if certificates >= len(enrollments_done) or time.monotonic() > deadline:
            break
        time.sleep(1)
    statements = H5PStatement.objects.filter(learner_id__in=ids).count()
    checks = {
        "answers": {"sent": len(answers_sent), "stored": len(stored_answers), "ok": answers_sent == stored_answers},
        "submissions": {
            "sent": len(ledger["submitted"]),
            "stored": len(graded),
            "ok": set(ledger["submitted"]) == graded,
        },
        "statements": {"sent": ledger["statements"], "stored": statements, "ok": ledger["statements"] == statements},
        "saved_states": {"sent": len(states_sent), "stored": len(states), "ok": states_sent == states},
        "lesson_completions": {
            "sent": len(completions_sent),
            "stored": len(completed),
            "ok": completions_sent == completed,
        },
        "course_completions": {
            "sent": len(courses_done),
            "stored": len(enrollments_done),
            "ok": courses_done == enrollments_done,
        },
        "certificates": {
            "expected": len(enrollments_done),
            "stored": certificates,
            "ok": certificates == len(enrollments_done),
        },
    }
    return {"ok": all(check["ok"] for check in checks.values()), "checks": checks}


def main() -> None:
    import django

    seed = json.loads(Path(sys.argv[1]).read_text())
    command = sys.argv[2]
    django.setup()
    if command == "s4":
        result = s4(seed)
    elif command == "s5-data":
        result = s5_data(seed)
    elif command == "s5-memory":
        result = s5_memory(seed, sys.argv[3])
    elif command == "queries":
        result = queries(seed)
    elif command == "verify":
        result = verify(seed, json.loads(Path(sys.argv[3]).read_text()))
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
