"""Seed the benchmark database. Run by bench/run.py in its own process (django.setup() with the bench env).

    python bench/seed.py OUT.json --learners 300 --staff 10000 --courses 10 --h5p PATH

Builds, through the apps' own services where they exist:
- one published course with 5 lessons (realistic block mix; lesson 3 holds a quiz, lesson 5 an H5P activity);
- learners, each enrolled, each with a server-side session (no 300 logins through the rate-limited login) and
  a CSRF secret: the load generator sends both as a Cookie header, since production cookies are Secure and a
  plain-http client would otherwise drop them;
- an organisation with --staff members in teams of 500 and a coordinator (S4, S5);
- a teacher with a class and a join code (S7).
Writes everything the load generator and the timed scenarios need to OUT.json.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

TEAM_SIZE = 500
QUESTIONS = 5


def _paragraphs(lesson: int) -> list[dict]:
    text = (
        "<p>Mensenhandel herken je zelden aan één signaal. Let op combinaties: iemand die geen eigen "
        "identiteitsbewijs heeft, geen vrije tijd, schulden aan een werkgever en altijd wordt gebracht en "
        "gehaald. Bespreek wat je ziet met je aandachtsfunctionaris.</p>"
    )
    return [
        {"type": "text", "value": f"<h2>Les {lesson}: wat zie je?</h2>" + text * 3},
        {
            "type": "case_story",
            "value": {
                "person": "Anna (19)",
                "story": "<p>Anna werkt zeven dagen per week in een nagelstudio en slaapt boven de zaak.</p>" * 2,
                "quote": "Ik mag pas weg als mijn schuld is afbetaald.",
                "question": "Welke signalen zie je?",
                "signals": [{"signal": f"Signaal {n}", "explanation": "Uitleg bij dit signaal."} for n in range(5)],
            },
        },
        {
            "type": "signal_list",
            "value": {
                "heading": "Signalen per vorm",
                "groups": [
                    {"form": form, "signals": [{"signal": f"{form} {n}", "explanation": "Uitleg."} for n in range(4)]}
                    for form in ("sexual", "labour", "criminal")
                ],
            },
        },
        {"type": "callout", "value": {"kind": "help", "text": "<p>Twijfel je? Bel het Meldpunt.</p>"}},
        {"type": "text", "value": text * 2},
    ]


def _course(title: str, lessons: int, activities: dict[int, dict], **fields):
    from tests.courses.factories import course_with_lessons, lesson_add

    course = course_with_lessons(0, title=title, certificate_validity_months=24, **fields)
    course.save_revision().publish()
    pages = []
    for number in range(1, lessons + 1):
        body = _paragraphs(number) + ([activities[number]] if number in activities else [])
        # lesson_add publishes a revision: page_published indexes the lesson's activities
        pages.append(lesson_add(course, title=f"Les {number}", body=json.dumps(body)))
    return course, pages


def _session(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def _csrf() -> str:
    from django.middleware.csrf import _get_new_csrf_string

    return _get_new_csrf_string()


def _users(prefix: str, count: int, **fields):
    from django.contrib.auth.hashers import make_password

    from accounts.models import User

    password = make_password(None)
    return User.objects.bulk_create(
        [
            User(email=f"{prefix}{n}@bench.example", first_name=prefix.title(), last_name=str(n), password=password)
            for n in range(count)
        ],
        batch_size=2000,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--learners", type=int, default=300)
    parser.add_argument("--staff", type=int, default=10_000)
    parser.add_argument("--courses", type=int, default=10, help="courses assigned to all staff (S5: staff x courses)")
    parser.add_argument("--h5p", default=str(BASE_DIR.parent / "shared" / "h5p" / "valid" / "H5P.MultiChoice.h5p"))
    args = parser.parse_args()

    import django

    django.setup()
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.db import connection
    from django.utils import timezone

    from classrooms.models import ClassCourse
    from classrooms.services import school_class_create
    from courses.models import Enrollment
    from h5p.services import activity_create
    from organisations.models import Membership, Organisation, Team, TeamMembership
    from quizzes.models import Quiz
    from tests.quizzes.factories import single_choice

    started = time.monotonic()
    quiz = Quiz.objects.create(
        title="Toets: signalen", questions=[single_choice(f"q{n}") for n in range(QUESTIONS)], pass_mark_percent=60
    )
    with open(args.h5p, "rb") as package:
        h5p = activity_create(package=package, title="Oefening: signalen")
    course, lessons = _course(
        "Signalen van mensenhandel",
        5,
        {
            3: {"type": "quiz", "value": {"quiz": quiz.pk, "is_required": False}},
            5: {"type": "h5p", "value": {"activity": h5p.pk, "is_required": False, "pass_threshold": 70}},
        },
        for_pupils=True,
    )

    learners = _users("learner", args.learners)
    Enrollment.objects.bulk_create([Enrollment(learner=u, course=course) for u in learners])
    learner_rows = [{"user_id": u.pk, "session": _session(u), "csrf": _csrf()} for u in learners]

    # S4/S5: a municipality with its staff in teams, a coordinator, and the courses assigned to them.
    organisation = Organisation.objects.create(name="Gemeente Benchmark", kind=Organisation.Kind.MUNICIPALITY)
    staff = _users("staff", args.staff)
    memberships = Membership.objects.bulk_create(
        [Membership(organisation=organisation, user=u) for u in staff], batch_size=2000
    )
    teams = Team.objects.bulk_create(
        [Team(organisation=organisation, name=f"Team {n:02d}") for n in range((len(staff) - 1) // TEAM_SIZE + 1)]
    )
    TeamMembership.objects.bulk_create(
        [TeamMembership(team=teams[i // TEAM_SIZE], membership=m) for i, m in enumerate(memberships)], batch_size=5000
    )
    coordinator = _users("coordinator", 1)[0]
    Membership.objects.create(organisation=organisation, user=coordinator, role=Membership.Role.COORDINATOR)
    TOTP.activate(coordinator, generate_totp_secret())  # coordinators must have a second factor (accounts/mfa.py)
    staff_courses = [_course(f"Gemeentecursus {n}", 1, {})[0] for n in range(1, args.courses + 1)]

    # S7: a teacher's class that pupils join.
    teacher = _users("teacher", 1)[0]
    school_class = school_class_create(teacher=teacher, name="2B", school_year="2025-2026")
    ClassCourse.objects.create(school_class=school_class, course=course)

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    data = {
        "course": {"id": course.pk, "url": course.url},
        "lessons": [{"id": lesson.pk, "url": lesson.url} for lesson in lessons],
        "quiz": {"id": quiz.pk, "questions": [f"q{n}" for n in range(QUESTIONS)]},
        "h5p": {"id": h5p.pk, "path": f"/h5p/activiteiten/{h5p.pk}/", "lesson_url": lessons[4].url},
        "learners": learner_rows,
        "organisation": {
            "id": organisation.pk,
            "team_ids": [t.pk for t in teams],
            "staff": len(staff),
            "course_ids": [c.pk for c in staff_courses],
            "coordinator": {"user_id": coordinator.pk, "session": _session(coordinator), "csrf": _csrf()},
        },
        "school_class": {"id": school_class.pk, "join_code": school_class.join_code},
        "seeded_at": timezone.now().isoformat(),
        "seed_seconds": round(time.monotonic() - started, 1),
    }
    Path(args.out).write_text(json.dumps(data, indent=1))
    print(f"seeded in {data['seed_seconds']} s: {len(learners)} learners, {len(staff)} staff, {args.courses} courses")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearning.settings.production")
    main()
