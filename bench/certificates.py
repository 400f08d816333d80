"""Benchmark: 1,000 completions → certificates, through one real Celery worker on Redis and PostgreSQL.

Not a test. Run (the database is created and migrated when missing):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/signaal_certbench \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/9 .venv/bin/python bench/certificates.py [--count 1000]

The worker keeps its database connections (CONN_MAX_AGE=60, as production should). It reports two times:
until every certificate is issued (the frozen row with its code, what the verification
page and "Mijn certificaten" need), and until every PDF is rendered, stored and e-mailed. Then it enqueues
every issue task a second time and checks that nothing was duplicated or sent again.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearning.settings.dev")


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def _setup(count: int):
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import User
    from courses.models import Enrollment
    from tests.courses.factories import course_with_lessons

    run = int(time.time())
    course = course_with_lessons(1, title=f"Benchmark {run}", certificate_validity_months=12)
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"bench{run}-{n}@example.org", first_name="Bench", last_name=f"Learner {n}", password=password)
        for n in range(count)
    )
    now = timezone.now()
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(
            learner=user, course=course, status=Enrollment.Status.COMPLETED, completed_at=now, progress_percent=100
        )
        for user in users
    )
    return [enrollment.pk for enrollment in enrollments]


def _start_worker(media_root: str, concurrency: int) -> subprocess.Popen:
    env = {**os.environ, "EMAIL_URL": "memorymail://", "MEDIA_ROOT": media_root, "LOG_LEVEL": "WARNING"}
    env.setdefault("CONN_MAX_AGE", "60")  # as in production: a worker keeps its database connection
    command = [sys.executable, "-m", "celery", "-A", "elearning", "worker", "--loglevel=warning", "-n", "bench@%h"]
    command += [f"--concurrency={concurrency}", "--without-heartbeat", "--without-gossip", "--without-mingle"]
    return subprocess.Popen(command, env=env, cwd=BASE_DIR)


def _cpu_seconds(pid: int) -> float:
    """CPU time of the worker and its pool processes so far (Linux /proc), to compare runs on a busy machine."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid] + [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for one in pids:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return total


def _wait(predicate, timeout: float) -> float:
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            raise SystemExit(f"gave up after {timeout} s")
        time.sleep(0.1)
    return time.monotonic()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    database_url, broker_url = os.environ.get("DATABASE_URL", ""), os.environ.get("CELERY_BROKER_URL", "")
    if not database_url.startswith("postgres") or not broker_url.startswith("redis"):
        raise SystemExit("set DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis)")
    _ensure_database(database_url)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from certificates.models import Certificate
    from certificates.tasks import certificate_issue_task
    from elearning.celery import app

    enrollment_ids = _setup(args.count)
    ours = Certificate.objects.filter(enrollment_id__in=enrollment_ids)
    app.control.purge()
    # Everything is queued before the worker starts, so the clock includes the worker's start-up and the
    # e-mail tasks (queued by each issue) line up behind the issue tasks, as in a burst of completions.
    queued_at = time.monotonic()
    _enqueue(app, certificate_issue_task, enrollment_ids)
    enqueued = time.monotonic()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as media_root:
        start = time.monotonic()
        worker = _start_worker(media_root, args.concurrency)
        try:
            issued = _wait(lambda: ours.count() >= args.count, timeout=900)
            issue_cpu = _cpu_seconds(worker.pid)
            emailed = _wait(lambda: ours.filter(emailed_at__isnull=False).count() >= args.count, timeout=1800)
            all_cpu = _cpu_seconds(worker.pid)

            last_sent = ours.order_by("-emailed_at").values_list("emailed_at", flat=True).first()
            _enqueue(app, certificate_issue_task, enrollment_ids)  # every task delivered a second time
            _wait(lambda: _queue_length(app) == 0, timeout=600)
            time.sleep(2)  # the last tasks taken from the queue finish
            duplicates = ours.count() - args.count
            sent_again = ours.filter(emailed_at__gt=last_sent).count()
        finally:
            worker.terminate()
            worker.wait(timeout=60)

    print(f"certificates: {args.count}, worker concurrency: {args.concurrency}")
    print(f"load average before: {load_before:.1f} on {os.cpu_count()} cores (other processes share the machine)")
    print(f"enqueue {args.count} issue tasks: {enqueued - queued_at:.2f} s")
    print("times below are from starting the worker process:")
    issue_time, all_time = issued - start, emailed - start
    print(f"issued (rows with code, expiry, frozen data): {issue_time:.2f} s = {args.count / issue_time:.1f} /s")
    print(f"PDF rendered, stored and e-mailed: {all_time:.2f} s = {args.count / all_time:.1f} /s")
    print(
        f"worker CPU: {issue_cpu:.1f} s until issued (incl. start-up and e-mails already begun), {all_cpu:.1f} s in all"
    )
    print(f"  = {1000 * all_cpu / args.count:.0f} ms CPU per certificate with PDF and e-mail")
    print(f"second delivery of every task: {duplicates} duplicate certificates, {sent_again} e-mails sent again")


def _enqueue(app, task, ids) -> None:
    # One broker connection for the whole batch, as a bulk job would; the request path enqueues one at a time.
    with app.producer_or_acquire() as producer:
        for pk in ids:
            task.apply_async((pk,), producer=producer)


def _queue_length(app) -> int:
    with app.connection_for_read() as connection:
        return connection.default_channel.client.llen("celery")  # Redis: the queue is a list, gone when empty


if __name__ == "__main__":
    main()
