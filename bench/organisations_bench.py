"""Importing a staff list of 10,000 rows: the dry run and the confirm, each < 10 s (issue 21, Speed).

    .venv/bin/python bench/organisations_bench.py              # 10,000 rows
    .venv/bin/python bench/organisations_bench.py --rows 2000  # a quick look
    .venv/bin/python bench/organisations_bench.py --keep-db    # leave signaal_bench_orgs in place

Creates its own PostgreSQL database (signaal_bench_orgs, dropped afterwards), migrates it with the production
settings and seeds a municipality as it looks before a yearly sync: half the rows' people are members already
(in 20 teams, a course assigned to each team), and the file moves a fifth of them to another team, names two
teams that do not exist yet and brings the other half as new people. Then, through the real pages (Django's test
client, in-process, as a logged-in coordinator):

- dry run: upload the CSV to ``organisations:import`` (parse, check, plan, the preview page);
- confirm: post ``organisations:import_confirm`` (create the teams, invite, move, hand over assignments).

Background work goes to a real Celery broker (Redis database ``BENCH_REDIS_DB``, 15 unless set; purged before and
after): the confirm queues the invitation mails, it does not send them, as in production. Prints both timings
and writes bench/results/organisations.json. PostgreSQL must accept ``postgres`` on 127.0.0.1:5432 (``BENCH_PG``).
"""

import argparse
import json
import os
import platform
import secrets
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379")
REDIS_DB = os.environ.get("BENCH_REDIS_DB", "15")
DB_NAME = "signaal_bench_orgs"
RESULTS = BASE_DIR / "bench" / "results"
TEAMS = 20
TARGET_S = 10.0


def log(message: str) -> None:
    print(f"[organisations {time.strftime('%H:%M:%S')}] {message}", flush=True)


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def seed(rows: int):
    """The organisation, its coordinator, half the file's people as members in teams, and the CSV."""
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import User
    from organisations.assignments import assignment_create
    from organisations.models import Membership, Organisation, Team, TeamMembership
    from tests.courses.factories import course_with_lessons
    from tests.factories import mfa_enable

    organisation = Organisation.objects.create(name="Gemeente Bench", kind=Organisation.Kind.MUNICIPALITY)
    coordinator = User.objects.create_user(email="coordinator@bench.example", password=secrets.token_urlsafe(16))
    mfa_enable(coordinator)
    Membership.objects.create(organisation=organisation, user=coordinator, role=Membership.Role.COORDINATOR)
    teams = Team.objects.bulk_create([Team(organisation=organisation, name=f"Team {i:02}") for i in range(TEAMS)])
    existing = rows // 2
    users = User.objects.bulk_create(
        [
            User(email=f"lid{i}@bench.example", first_name=f"Voornaam{i}", last_name=f"Achternaam{i}", password="!")
            for i in range(existing)
        ],
        batch_size=2000,
    )
    memberships = Membership.objects.bulk_create(
        [Membership(organisation=organisation, user=user) for user in users], batch_size=2000
    )
    TeamMembership.objects.bulk_create(
        [TeamMembership(team=teams[i % TEAMS], membership=m) for i, m in enumerate(memberships)], batch_size=5000
    )
    course = course_with_lessons(1, title="Herken de signalen")
    assignment_create(
        organisation=organisation, course=course, due_date=timezone.localdate() + timedelta(days=60), teams=teams
    )
    lines = ["e-mail;voornaam;achternaam;team"]
    for i in range(existing):
        team = teams[(i + 1) % TEAMS] if i % 5 == 0 else teams[i % TEAMS]  # a fifth moves to the next team
        lines.append(f"lid{i}@bench.example;Voornaam{i};Achternaam{i};{team.name}")
    for i in range(rows - existing):
        team = f"Nieuw team {i // 50 % 2}" if i % 50 == 0 else teams[i % TEAMS].name
        lines.append(f"nieuw{i}@bench.example;Nieuw{i};Mens{i};{team}")
    return organisation, coordinator, ("\n".join(lines) + "\n").encode()


class QueryCount:
    """Counts every SQL statement sent while active (Django's query log is a bounded deque that requests reset)."""

    def __init__(self, connection):
        self.connection, self.count = connection, 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = self.connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)

    def __len__(self):
        return self.count


