"""`make bench`: a reproducible benchmark of the production stack on this machine.

    .venv/bin/python bench/run.py            # the full run (about 6 minutes)
    .venv/bin/python bench/run.py --quick    # a smoke test: small data, short runs
    .venv/bin/python bench/run.py --keep-db  # leave signaal_bench in place afterwards

Creates a fresh PostgreSQL database (signaal_bench), migrates it with the production settings, collects static
files, seeds it (bench/seed.py), starts gunicorn (gthread, 4 workers x 2 threads) and one Celery worker on Redis,
and then runs the scenarios of issue 11:

  S1 mixed load (locust, Learner)           S2 lesson page throughput (locust, LessonReader)
  S3 xAPI statements (locust, StatementSender)
  S4 assign a course to 10,000 staff        S5 coordinator report and CSV over 100,000 enrolments
  S6 certificates for 1,000 completions (bench/certificates.py, its own worker)
  S7 a class of 30 pupils joining from one IP

It checks S1's writes against the database, counts SQL queries per S1 request type (bench/scenarios.py), writes
bench/results/latest.md and latest.json, prints the table, stops everything it started and drops the database.
"""

import argparse
import csv
import json
import os
import platform
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results"
RUN = RESULTS / "run"
VENV_BIN = Path(sys.executable).parent
PORT = 8011
HOST = f"127.0.0.1:{PORT}"
URL = f"http://{HOST}"
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "signaal_bench"
DATABASE_URL = f"{PG_SERVER}/{DB_NAME}"
REDIS_CACHE = "redis://127.0.0.1:6379/12"
REDIS_BROKER = "redis://127.0.0.1:6379/13"

FULL = {
    "learners": 300,
    "staff": 10_000,
    "courses": 10,
    "s1_users": 200,
    "s1_seconds": 60,
    "s2_users": 16,
    "s2_seconds": 30,
    "s3_users": 24,
    "s3_seconds": 30,
    "s6_count": 1000,
    "s7_pupils": 30,
    "ratio_users": 20,
    "ratio_seconds": 30,
}
QUICK = {
    "learners": 60,
    "staff": 1_000,
    "courses": 3,
    "s1_users": 20,
    "s1_seconds": 10,
    "s2_users": 8,
    "s2_seconds": 8,
    "s3_users": 8,
    "s3_seconds": 8,
    "s6_count": 50,
    "s7_pupils": 30,
    "ratio_users": 8,
    "ratio_seconds": 8,
}
TARGETS = {
    "S1": "p95 < 300 ms per request type, 0 errors, database holds exactly what was sent",
    "S2": "≥ 150 requests/s, p95 < 200 ms",
    "S3": "≥ 300 statements/s stored",
    "S4": "< 5 s; a second run adds nothing",
    "S5": "< 2 s each, peak memory < 200 MB",
    "S6": "< 60 s, no duplicates after a redelivery",
    "S7": "0 blocked",
    "IMPORT": "a staff list of 10,000 rows: dry run < 10 s and confirm < 10 s",
    "CPU": "lesson page ≤ 2× the CPU of a bare @login_required view (same process, same run); xAPI statement ≤ 4 ms",
    "RATIO": "H5P lesson page ≥ 0.5 of the bare view's throughput (gunicorn, 2 sync workers, 20 users, same run)",
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def bench_env() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "elearning.settings.production",
        "SECRET_KEY": "bench-" + secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_CACHE,
        "CELERY_BROKER_URL": REDIS_BROKER,
        "SECURE_SSL_REDIRECT": "false",
        # Production deployments keep database connections open between requests; so does the benchmark.
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
        "EMAIL_URL": "memorymail://",
        "MEDIA_ROOT": str(RUN / "media"),
        "WAGTAILADMIN_BASE_URL": URL,
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


# ------------------------------------------------------------------------------------------------
# Processes
# ------------------------------------------------------------------------------------------------
class Stack:
    """What the run started, stopped in reverse order whatever happens."""

    def __init__(self, env: dict):
        self.env = env
        self.processes: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        logfile = open(RUN / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=self.env, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append((name, process))
        return process

    def stop(self, name: str) -> None:
        for entry in [e for e in self.processes if e[0] == name]:
            self._terminate(*entry)
            self.processes.remove(entry)

    def stop_all(self) -> None:
        for name, process in reversed(self.processes):
            self._terminate(name, process)
        self.processes.clear()

    @staticmethod
    def _terminate(name: str, process: subprocess.Popen) -> None:
        if process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)  # its own session: the master and its workers, nothing else
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def gunicorn_command(*extra: str) -> list[str]:
    """gunicorn as the benchmark runs it (gthread, 4 workers x 2 threads); ``extra`` adds options (faults.py)."""
    return [
        str(VENV_BIN / "gunicorn"),
        "elearning.wsgi",
        "-k",
        "gthread",
        "-w",
        "4",
        "--threads",
        "2",
        "-b",
        HOST,
        "--keep-alive",
        "30",  # longer than a learner's think time: no reuse of a connection the server is closing
        "--timeout",
        "120",
        "--log-level",
        "warning",
        *extra,
    ]


def worker_command(concurrency: int = 1, name: str = "bench-web") -> list[str]:
    """The Celery worker as the benchmark runs it."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "elearning",
        "worker",
        "--concurrency",
        str(concurrency),
        "--loglevel",
        "warning",
        "-n",
        f"{name}@%h",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
    ]


def run(command: list[str], env: dict, *, timeout: float = 1800) -> str:
    completed = subprocess.run(
        command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout[-5000:] + completed.stderr[-5000:])
        raise SystemExit(f"failed: {' '.join(command)}")
    return completed.stdout


def python(script: str, *args: str, env: dict, timeout: float = 1800) -> dict:
    """Run a bench script; its last output line is a JSON object."""
    out = run([sys.executable, str(BASE_DIR / "bench" / script), *args], env, timeout=timeout)
    return json.loads(out.strip().splitlines()[-1])


class LoadSampler(threading.Thread):
    """Samples the 1-minute load average while a scenario runs."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.running = True

    def run(self):
        while self.running:
            self.samples.append(os.getloadavg()[0])
            time.sleep(2)

    def stop(self) -> dict:
        self.running = False
        self.join(timeout=5)
        samples = self.samples or [os.getloadavg()[0]]
        return {"mean": round(statistics.mean(samples), 2), "max": round(max(samples), 2)}


# ------------------------------------------------------------------------------------------------
# Database, Redis
# ------------------------------------------------------------------------------------------------
def database_recreate() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DB_NAME}"')


