"""Per-request CPU of the hot requests, against a bare ``@login_required`` view measured in the same process.

Throughput on a shared machine measures the neighbours; the CPU a request costs the web process does not. This
script calls the WSGI application in a loop (no HTTP, no client library: the environ a gunicorn worker would
pass), over PostgreSQL and Redis as in production, and measures per request:

- CPU time of this process (``time.process_time``; PostgreSQL's and Redis's own CPU is theirs),
- SQL queries and Redis round trips (one pipeline or MGET is one round trip),
- the ratio to the bare view (``bench_urls.bare``: session, user, a tiny template) of the same run,

and, with ``--profile``, cProfile's top entries per request type.

    # make bench runs it after seeding, in the bench env (DJANGO_SETTINGS_MODULE=bench_settings):
    python bench/cpu.py measure SEED.json [--rounds 300] [--profile]
    # on its own: a database signaal_perf and Redis database 9 of its own (--reuse keeps both between runs)
    python bench/cpu.py standalone [--reuse] [--rounds 300] [--profile]

Prints one JSON object on its last line.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
BASE_DIR = BENCH.parent
HOST = "127.0.0.1"

# Bare-view CPU of the reference run, for the "times the floor" target: a lesson page ≤ 2×, a statement
# ≤ 4 ms.
TARGET_LESSON_RATIO = 2.0
TARGET_STATEMENT_MS = 4.0


# ------------------------------------------------------------------------------------------------
# Counting SQL queries and Redis round trips
# ------------------------------------------------------------------------------------------------
class Counters:
    """Counts SQL queries (a connection execute wrapper) and Redis round trips (every packed send is one)."""

    def __init__(self):
        self.sql = 0
        self.redis = 0
        self.redis_commands: list[str] = []
        self.sql_statements: list[str] = []
        self.record = False

    def install(self):
        from django.db import connection
        from redis.connection import AbstractConnection

        counters = self
        original = AbstractConnection.send_packed_command

        def send_packed_command(connection_self, command, check_health=True):
            counters.redis += 1
            if counters.record:
                counters.redis_commands.append(_describe(command))
            return original(connection_self, command, check_health)

        AbstractConnection.send_packed_command = send_packed_command

        def execute(execute_, sql, params, many, context):
            counters.sql += 1
            if counters.record:
                counters.sql_statements.append(sql[:160])
            return execute_(sql, params, many, context)

        connection.execute_wrappers.append(execute)


def _describe(command) -> str:
    parts = command if isinstance(command, list | tuple) else [command]
    words = []
    for part in parts:
        data = bytes(part) if not isinstance(part, bytes) else part
        for line in data.split(b"\r\n"):
            if line and line[:1] not in b"*$" and len(words) < 6:
                words.append(line[:60].decode(errors="replace"))
    return " ".join(words)


# ------------------------------------------------------------------------------------------------
# WSGI calls
# ------------------------------------------------------------------------------------------------
def _environ(method: str, path: str, person: dict, body: bytes = b"", content_type: str = "") -> dict:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": HOST,
        "SERVER_PORT": "80",
        "HTTP_HOST": HOST,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_COOKIE": f"sessionid={person['session']}; csrftoken={person['csrf']}",
        "HTTP_X_CSRFTOKEN": person["csrf"],
        "HTTP_ACCEPT": "text/html,application/json",
        "HTTP_ACCEPT_LANGUAGE": "nl",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if body:
        environ["CONTENT_LENGTH"] = str(len(body))
        environ["CONTENT_TYPE"] = content_type
    return environ


def _caller(application, method: str, path: str, person: dict, expect: int, body_factory=None):
    def call() -> bytes:
        body = body_factory() if body_factory else b""
        status = []
        result = application(
            _environ(method, path, person, body, "application/json"), lambda s, h, e=None: status.append(s)
        )
        content = b"".join(result)
        if hasattr(result, "close"):
            result.close()
        if not status[0].startswith(str(expect)):
            raise SystemExit(f"{method} {path}: {status[0]}, expected {expect}: {content[:300]!r}")
        return content

    return call


def request_types(seed: dict, application) -> dict:
    """{name: call} for the bare view, every lesson of the S2 course and the two kinds of S3 statement."""
    sys.path.insert(0, str(BENCH))
    from bench_urls import BARE_PATH
    from statements import statement

    person = seed["learners"][-1]  # the query counter's learner, outside every locust pool
    iri = f"http://{HOST}{seed['h5p']['path']}"
    calls = {"bare view": _caller(application, "GET", BARE_PATH, person, 200)}
    for number, lesson in enumerate(seed["lessons"], start=1):
        calls[f"lesson page {number}"] = _caller(application, "GET", lesson["url"], person, 200)
    for child in (True, False):
        calls[f"xAPI statement ({'child' if child else 'result'})"] = _caller(
            application,
            "POST",
            seed["h5p"]["path"] + "xapi/",
            person,
            201,
            lambda child=child: json.dumps({"statement": statement(iri, child=child)}).encode(),
        )
    return calls


def _top(profile: cProfile.Profile, sort: str, limit: int, rounds: int) -> list[str]:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats(sort)
    rows = []
    width = stats.total_tt / rounds * 1000
    for func in stats.fcn_list[:limit]:
        cc, nc, tt, ct, _callers = stats.stats[func]
        filename, line, name = func
        where = filename.replace(str(BASE_DIR) + "/", "").replace(".venv/lib/python3.11/site-packages/", "")
        rows.append(
            f"{tt / rounds * 1000:6.3f} {ct / rounds * 1000:6.3f} ms {nc / rounds:5.0f}x  {where}:{line}({name})"
        )
    return [f"per request: {width:.2f} ms profiled; columns: own ms, cumulative ms, calls"] + rows


def measure(seed: dict, *, rounds: int, profile: bool, commands: bool) -> dict:
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    application = WSGIHandler()
    counters = Counters()
    counters.install()
    calls = request_types(seed, application)
    for call in calls.values():  # warm: first visits written, caches filled, templates compiled
        for _ in range(5):
            call()
    results = {}
    # Interleaved passes, so that a burst from a neighbour on the machine falls on every request type alike.
    passes = 10
    samples = {name: [] for name in calls}
    for _pass in range(passes):
        for name, call in calls.items():
            n = max(1, rounds // passes)
            start = time.process_time()
            for _ in range(n):
                call()
            samples[name].append((time.process_time() - start) / n * 1000)
    for name, call in calls.items():
        counters.sql = counters.redis = 0
        counters.redis_commands = []
        counters.sql_statements = []
        counters.record = commands
        call()
        counters.record = False
        results[name] = {
            # CPU time grows with the neighbours' load too (shared caches, frequency): the quietest pass is the
            # estimate, the median is kept beside it.
            "cpu_ms": round(min(samples[name]), 3),
            "cpu_ms_median": round(statistics.median(samples[name]), 3),
            "cpu_ms_passes": [round(s, 3) for s in samples[name]],
            "sql": counters.sql,
            "redis": counters.redis,
            **(
                {"redis_commands": counters.redis_commands, "sql_statements": counters.sql_statements}
                if commands
                else {}
            ),
        }
    bare = results["bare view"]["cpu_ms"]
    lessons = [v["cpu_ms"] for k, v in results.items() if k.startswith("lesson page")]
    statements = {k: v["cpu_ms"] for k, v in results.items() if k.startswith("xAPI")}
    # S3 sends a child statement three times in four.
    statement_mix = 0.75 * statements["xAPI statement (child)"] + 0.25 * statements["xAPI statement (result)"]
    summary = {
        "bare_ms": bare,
        "lesson_ms_mean": round(statistics.mean(lessons), 3),
        "lesson_ms_max": round(max(lessons), 3),
        "lesson_ratio_mean": round(statistics.mean(lessons) / bare, 2),
        "lesson_ratio_max": round(max(lessons) / bare, 2),
        "statement_ms_mix": round(statement_mix, 3),
        "statement_ms_max": round(max(statements.values()), 3),
        "lesson_sql_max": max(v["sql"] for k, v in results.items() if k.startswith("lesson page")),
        "lesson_redis_max": max(v["redis"] for k, v in results.items() if k.startswith("lesson page")),
    }
    summary["lesson_met"] = summary["lesson_ratio_max"] <= TARGET_LESSON_RATIO
    summary["statement_met"] = summary["statement_ms_max"] <= TARGET_STATEMENT_MS
    output = {"rounds": rounds, "types": results, "summary": summary}
    if profile:
        output["profiles"] = {}
        for name in ("bare view", "lesson page 1", f"lesson page {len(seed['lessons'])}", "xAPI statement (result)"):
            profiler = cProfile.Profile(time.process_time)  # CPU, not the wait for PostgreSQL or Redis
            n = max(50, rounds // 2)
            profiler.enable()
            for _ in range(n):
                calls[name]()
            profiler.disable()
            output["profiles"][name] = {
                "tottime": _top(profiler, "tottime", 25, n),
                "cumulative": _top(profiler, "cumulative", 40, n),
            }
    return output


# ------------------------------------------------------------------------------------------------
# On its own: a database and a Redis database of its own
# ------------------------------------------------------------------------------------------------
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
STANDALONE_DB = "signaal_perf"
STANDALONE_REDIS = "redis://127.0.0.1:6379/9"
STANDALONE_SEED = BENCH / "results" / "cpu-run" / "seed.json"


def standalone_env() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join([str(BENCH), str(BASE_DIR)]),
        "SECRET_KEY": "bench-cpu-" + secrets.token_urlsafe(16),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"{PG_SERVER}/{STANDALONE_DB}",
        "REDIS_URL": STANDALONE_REDIS,
        "CELERY_BROKER_URL": STANDALONE_REDIS,
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "SECURE_SSL_REDIRECT": "false",
        "CONN_MAX_AGE": "60",
        "EMAIL_URL": "memorymail://",
        "MEDIA_ROOT": str(BENCH / "results" / "cpu-run" / "media"),
        "LOG_LEVEL": "WARNING",
    }


def standalone(args) -> None:
    import psycopg
    import redis

    env = standalone_env()
    # The secret key signs nothing the seed keeps (sessions are rows), but keep one across --reuse runs.
    key_file = STANDALONE_SEED.parent / "secret"
    if args.reuse and STANDALONE_SEED.exists():
        env["SECRET_KEY"] = key_file.read_text()
    else:
        STANDALONE_SEED.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(env["SECRET_KEY"])
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{STANDALONE_DB}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{STANDALONE_DB}"')
        redis.Redis.from_url(STANDALONE_REDIS).flushdb()
        subprocess.run(
            [sys.executable, str(BASE_DIR / "manage.py"), "migrate", "--no-input", "-v", "0"], env=env, check=True
        )
        subprocess.run(
            [
                sys.executable,
                str(BENCH / "seed.py"),
                str(STANDALONE_SEED),
                "--learners",
                "20",
                "--staff",
                "10",
                "--courses",
                "1",
            ],
            env=env,
            check=True,
        )
    command = [sys.executable, __file__, "measure", str(STANDALONE_SEED), "--rounds", str(args.rounds)]
    command += ["--profile"] if args.profile else []
    command += ["--commands"] if args.commands else []
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if completed.returncode:
        sys.stderr.write(completed.stdout[-3000:] + completed.stderr[-5000:])
        raise SystemExit(completed.returncode)
    (STANDALONE_SEED.parent / "report.md").write_text(completed.stderr)
    if args.table:
        print(completed.stderr, file=sys.stderr)
    print(completed.stdout.strip().splitlines()[-1])


def report(result: dict) -> str:
    """A readable table of a measurement (for the terminal and the notes)."""
    lines = ["| request | CPU ms | × bare | SQL | Redis |", "|---|---|---|---|---|"]
    bare = result["summary"]["bare_ms"]
    for name, row in result["types"].items():
        lines.append(f"| {name} | {row['cpu_ms']:.2f} | {row['cpu_ms'] / bare:.2f} | {row['sql']} | {row['redis']} |")
    for name, profile in result.get("profiles", {}).items():
        lines += [
            "",
            f"## {name}: top by own time",
            *profile["tottime"],
            "",
            f"## {name}: cumulative",
            *profile["cumulative"],
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["measure", "standalone"])
    parser.add_argument("seed", nargs="?")
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--commands", action="store_true", help="list the Redis commands of one request each")
    parser.add_argument("--reuse", action="store_true", help="standalone: keep the database and seed of a last run")
    parser.add_argument("--table", action="store_true", help="standalone: also print a readable table")
    args = parser.parse_args()
    if args.mode == "standalone":
        standalone(args)
        return
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")
    result = measure(
        json.loads(Path(args.seed).read_text()), rounds=args.rounds, profile=args.profile, commands=args.commands
    )
    print(report(result), file=sys.stderr)
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