def measure(organisation, coordinator, csv_bytes: bytes) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from organisations.models import Invitation, Team, TeamMembership

    client = Client()
    client.force_login(coordinator)
    upload_url = reverse("organisations:import", args=[organisation.pk])
    confirm_url = reverse("organisations:import_confirm", args=[organisation.pk])

    with QueryCount(connection) as dry_queries:
        started = time.perf_counter()
        response = client.post(upload_url, {"file": SimpleUploadedFile("lijst.csv", csv_bytes)})
        dry_run_s = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    counts = response.context["counts"]
    new_teams = sorted(response.context["plan"].new_teams)
    assert Invitation.objects.filter(organisation=organisation).count() == 0, "the dry run wrote invitations"

    with QueryCount(connection) as confirm_queries:
        started = time.perf_counter()
        response = client.post(confirm_url, {"create_team": new_teams})
        confirm_s = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    pages = {}
    member = organisation.memberships.filter(role="member").order_by("pk").first()
    for name, url in (
        ("member_list", reverse("organisations:members", args=[organisation.pk]) + "?sort=-activity&overdue=&q=lid"),
        ("person", reverse("organisations:person", args=[organisation.pk, member.pk])),
        ("report", reverse("organisations:report", args=[organisation.pk])),
    ):
        client.get(url)
        with QueryCount(connection) as page_queries:
            started = time.perf_counter()
            page = client.get(url)
            pages[name] = {"s": round(time.perf_counter() - started, 3), "queries": len(page_queries)}
        assert page.status_code == 200, (name, page.status_code)
    return {
        "pages": pages,
        "rows": counts["total"],
        "plan": counts,
        "new_teams": new_teams,
        "dry_run_s": round(dry_run_s, 3),
        "dry_run_queries": len(dry_queries),
        "confirm_s": round(confirm_s, 3),
        "confirm_queries": len(confirm_queries),
        "invitations": Invitation.objects.filter(organisation=organisation).count(),
        "teams": Team.objects.filter(organisation=organisation).count(),
        "team_places": TeamMembership.objects.filter(team__organisation=organisation).count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()

    os.environ.update(
        DJANGO_SETTINGS_MODULE="elearning.settings.production",
        SECRET_KEY="bench-" + secrets.token_urlsafe(32),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=f"{PG_SERVER}/{DB_NAME}",
        CELERY_BROKER_URL=f"{REDIS}/{REDIS_DB}",
        EMAIL_URL="dummymail://",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
    )
    _admin(f"DROP DATABASE IF EXISTS {DB_NAME}")
    _admin(f"CREATE DATABASE {DB_NAME}")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test.utils import setup_test_environment

        setup_test_environment()  # the test client then hands back each page's context (the plan's counts)

        from elearning.celery import app as celery_app

        celery_app.control.purge()
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        log(f"migrated in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        organisation, coordinator, csv_bytes = seed(args.rows)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        log(f"seeded {args.rows // 2} members and a file of {args.rows} rows in {time.perf_counter() - started:.1f} s")

        result = measure(organisation, coordinator, csv_bytes)
        queued = celery_app.control.purge()
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            pg_version = cursor.fetchone()[0].split(" on ")[0]
        summary = {
            **result,
            "task_messages_queued": queued,
            "target": f"dry run and confirm each < {TARGET_S:.0f} s at 10,000 rows",
            "met": result["dry_run_s"] < TARGET_S and result["confirm_s"] < TARGET_S,
            "machine": {
                "cpu_count": os.cpu_count(),
                "python": platform.python_version(),
                "postgresql": pg_version,
                "load_average": list(os.getloadavg()),
            },
            "date": time.strftime("%Y-%m-%d %H:%M"),
        }
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "organisations.json").write_text(json.dumps(summary, indent=2) + "\n")
        print(
            f"import dry run ({result['rows']} rows): {result['dry_run_s']:.3f} s, {result['dry_run_queries']} queries"
        )
        print(
            f"import confirm ({result['rows']} rows): {result['confirm_s']:.3f} s, {result['confirm_queries']} queries"
        )
        for name, page in result["pages"].items():
            print(f"{name} page ({args.rows // 2} members): {page['s']:.3f} s, {page['queries']} queries")
        log(
            f"plan {result['plan']}; new teams {result['new_teams']}; {result['invitations']} invitations, "
            f"{queued} task messages queued (purged); target met: {summary['met']}"
        )
    finally:
        if not args.keep_db:
            from django.db import connections

            connections.close_all()
            _admin(f"DROP DATABASE IF EXISTS {DB_NAME}")


if __name__ == "__main__":
    main()