def database_drop() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def redis_flush() -> None:
    import redis

    for url in (REDIS_CACHE, REDIS_BROKER):
        redis.Redis.from_url(url).flushdb()  # the bench's own databases only


def broker_queue_flush() -> None:
    import redis

    redis.Redis.from_url(REDIS_BROKER).flushdb()


def wait_http(path: str, timeout: float = 60, url: str = URL) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url + path, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url}{path} did not answer within {timeout} s (see the gunicorn logs in bench/results/run/)")


def machine() -> dict:
    cpuinfo, meminfo = Path("/proc/cpuinfo").read_text(), Path("/proc/meminfo").read_text()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?")
    memory = next(int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal"))
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres") as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
    import redis

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory / 2**20, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": postgres,
        "redis": redis.Redis.from_url(REDIS_CACHE).info()["redis_version"],
    }


# ------------------------------------------------------------------------------------------------
# Locust
# ------------------------------------------------------------------------------------------------
# Learners arrive over 20 s in S1 (a class or a department does not click in the same second); S2 and S3 start
# at once. Every request, the arrivals' enrolments included, is in the percentiles.
SPAWN_PER_SECOND = 10


def locust(name: str, user_class: str, users: int, seconds: int, pool_start: int, env: dict, host: str = URL) -> dict:
    prefix = RUN / name
    ledger = RUN / f"{name}-ledger.json"
    command = [
        str(VENV_BIN / "locust"),
        "-f",
        str(BASE_DIR / "bench" / "locustfile.py"),
        *user_class.split(),  # one class, or several separated by spaces (faults.py)
        "--headless",
        "-u",
        str(users),
        "-r",
        str(min(users, SPAWN_PER_SECOND)),
        "-t",
        f"{seconds}s",
        "--host",
        host,
        "--csv",
        str(prefix),
        "--stop-timeout",
        "20",
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    locust_env = {
        **env,
        "BENCH_SEED": str(RUN / "seed.json"),
        "BENCH_LEDGER": str(ledger),
        "BENCH_POOL_START": str(pool_start),
    }
    sampler = LoadSampler()
    sampler.start()
    started = time.monotonic()
    run(command, locust_env, timeout=seconds + 300)
    elapsed = time.monotonic() - started
    load = sampler.stop()
    rows = {}
    with open(f"{prefix}_stats.csv") as file:
        for row in csv.DictReader(file):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 1),
                "median_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
                "p99_ms": float(row["99%"] or 0),
                "max_ms": round(float(row["Max Response Time"] or 0)),
            }
    failures = []
    if Path(f"{prefix}_failures.csv").exists():
        with open(f"{prefix}_failures.csv") as file:
            failures = list(csv.DictReader(file))
    return {
        "users": users,
        "seconds": seconds,
        "elapsed": round(elapsed, 1),
        "load": load,
        "types": rows,
        "failures": failures[:20],
        "ledger": json.loads(ledger.read_text()) if ledger.exists() else None,
    }


PROFILE_SECONDS = 20


def profile(name: str, user_class: str, users: int, pool_start: int, env: dict, pid: int) -> dict | None:
    """A second, shorter run of the same load with py-spy on gunicorn: py-spy takes about 40 % of a core,
    so it never runs during the measurement itself."""
    profiler = Profiler(name, pid, PROFILE_SECONDS - 5)
    if profiler.process is None:
        return None
    locust(f"{name}-profiled", user_class, users, PROFILE_SECONDS, pool_start, env)
    return profiler.summary()


IDLE_FRAMES = ("_worker (", "wait (", "select (", "poll (", "sleep (", "accept (")
IDLE_MODULES = ("(threading.py)", "(selectors.py)", "(queue.py)", "(gunicorn/arbiter.py)")


class Profiler:
    """py-spy on the gunicorn master and its workers while a scenario runs (when py-spy is installed)."""

    def __init__(self, name: str, pid: int, seconds: int):
        self.output = RUN / f"{name}-profile.folded"
        self.process = None
        if shutil.which("py-spy", path=str(VENV_BIN)) or shutil.which("py-spy"):
            command = [
                shutil.which("py-spy", path=str(VENV_BIN)) or "py-spy",
                "record",
                "--subprocesses",
                "--nolineno",
                "--format",
                "raw",
                "-o",
                str(self.output),
                "-d",
                str(seconds),
                "-p",
                str(pid),
            ]
            self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def summary(self, top: int = 25) -> dict | None:
        if self.process is None:
            return None
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.terminate()
        if not self.output.exists():
            return None
        inclusive, own, total = {}, {}, 0
        for line in self.output.read_text().splitlines():
            stack, _sep, count = line.rpartition(" ")
            frames, count = stack.split(";"), int(count)
            if frames[-1].startswith(IDLE_FRAMES) or frames[-1].endswith(IDLE_MODULES):
                continue  # idle threads of the gunicorn master and workers
            total += count
            own[frames[-1]] = own.get(frames[-1], 0) + count
            for frame in set(frames):
                inclusive[frame] = inclusive.get(frame, 0) + count

        def ranked(table):
            rows = sorted(table.items(), key=lambda item: -item[1])[:top]
            return [f"{100 * n / total:5.1f}%  {frame}" for frame, n in rows]

        return {"busy_samples": total, "inclusive": ranked(inclusive), "self": ranked(own)}


def statements_stored(env: dict) -> int:
    import psycopg

    with psycopg.connect(DATABASE_URL) as connection:
        return connection.execute("SELECT count(*) FROM h5p_h5pstatement").fetchone()[0]


# ------------------------------------------------------------------------------------------------
# S5 and S7 over HTTP
# ------------------------------------------------------------------------------------------------
def timed_get(path: str, person: dict) -> tuple[float, int, int]:
    import requests

    headers = {"Cookie": f"sessionid={person['session']}; csrftoken={person['csrf']}"}
    start = time.perf_counter()
    response = requests.get(URL + path, headers=headers, stream=True, allow_redirects=False, timeout=120)
    size = sum(len(chunk) for chunk in response.iter_content(64 * 1024))
    return time.perf_counter() - start, response.status_code, size


def s5_http(seed: dict) -> dict:
    organisation = seed["organisation"]
    result = {}
    for name, path in (
        ("report", f"/organisatie/{organisation['id']}/"),
        ("csv", f"/organisatie/{organisation['id']}/export.csv"),
    ):
        runs = [timed_get(path, organisation["coordinator"]) for _ in range(3)]
        statuses = {status for _s, status, _b in runs}
        result[name] = {
            "seconds": [round(s, 3) for s, _st, _b in runs],
            "worst": round(max(s for s, _st, _b in runs), 3),
            "status": sorted(statuses),
            "bytes": runs[-1][2],
        }
    return result


# ------------------------------------------------------------------------------------------------
# RATIO: the H5P lesson against the bare view, through gunicorn, in one run (issue 25's measurement)
# ------------------------------------------------------------------------------------------------
RATIO_URL = "http://127.0.0.1:8013"


def ratio(seed: dict, env: dict, *, users: int, seconds: int, pool_start: int) -> dict:
    """The same learners and load (closed loop, no think time) on a bare ``@login_required`` view and on the H5P
    lesson, one after the other, on gunicorn with 2 sync workers under ``bench_settings``; per request type the
    throughput and the CPU the two workers spent per request (from /proc, the server's own work included)."""
    import psutil

    ratio_env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join([str(BASE_DIR / "bench"), str(BASE_DIR)]),
    }
    stack = Stack(ratio_env)
    host = RATIO_URL.removeprefix("http://")
    master = stack.start(
        "ratio-gunicorn", [str(VENV_BIN / "gunicorn"), "elearning.wsgi", "-k", "sync", "-w", "2", "-b", host]
    )
    try:
        wait_http("/healthz", url=RATIO_URL)
        workers = psutil.Process(master.pid).children()
        result = {"users": users, "seconds": seconds, "workers": "gunicorn, 2 sync workers"}
        for name, user_class, label in (
            ("bare", "BareViewReader", "bare view"),
            ("lesson", "H5PLessonReader", "H5P lesson page"),
        ):
            locust(f"ratio-{name}-warm", user_class, users, 5, pool_start, env, host=RATIO_URL)
            before = sum(sum(w.cpu_times()[:2]) for w in workers)
            run_ = locust(f"ratio-{name}", user_class, users, seconds, pool_start, env, host=RATIO_URL)
            spent = sum(sum(w.cpu_times()[:2]) for w in workers) - before
            row = run_["types"].get(label, {"requests": 0, "failures": 0, "rps": 0, "p95_ms": 0})
            result[name] = {
                "rps": row["rps"],
                "requests": row["requests"],
                "failures": row["failures"],
                "p95_ms": row["p95_ms"],
                "cpu_ms_per_request": round(spent / max(row["requests"], 1) * 1000, 2),
                "load": run_["load"],
            }
        result["throughput_ratio"] = round(result["lesson"]["rps"] / max(result["bare"]["rps"], 0.1), 2)
        result["cpu_ratio"] = round(
            result["lesson"]["cpu_ms_per_request"] / max(result["bare"]["cpu_ms_per_request"], 0.01), 2
        )
        return result
    finally:
        stack.stop_all()


def warm_up(seed: dict) -> None:
    """A running site is warm: touch every gunicorn worker with every page type once (not measured)."""
    person = seed["learners"][-1]  # the query counter's learner, outside every measured pool
    paths = [lesson["url"] for lesson in seed["lessons"]] + ["/mijn-leren/", f"/toetsen/{seed['quiz']['id']}/"]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda path: timed_get(path, person), paths * 8))


def s7_join(seed: dict, pupils: int) -> dict:
    import requests

    code = seed["school_class"]["join_code"]
    run_id = secrets.token_hex(2)

    def join(n: int) -> int:
        token = secrets.token_hex(16)
        response = requests.post(
            URL + "/klas/meedoen/",
            data={"code": code, "nickname": f"Pupil{run_id}{n}", "csrfmiddlewaretoken": token},
            headers={"Cookie": f"csrftoken={token}"},
            allow_redirects=False,
            timeout=60,
        )
        return response.status_code

    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=6) as pool:  # a classroom: several pupils typing at the same moment
        statuses = list(pool.map(join, range(pupils)))
    elapsed = time.monotonic() - start
    return {
        "pupils": pupils,
        "joined": statuses.count(302),
        "blocked": statuses.count(429),
        "other": [s for s in statuses if s not in (302, 429)],
        "seconds": round(elapsed, 2),
    }


# ------------------------------------------------------------------------------------------------
# S6: the colleague's certificate benchmark, with its own worker
# ------------------------------------------------------------------------------------------------
def s6_certificates(count: int, env: dict) -> dict:
    import re

    out = run([sys.executable, str(BASE_DIR / "bench" / "certificates.py"), "--count", str(count)], env, timeout=2400)
    (RUN / "s6.log").write_text(out)

    def number(pattern: str) -> float | None:
        found = re.search(pattern, out)
        return float(found.group(1)) if found else None

    return {
        "count": count,
        "concurrency": int(number(r"worker concurrency: (\d+)") or 0),
        "issued_seconds": number(r"issued \(rows[^:]*: ([\d.]+) s"),
        "emailed_seconds": number(r"PDF rendered, stored and e-mailed: ([\d.]+) s"),
        "duplicates": int(number(r"second delivery of every task: (\d+) duplicate") or 0),
        "sent_again": int(number(r"(\d+) e-mails sent again") or 0),
    }


# ------------------------------------------------------------------------------------------------
# Report
# ------------------------------------------------------------------------------------------------
def verdicts(results: dict) -> list[tuple[str, str, str, bool | None]]:
    rows = []
    if imported := results.get("IMPORT"):
        rows.append(
            (
                "IMPORT",
                TARGETS["IMPORT"],
                f"dry run {imported['dry_run_s']:.2f} s, confirm {imported['confirm_s']:.2f} s",
                imported["met"],
            )
        )
    if s1 := results.get("S1"):
        types = {k: v for k, v in s1["types"].items() if k != "Aggregated"}
        worst = max(types.items(), key=lambda item: item[1]["p95_ms"])
        errors = sum(v["failures"] for v in types.values())
        verify = s1.get("verify", {})
        ok = worst[1]["p95_ms"] < 300 and errors == 0 and verify.get("ok", False)
        agg = s1["types"].get("Aggregated", {})
        rows.append(
            (
                "S1",
                TARGETS["S1"],
                f"{s1['users']} users, {agg.get('rps')} req/s; worst p95 {worst[1]['p95_ms']:.0f} ms "
                f"({worst[0]}); {errors} errors; database {'matches' if verify.get('ok') else 'DIFFERS'}",
                ok,
            )
        )
    if s2 := results.get("S2"):
        agg = s2["types"]["Aggregated"]
        ok = agg["rps"] >= 150 and agg["p95_ms"] < 200 and agg["failures"] == 0
        rows.append(
            (
                "S2",
                TARGETS["S2"],
                f"{agg['rps']} req/s, p95 {agg['p95_ms']:.0f} ms, {agg['failures']} errors ({s2['users']} users)",
                ok,
            )
        )
    if s3 := results.get("S3"):
        ok = s3["stored_per_second"] >= 300 and s3["types"]["Aggregated"]["failures"] == 0
        rows.append(
            (
                "S3",
                TARGETS["S3"],
                f"{s3['stored_per_second']} statements/s stored "
                f"(p95 {s3['types']['Aggregated']['p95_ms']:.0f} ms, {s3['users']} users)",
                ok,
            )
        )
    if s4 := results.get("S4"):
        added = s4["added_second"]
        ok = s4["first_seconds"] < 5 and not any(added.values())
        rows.append(
            (
                "S4",
                TARGETS["S4"],
                f"{s4['people']} people in {s4['first_seconds']} s; second run "
                f"{s4['second_seconds']} s, added {sum(added.values())} rows",
                ok,
            )
        )
    if s5 := results.get("S5"):
        http, memory = s5["http"], s5["memory"]
        peak = max(m["rss_peak_mb"] for m in memory.values())
        ok = http["report"]["worst"] < 2 and http["csv"]["worst"] < 2 and peak < 200
        rows.append(
            (
                "S5",
                TARGETS["S5"],
                f"{s5['enrollments']} enrolments: report {http['report']['worst']} s, "
                f"CSV {http['csv']['worst']} s ({memory['csv']['lines']} lines); peak RSS report "
                f"{memory['report']['rss_peak_mb']} MB, CSV {memory['csv']['rss_peak_mb']} MB (Python heap "
                f"{memory['report']['heap_peak_mb']} / {memory['csv']['heap_peak_mb']} MB)",
                ok,
            )
        )
    if s6 := results.get("S6"):
        ok = (s6["emailed_seconds"] or 1e9) < 60 and s6["duplicates"] == 0 and s6["sent_again"] == 0
        rows.append(
            (
                "S6",
                TARGETS["S6"],
                f"{s6['count']} certificates issued in {s6['issued_seconds']} s, "
                f"PDFs rendered and e-mailed in {s6['emailed_seconds']} s (1 worker, concurrency "
                f"{s6['concurrency']}); redelivery: {s6['duplicates']} duplicates, {s6['sent_again']} "
                f"e-mails again",
                ok,
            )
        )
    if cpu := results.get("CPU"):
        summary = cpu["summary"]
        rows.append(
            (
                "CPU",
                TARGETS["CPU"],
                f"bare view {summary['bare_ms']:.2f} ms; lesson page {summary['lesson_ms_mean']:.2f} ms mean "
                f"({summary['lesson_ratio_mean']}× bare, worst {summary['lesson_ratio_max']}×, "
                f"{summary['lesson_sql_max']} SQL, {summary['lesson_redis_max']} Redis round trips at most); "
                f"xAPI statement {summary['statement_ms_mix']:.2f} ms (S3 mix), "
                f"worst {summary['statement_ms_max']:.2f} ms",
                summary["lesson_met"] and summary["statement_met"],
            )
        )
    if ratio_ := results.get("RATIO"):
        bare, lesson = ratio_["bare"], ratio_["lesson"]
        rows.append(
            (
                "RATIO",
                TARGETS["RATIO"],
                f"bare view {bare['rps']}/s at {bare['cpu_ms_per_request']} ms of worker CPU; H5P lesson "
                f"{lesson['rps']}/s at {lesson['cpu_ms_per_request']} ms: {ratio_['throughput_ratio']} of the "
                f"throughput, {ratio_['cpu_ratio']}× the CPU; failures {bare['failures']}/{lesson['failures']}",
                ratio_["throughput_ratio"] >= 0.5 and not bare["failures"] and not lesson["failures"],
            )
        )
    if s7 := results.get("S7"):
        ok = s7["blocked"] == 0 and s7["joined"] == s7["pupils"]
        rows.append(
            (
                "S7",
                TARGETS["S7"],
                f"{s7['joined']}/{s7['pupils']} joined in {s7['seconds']} s, "
                f"{s7['blocked']} blocked" + (f", other {s7['other']}" if s7["other"] else ""),
                ok,
            )
        )
    return rows


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"# Benchmark {results['finished_at']}",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM; {m['os']}; Python {m['python']}, "
        f"PostgreSQL {m['postgresql']}, Redis {m['redis']} on the same host. gunicorn gthread 4 workers x 2 "
        f"threads, 1 Celery worker, locust (1 process) on the same 2 cores. Load average (1 min) before the run: "
        f"{results['load_before']}."
        + (" **Quick run (small data, short runs): not the measurement.**" if results["quick"] else ""),
        "",
        "| scenario | target | result | met |",
        "|---|---|---|---|",
    ]
    for scenario, target, result, ok in verdicts(results):
        lines.append(f"| {scenario} | {target} | {result} | {'yes' if ok else '**no**'} |")
    if s1 := results.get("S1"):
        queries = results.get("queries", {})
        lines += [
            "",
            f"S1 per request type ({s1['users']} learners, think time 1–5 s, {s1['seconds']} s; load average "
            f"mean {s1['load']['mean']}, max {s1['load']['max']}). SQL queries per request, on a learner's first "
            f"rounds / after ten more rounds of history{' (constant)' if queries.get('constant') else ''}:",
            "",
            "| request type | requests | req/s | median ms | p95 ms | p99 ms | errors | SQL queries |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for name, row in s1["types"].items():
            lines.append(
                f"| {name} | {row['requests']} | {row['rps']} | {row['median_ms']:.0f} | {row['p95_ms']:.0f} "
                f"| {row['p99_ms']:.0f} | {row['failures']} | {_queries_for(name, queries)} |"
            )
        if queries.get("reports"):
            lines += [
                "",
                "SQL queries of the coordinator pages (S5 data): "
                + ", ".join(f"{k} {v}" for k, v in queries["reports"].items())
                + ".",
            ]
        if verify := s1.get("verify"):
            lines += [
                "",
                "S1 database check (sent by the clients / stored): "
                + "; ".join(
                    f"{name} {c.get('sent', c.get('expected'))}/{c['stored']}{'' if c['ok'] else ' MISMATCH'}"
                    for name, c in verify["checks"].items()
                )
                + ".",
            ]
    for name in ("S2", "S3"):
        if s := results.get(name):
            lines.append(f"\n{name} load average: mean {s['load']['mean']}, max {s['load']['max']}.")
    if cpu := results.get("CPU"):
        lines += [
            "",
            "CPU per request in one process (bench/cpu.py: the WSGI application called in a loop; the quietest of ten "
            "interleaved passes), SQL queries and Redis round trips per request:",
            "",
            "| request | CPU ms | × bare view | SQL | Redis |",
            "|---|---|---|---|---|",
        ]
        bare = cpu["summary"]["bare_ms"]
        for name, row in cpu["types"].items():
            lines.append(
                f"| {name} | {row['cpu_ms']:.2f} | {row['cpu_ms'] / bare:.2f} | {row['sql']} | {row['redis']} |"
            )
    return "\n".join(lines) + "\n"


def _queries_for(name: str, queries: dict) -> str:
    small, large = queries.get("small", {}), queries.get("large", {})
    matches = [k for k in small if k == name or k.startswith(name + " (")]
    if name == "xAPI statement":
        matches = [k for k in small if k.startswith("xAPI statement")]
    if not matches:
        return "–"
    return ", ".join(
        (f"{k.split('(')[-1].rstrip(')')}: " if len(matches) > 1 else "") + f"{small[k]}/{large.get(k)}"
        for k in matches
    )


# ------------------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small data and short runs: a smoke test")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--only", default="S1,S2,S3,S4,S5,S6,S7,CPU,IMPORT,RATIO", help="comma-separated scenarios")
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    only = set(args.only.upper().split(","))

    shutil.rmtree(RUN, ignore_errors=True)
    (RUN / "media").mkdir(parents=True)
    env = bench_env()
    stack = Stack(env)
    results = {
        "quick": args.quick,
        "sizes": size,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_before": [round(x, 2) for x in os.getloadavg()],
        "machine": machine(),
    }
    try:
        log(f"load average {results['load_before']}; fresh database {DB_NAME}, migrations, static files")
        database_recreate()
        redis_flush()
        manage = [sys.executable, str(BASE_DIR / "manage.py")]
        run([*manage, "migrate", "--no-input", "-v", "0"], env)
        if not (BASE_DIR / "staticfiles" / "staticfiles.json").exists():  # `make setup` collects them
            run([*manage, "collectstatic", "--no-input", "-v", "0"], env)
        log("seeding")
        run(
            [
                sys.executable,
                str(BASE_DIR / "bench" / "seed.py"),
                str(RUN / "seed.json"),
                "--learners",
                str(size["learners"]),
                "--staff",
                str(size["staff"]),
                "--courses",
                str(size["courses"]),
            ],
            env,
        )
        seed = json.loads((RUN / "seed.json").read_text())
        if "S4" in only or "S5" in only:
            log("S4: assign a course to all staff, twice")
            results["S4"] = python("scenarios.py", str(RUN / "seed.json"), "s4", env=env)
        if "S5" in only:
            log("S5 data: the other courses, completions, certificates")
            results["S5"] = {"data": python("scenarios.py", str(RUN / "seed.json"), "s5-data", env=env)}
            results["S5"]["enrollments"] = results["S5"]["data"]["person_assignments"]
            log("S5: peak memory, in a fresh process each")
            results["S5"]["memory"] = {
                what: python("scenarios.py", str(RUN / "seed.json"), "s5-memory", what, env=env)
                for what in ("report", "csv")
            }
        log("SQL queries per request type")
        results["queries"] = python("scenarios.py", str(RUN / "seed.json"), "queries", env=env)
        if "CPU" in only:
            # Before gunicorn starts: CPU per request in one process, against the bare view (bench/cpu.py).
            log("CPU per request: bare view, lesson pages, xAPI statements (in-process, with profiles)")
            cpu_env = {**env, "DJANGO_SETTINGS_MODULE": "bench_settings", "PYTHONPATH": str(BASE_DIR / "bench")}
            rounds = "100" if args.quick else "300"
            results["CPU"] = python(
                "cpu.py", "measure", str(RUN / "seed.json"), "--rounds", rounds, "--profile", env=cpu_env
            )

        if "IMPORT" in only:
            # Its own database and seed (bench/organisations_bench.py); results in bench/results/organisations.json.
            log("IMPORT: a staff list of 10,000 rows, dry run and confirm")
            run([sys.executable, str(BASE_DIR / "bench" / "organisations_bench.py")], env)
            results["IMPORT"] = json.loads((BASE_DIR / "bench" / "results" / "organisations.json").read_text())

        # Assigning ten courses to 10,000 people queued their assignment mails (bulk, lowest priority): sending
        # them would keep the worker's core busy through S1-S3, which measure learners. They are dropped.
        broker_queue_flush()
        log("starting gunicorn and a Celery worker")
        gunicorn = stack.start("gunicorn", gunicorn_command())
        stack.start("worker", worker_command())
        wait_http("/healthz")
        warm_up(seed)
        learners = len(seed["learners"]) - 1  # the last one is the query counter's
        s1_users = min(size["s1_users"], learners)
        if "S1" in only:
            log(f"S1: {s1_users} learners with think time for {size['s1_seconds']} s")
            results["S1"] = locust("s1", "Learner", s1_users, size["s1_seconds"], 0, env)
            log("S1: checking the database against what was sent")
            (RUN / "s1-ledger-copy.json").write_text(json.dumps(results["S1"]["ledger"]))
            results["S1"]["verify"] = python(
                "scenarios.py", str(RUN / "seed.json"), "verify", str(RUN / "s1-ledger-copy.json"), env=env
            )
            del results["S1"]["ledger"]
        pool = s1_users
        if "S2" in only:
            users = min(size["s2_users"], learners - pool)
            log(f"S2: lesson pages, {users} users, no think time, {size['s2_seconds']} s")
            results["S2"] = locust("s2", "LessonReader", users, size["s2_seconds"], pool, env)
            results["S2"].pop("ledger", None)
            results["S2"]["profile"] = profile("s2", "LessonReader", users, pool, env, gunicorn.pid)
            pool += users
        if "S3" in only:
            users = min(size["s3_users"], learners - pool)
            log(f"S3: xAPI statements, {users} users, no think time, {size['s3_seconds']} s")
            before = statements_stored(env)
            results["S3"] = locust("s3", "StatementSender", users, size["s3_seconds"], pool, env)
            stored = statements_stored(env) - before
            sent = results["S3"].pop("ledger")["statements"]
            results["S3"].update(
                stored=stored,
                sent_stored=sent,
                stored_per_second=round(stored / size["s3_seconds"], 1),
                matches=stored == sent,
            )
            results["S3"]["profile"] = profile("s3", "StatementSender", users, pool, env, gunicorn.pid)
            pool += users
        if "S5" in only:
            log("S5: report and CSV export through gunicorn")
            results["S5"]["http"] = s5_http(seed)
        if "S7" in only:
            log(f"S7: {size['s7_pupils']} pupils join from one IP")
            results["S7"] = s7_join(seed, size["s7_pupils"])
        stack.stop_all()
        if "RATIO" in only:
            users = min(size["ratio_users"], learners - pool)
            log(f"RATIO: bare view and H5P lesson, {users} users each, {size['ratio_seconds']} s, 2 sync workers")
            results["RATIO"] = ratio(seed, env, users=users, seconds=size["ratio_seconds"], pool_start=pool)
        if "S6" in only:
            log(f"S6: {size['s6_count']} certificates with one worker (bench/certificates.py)")
            redis_flush()
            results["S6"] = s6_certificates(size["s6_count"], env)
    finally:
        stack.stop_all()
        if not args.keep_db:
            database_drop()
    results["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    results["verdicts"] = [{"scenario": s, "target": t, "result": r, "met": ok} for s, t, r, ok in verdicts(results)]
    text = markdown(results)
    # Only a full run of every scenario is "latest"; smoke tests and partial runs do not replace it.
    name = "quick" if args.quick else ("latest" if only == set(TARGETS) else "partial")
    (RESULTS / f"{name}.md").write_text(text)
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=1, default=str))
    print(text)
    log(f"written bench/results/{name}.md and {name}.json")


if __name__ == "__main__":
    main()
