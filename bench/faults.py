"""`make faults`: the production stack under the S1 learner load, one fault at a time (issue 19, item 7).

    .venv/bin/python bench/faults.py                 # every fault (about 15 minutes)
    .venv/bin/python bench/faults.py --quick         # fewer learners, shorter windows: a smoke test
    .venv/bin/python bench/faults.py --only smtp,redis --keep-db

Starts what `make bench` starts (bench/run.py's helpers: a fresh database, the seed, gunicorn, a Celery worker)
plus Celery beat and a local SMTP server (bench/smtp_server.py), on a database, Redis databases, a port and a
run folder of its own. Then, for each fault, a load window of S1 learners (bench/locustfile.py's ``Learner``)
and one coordinator inviting people (``Coordinator``), with the fault injected in the middle of it:

  worker-kill   the Celery worker SIGKILLed while it issues 1,000 certificates, then started again
  postgres      PostgreSQL stopped for 10 s (pg_ctlcluster), started again in a ``finally``
  redis         Redis shut down for 10 s, started again the way it runs on this machine, in a ``finally``
  smtp          the SMTP server answering 451 to every recipient for 60 s
  web-restart   gunicorn reloaded (HUP), then stopped and started again

After each window it waits for the catch-up (bench/faults_check.py), checks the database against what the
clients were told was stored, counts certificates and e-mails, counts 5xx answers from locust and from
gunicorn's access log, and writes bench/results/faults.md and faults.json.
"""

import argparse
import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import run as bench  # bench/run.py: the stack, the database, locust

RESULTS = bench.RESULTS
SMTP_PORT = 8026
FULL = {"users": 60, "seconds": 60, "certificates": 1000, "outage": 10, "smtp_refusal": 60, "smtp_certificates": 100}
QUICK = {"users": 10, "seconds": 45, "certificates": 100, "outage": 10, "smtp_refusal": 15, "smtp_certificates": 20}
FAULT_AT = 20  # seconds into the load window: every learner has arrived and is working
# Stale persistent connections (CONN_MAX_AGE) meet the restarted database on their next query: still the outage.
AFTER_OUTAGE_GRACE = 10


def configure() -> None:
    """Point bench/run.py's helpers at the fault run's own database, Redis databases, port and folder, so that
    `make faults` and `make bench` never share anything."""
    bench.PORT = 8012
    bench.HOST = f"127.0.0.1:{bench.PORT}"
    bench.URL = f"http://{bench.HOST}"
    bench.DB_NAME = "signaal_faults"
    bench.DATABASE_URL = f"{bench.PG_SERVER}/{bench.DB_NAME}"
    bench.REDIS_CACHE = "redis://127.0.0.1:6379/10"
    bench.REDIS_BROKER = "redis://127.0.0.1:6379/11"
    bench.RUN = RESULTS / "faults-run"


def log(message: str) -> None:
    print(f"[faults {time.strftime('%H:%M:%S')}] {message}", flush=True)


def sh(*command: str, check: bool = True) -> str:
    completed = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if check and completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)}: {completed.stdout}{completed.stderr}")
    return completed.stdout.strip()


# ------------------------------------------------------------------------------------------------
# The services of this machine: PostgreSQL and Redis are shared, so they are always started again
# ------------------------------------------------------------------------------------------------
def pg_cluster() -> tuple[str, str]:
    for line in sh("pg_lsclusters", "-h").splitlines():
        version, name, port, *_rest = line.split()
        if port == "5432":
            return version, name
    raise SystemExit("no PostgreSQL cluster on port 5432 (pg_lsclusters)")


def pg_ready() -> bool:
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0


def pg_start() -> None:
    if not pg_ready():
        sh("pg_ctlcluster", *pg_cluster(), "start", check=False)
    wait_for(pg_ready, 60, "PostgreSQL")


def redis_ping() -> bool:
    return subprocess.run(["redis-cli", "ping"], capture_output=True, text=True, check=False).stdout.strip() == "PONG"


REDIS_KEEP = ("bind", "port", "daemonize", "logfile", "dir", "save", "appendonly", "dbfilename", "protected-mode")


def redis_config() -> list[str]:
    """How the running Redis was started (here: as root, no config file, options on the command line), so that
    it can be started again the same way."""
    arguments = []
    for name in REDIS_KEEP:
        _key, _newline, value = sh("redis-cli", "config", "get", name).partition("\n")  # "save" may be empty
        arguments += [f"--{name}", *(value.split() if name == "bind" else [value])]
    return arguments


def redis_start(arguments: list[str]) -> None:
    if not redis_ping():
        subprocess.run(["redis-server", *arguments], cwd="/var/lib/redis", check=False, timeout=30)
    wait_for(redis_ping, 30, "Redis")


def wait_for(predicate, timeout: float, what: str) -> float:
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"{what} not back within {timeout} s")
        time.sleep(0.2)
    return time.monotonic() - started


# ------------------------------------------------------------------------------------------------
# One load window
# ------------------------------------------------------------------------------------------------
class Probe(threading.Thread):
    """A lesson page every 0.25 s, outside locust: which status codes a reader saw, and when."""

    def __init__(self, seed: dict):
        super().__init__(daemon=True)
        self.person, self.path = seed["learners"][-1], seed["lessons"][0]["url"]
        self.samples: list[tuple[float, str, float]] = []
        self.running, self.t0 = True, time.monotonic()

    def run(self):
        import requests

        headers = {"Cookie": f"sessionid={self.person['session']}; csrftoken={self.person['csrf']}"}
        while self.running:
            started = time.monotonic()
            try:
                response = requests.get(bench.URL + self.path, headers=headers, allow_redirects=False, timeout=10)
                status = str(response.status_code)
                if response.status_code == 503 and response.headers.get("Retry-After"):
                    status += " Retry-After"
            except requests.RequestException as error:
                status = type(error).__name__
            self.samples.append((round(started - self.t0, 2), status, round(1000 * (time.monotonic() - started))))
            time.sleep(max(0.0, 0.25 - (time.monotonic() - started)))

    def between(self, start: float, end: float) -> dict:
        return dict(Counter(s for t, s, _ms in self.samples if start <= t <= end))


class Window:
    """S1 learners and a coordinator for ``seconds``; the fault is injected by the caller meanwhile."""

    def __init__(self, ctx: "Context", name: str, seconds: int):
        self.ctx, self.name, self.seconds = ctx, name, seconds
        self.users = ctx.size["users"]
        self.pool_start = ctx.next_pool
        ctx.next_pool += self.users
        self.events: list[tuple[float, str]] = []
        self.result: dict = {}

    def __enter__(self):
        self.access_offset = self.ctx.access_log.stat().st_size if self.ctx.access_log.exists() else 0
        self.log_offsets = {path: path.stat().st_size for path in bench.RUN.glob("gunicorn*.log")}
        self.probe = Probe(self.ctx.seed)
        self.t0 = self.probe.t0
        self.thread = threading.Thread(target=self._load, daemon=True)
        self.probe.start()
        self.thread.start()
        return self

    def _load(self):
        try:
            self.result = bench.locust(
                self.name, "Learner Coordinator", self.users + 1, self.seconds, self.pool_start, self.ctx.env
            )
        except BaseException as error:  # noqa: BLE001 - reported in the row
            log(f"{self.name}: locust failed: {error!r}")
            self.result = {"error": repr(error)}

    def at(self, seconds: float) -> None:
        time.sleep(max(0.0, seconds - (time.monotonic() - self.t0)))

    def event(self, what: str) -> float:
        t = round(time.monotonic() - self.t0, 2)
        self.events.append((t, what))
        log(f"{self.name} +{t:.1f} s: {what}")
        return t

    def __exit__(self, *exc):
        self.thread.join()
        self.probe.running = False
        self.probe.join(timeout=15)
        return False

    def statuses(self) -> dict:
        """5xx and connection errors by status, from locust's failures and from gunicorn's access log."""
        from_locust = Counter()
        failures = bench.RUN / f"{self.name}_failures.csv"
        examples = []
        if failures.exists():
            with failures.open() as file:
                for row in csv.DictReader(file):
                    found = re.search(r"HTTP (\d{3})", row["Error"])
                    key = found.group(1) if found else "connection: " + row["Error"][:80]
                    from_locust[key] += int(row["Occurrences"])
                    if found and found.group(1).startswith("5"):
                        examples.append(f"{row['Method']} {row['Name']}: {row['Error']} x{row['Occurrences']}")
        from_access, lines_500 = Counter(), []
        with self.ctx.access_log.open() as file:
            file.seek(self.access_offset)
            for line in file:
                found = re.search(r'" (\d{3}) ', line)
                if found and found.group(1).startswith("5"):
                    from_access[found.group(1)] += 1
                    if found.group(1) == "500" and len(lines_500) < 5:
                        lines_500.append(line.strip())
        return {
            "server_errors": self.server_errors(),
            "locust_failures": dict(from_locust),
            "locust_5xx_examples": examples[:10],
            "access_log_5xx": dict(from_access),
            "access_log_500_lines": lines_500,
        }

    def server_errors(self) -> list[str]:
        """Django's "Internal Server Error: PATH" in gunicorn's log during the window, by its last exception line."""
        found = Counter()
        for path in sorted(bench.RUN.glob("gunicorn*.log")):
            with path.open(errors="replace") as file:
                file.seek(self.log_offsets.get(path, 0))
                blocks = file.read().split("Internal Server Error: ")[1:]
            for block in blocks:
                request, *lines = block.splitlines()
                raised = [line for line in lines if re.match(r"^[\w.]+: ", line)]
                found[f"{path.name}: {request.split('/')[1] or '/'}/...: {raised[-1] if raised else '?'}"] += 1
        return [f"{n} x {what}" for what, n in found.most_common(5)]

    def verify(self, certificates: Path | None = None) -> dict:
        ledger = bench.RUN / f"{self.name}-ledger.json"
        args = [str(bench.RUN / "seed.json"), str(ledger), str(self.ctx.smtp_log)]
        if certificates:
            args.append(str(certificates))
        return bench.python("faults_check.py", "verify", *args, env=self.ctx.env, timeout=900)

    def summary(self, **extra) -> dict:
        types = self.result.get("types", {})
        agg = types.get("Aggregated", {})
        return {
            "users": self.users,
            "seconds": self.seconds,
            "requests": agg.get("requests"),
            "failures": agg.get("failures"),
            "p95_ms": agg.get("p95_ms"),
            "events": self.events,
            "statuses": self.statuses(),
            "probe": {"samples": len(self.probe.samples), "all": self.probe.between(0, 1e9)},
            "locust_error": self.result.get("error"),
            **extra,
        }


class Context:
    def __init__(self, size: dict, env: dict):
        self.size, self.env = size, env
        self.stack = bench.Stack(env)
        self.seed: dict = {}
        self.next_pool = 0
        self.access_log = bench.RUN / "access.log"
        self.smtp_log = bench.RUN / "smtp.jsonl"
        self.smtp_refuse = bench.RUN / "smtp-refuse"
        self.worker_name, self.worker = "worker", None
        self.gunicorn_name, self.gunicorn = "gunicorn", None
        self.restarts = 0

    def start_gunicorn(self) -> None:
        self.gunicorn = self.stack.start(
            self.gunicorn_name,
            bench.gunicorn_command(
                "--access-logfile", str(self.access_log), "--access-logformat", '%(t)s "%(r)s" %(s)s %(M)sms'
            ),
        )

    def start_worker(self) -> None:
        self.worker = self.stack.start(self.worker_name, bench.worker_command(os.cpu_count() or 2, "faults"))

    def start_beat(self) -> None:
        env = {**self.env, "DJANGO_SETTINGS_MODULE": "faults_settings", "PYTHONPATH": str(bench.BASE_DIR / "bench")}
        command = [sys.executable, "-m", "celery", "-A", "elearning", "beat", "--loglevel", "warning"]
        command += ["-s", str(bench.RUN / "beat-schedule")]
        saved, self.stack.env = self.stack.env, env
        try:
            self.stack.start("beat", command)
        finally:
            self.stack.env = saved

    def next_name(self, base: str) -> str:
        self.restarts += 1
        return f"{base}-{self.restarts}"


# ------------------------------------------------------------------------------------------------
# The faults
# ------------------------------------------------------------------------------------------------
def certificates_count(ids_file: Path) -> tuple[int, int]:
    import psycopg

    ids = json.loads(ids_file.read_text())
    with psycopg.connect(bench.DATABASE_URL) as connection:
        return connection.execute(
            "SELECT count(*), count(emailed_at) FROM certificates_certificate WHERE enrollment_id = ANY(%s)", [ids]
        ).fetchone()


def fault_worker_kill(ctx: Context) -> dict:
    count = ctx.size["certificates"]
    ids_file = bench.RUN / "worker-kill-certificates.json"
    with Window(ctx, "worker-kill", ctx.size["seconds"]) as window:
        window.at(5)
        window.event(f"{count} completed enrolments created, their issue tasks queued")
        bench.python("faults_check.py", "certificates", str(count), str(ids_file), env=ctx.env)
        deadline = time.monotonic() + 120
        while certificates_count(ids_file)[0] < count * 0.3 and time.monotonic() < deadline:
            time.sleep(0.2)
        issued, emailed = certificates_count(ids_file)
        os.killpg(ctx.worker.pid, signal.SIGKILL)  # the worker and its pool processes, nothing else
        window.event(f"worker SIGKILLed with {issued}/{count} issued, {emailed} e-mailed")
        time.sleep(2)
        ctx.worker_name = ctx.next_name("worker")
        ctx.start_worker()
        window.event("worker started again")
    log("worker-kill: waiting for the certificates and the catch-up, then checking")
    started = time.monotonic()
    check = window.verify(ids_file)
    return window.summary(
        check=check,
        issued_at_kill=issued,
        emailed_at_kill=emailed,
        done_after_window_seconds=round(time.monotonic() - started, 1),
    )


def fault_postgres(ctx: Context) -> dict:
    version, name = pg_cluster()
    with Window(ctx, "postgres", ctx.size["seconds"]) as window:
        window.at(FAULT_AT)
        try:
            start = window.event(f"pg_ctlcluster {version} {name} stop -m fast")
            sh("pg_ctlcluster", version, name, "stop", "-m", "fast")
            window.event("PostgreSQL stopped")
            time.sleep(ctx.size["outage"])
        finally:
            pg_start()
            end = window.event("PostgreSQL started again, accepting connections")
    summary = window.summary(check=window.verify())
    summary["probe"].update(
        before=window.probe.between(0, start),
        outage=window.probe.between(start, end + AFTER_OUTAGE_GRACE),
        after=window.probe.between(end + AFTER_OUTAGE_GRACE, 1e9),
    )
    return summary


def fault_redis(ctx: Context) -> dict:
    arguments = redis_config()
    keys = sh("redis-cli", "info", "keyspace")
    with Window(ctx, "redis", ctx.size["seconds"]) as window:
        window.at(FAULT_AT)
        try:
            start = window.event("redis-cli shutdown nosave")
            sh("redis-cli", "shutdown", "nosave", check=False)
            time.sleep(ctx.size["outage"])
        finally:
            redis_start(arguments)
            end = window.event("redis-server " + " ".join(arguments) + ": answering PING")
    summary = window.summary(check=window.verify(), redis_arguments=arguments, keyspace_before=keys)
    summary["probe"].update(
        before=window.probe.between(0, start),
        outage=window.probe.between(start, end),
        after=window.probe.between(end, 1e9),
    )
    return summary


def fault_smtp(ctx: Context) -> dict:
    refusal, count = ctx.size["smtp_refusal"], ctx.size["smtp_certificates"]
    ids_file = bench.RUN / "smtp-certificates.json"
    with Window(ctx, "smtp", FAULT_AT + refusal + 20) as window:
        window.at(FAULT_AT)
        try:
            ctx.smtp_refuse.touch()
            window.event(f"SMTP server answers 451 to every recipient for {refusal} s")
            # S1's learners seldom finish the course in one window: certificate mails come from a batch as well
            bench.python("faults_check.py", "certificates", str(count), str(ids_file), env=ctx.env)
            window.event(f"{count} completed enrolments created, their issue tasks (and so their mails) queued")
            window.at(FAULT_AT + refusal)
        finally:
            ctx.smtp_refuse.unlink(missing_ok=True)
            window.event("SMTP server accepts again")
    return window.summary(check=window.verify(ids_file))


def fault_web_restart(ctx: Context) -> dict:
    with Window(ctx, "web-restart", ctx.size["seconds"]) as window:
        window.at(FAULT_AT - 5)
        os.kill(ctx.gunicorn.pid, signal.SIGHUP)
        window.event("gunicorn HUP: new workers, the old ones finish their requests")
        window.at(FAULT_AT + 10)
        stop = window.event("gunicorn TERM (graceful stop), then started again")
        ctx.stack.stop(ctx.gunicorn_name)
        window.event("the old gunicorn has exited")
        ctx.gunicorn_name = ctx.next_name("gunicorn")
        ctx.start_gunicorn()
        bench.wait_http("/healthz")
        end = window.event("gunicorn answering /healthz again")
    summary = window.summary(check=window.verify())
    summary["probe"].update(gap=window.probe.between(stop, end), after=window.probe.between(end, 1e9))
    return summary


FAULTS = {
    "worker-kill": fault_worker_kill,
    "postgres": fault_postgres,
    "redis": fault_redis,
    "smtp": fault_smtp,
    "web-restart": fault_web_restart,
}


# ------------------------------------------------------------------------------------------------
# The table
# ------------------------------------------------------------------------------------------------
EXPECTED = {
    "worker-kill": "every certificate issued once and e-mailed once after the restart (lost tasks: catch-up); "
    "S1 writes stored; no 5xx",
    "postgres": "503 + Retry-After while it is down (never 500); writes told stored are stored; 200 again after",
    "redis": "lesson pages keep answering 200; no 5xx; writes stored; certificates of completions during the "
    "outage issued by the catch-up",
    "smtp": "pages unaffected; every invitation and certificate mail sent exactly once when the server is back",
    "web-restart": "no 5xx; at most refused connections in the stop/start gap; nothing told stored is lost",
}


def _failed_checks(check: dict) -> list[str]:
    failed = [
        f"{name} {c.get('sent', c.get('expected'))}/{c['stored']}" for name, c in check["checks"].items() if not c["ok"]
    ]
    if any(check["settle"]["pending"].values()):
        failed.append(f"still pending after {check['settle']['seconds']} s: {check['settle']['pending']}")
    return failed


def verdict(fault: str, row: dict) -> tuple[str, bool]:
    if "error" in row:
        return f"harness error: {row['error']}", False
    check, statuses, probe = row["check"], row["statuses"], row["probe"]
    checks = check["checks"]
    locust_codes, access = statuses["locust_failures"], statuses["access_log_5xx"]
    allowed = {"503"} if fault == "postgres" else set()
    bad_5xx = {k: v for k, v in {**locust_codes, **access}.items() if k[:1] == "5" and k not in allowed}
    connection = {k: v for k, v in locust_codes.items() if k.startswith("connection")}
    other = {k: v for k, v in locust_codes.items() if k not in connection and k[:1] != "5"}
    parts = [
        f"{row['requests']} requests ({row['users']} learners + 1 coordinator, {row['seconds']} s)",
        "database matches the clients" if check["ok"] else "DIFFERS: " + "; ".join(_failed_checks(check)),
    ]
    for name in ("batch completions", "S1 completions"):
        if name == "S1 completions" and not checks.get(f"{name}: one certificate each", {}).get("expected"):
            parts.append("no S1 learner finished the course in the window")
            continue
        if f"{name}: one certificate each" in checks:
            c, m = checks[f"{name}: one certificate each"], checks[f"{name}: one e-mail per certificate"]
            parts.append(
                f"{name}: {c['stored']}/{c['expected']} one certificate, e-mails per certificate "
                f"{m['mails_per_certificate']}"
            )
    if "invitations: sent exactly once" in checks:
        i = checks["invitations: sent exactly once"]
        parts.append(f"invitations {i['expected']}, mails per invitation {i['mails_per_invitation']}")
    parts.append(
        f"5xx: locust {({k: v for k, v in locust_codes.items() if k[:1] == '5'}) or 0}, access log {access or 0}"
    )
    if connection:
        parts.append(f"connection errors {sum(connection.values())}")
    if other:
        parts.append(f"other failures {other}")
    if statuses.get("server_errors"):
        parts.append("500s in gunicorn.log: " + "; ".join(statuses["server_errors"]))
    ok = check["ok"] and not bad_5xx and not other and not row.get("locust_error")
    if fault != "web-restart":
        ok = ok and not connection
    if fault == "worker-kill":
        parts.insert(
            1,
            f"killed at {row['issued_at_kill']} issued; all done {row['done_after_window_seconds']} s after the window",
        )
    if fault == "postgres":
        parts.append(f"lesson probe before {probe['before']}, outage {probe['outage']}, after {probe['after']}")
        ok = ok and set(probe["outage"]) <= {"200", "503 Retry-After"} and set(probe["after"]) == {"200"}
    if fault == "redis":
        parts.append(f"lesson probe during the outage {probe['outage']}, after {probe['after']}")
        ok = ok and set(probe["outage"]) == {"200"}
    if fault == "smtp":
        parts.append(f"{check['smtp_refused']} recipients refused during the window")
    if fault == "web-restart":
        parts.append(f"lesson probe in the gap {probe['gap']}, after {probe['after']}")
    parts.append(
        f"catch-up settled in {check['settle']['seconds']} s (backoff skipped: {check['settle']['backoff_skipped']})"
    )
    return "; ".join(parts), ok


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"# Faults {results['finished_at']}",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores; PostgreSQL {m['postgresql']}, Redis {m['redis']} on the same "
        f"host. gunicorn gthread 4x2, 1 Celery worker (concurrency {os.cpu_count()}), beat (catch-up every 15 s), "
        f"aiosmtpd; per fault {results['sizes']['users']} S1 learners + 1 coordinator inviting."
        + (" **Quick run: not the measurement.**" if results["quick"] else ""),
        "",
        "| fault | expected | result | pass |",
        "|---|---|---|---|",
    ]
    for row in results["table"]:
        lines.append(
            f"| {row['fault']} | {row['expected']} | {row['result']} | {'pass' if row['pass'] else '**FAIL**'} |"
        )
    lines += ["", f"Services afterwards: {results['services_after']}."]
    return "\n".join(lines) + "\n"


def _interrupted(*_args) -> None:
    raise KeyboardInterrupt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer learners, shorter windows: a smoke test")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--only", default=",".join(FAULTS), help="comma-separated: " + ", ".join(FAULTS))
    args = parser.parse_args()
    only = [name for name in FAULTS if name in args.only.split(",")]
    size = QUICK if args.quick else FULL
    configure()
    signal.signal(signal.SIGTERM, _interrupted)  # like Ctrl-C: the finally blocks start what was stopped
    shutil.rmtree(bench.RUN, ignore_errors=True)
    (bench.RUN / "media").mkdir(parents=True)
    env = {**bench.bench_env(), "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}"}
    ctx = Context(size, env)
    redis_arguments = redis_config()  # before anything can stop it
    results = {
        "quick": args.quick,
        "sizes": size,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_before": [round(x, 2) for x in os.getloadavg()],
        "machine": bench.machine(),
        "faults": {},
    }
    started = time.monotonic()
    try:
        log(f"fresh database {bench.DB_NAME}, migrations, seed")
        bench.database_recreate()
        bench.redis_flush()
        bench.run([sys.executable, str(bench.BASE_DIR / "manage.py"), "migrate", "--no-input", "-v", "0"], env)
        if not (bench.BASE_DIR / "staticfiles" / "staticfiles.json").exists():
            bench.run(
                [sys.executable, str(bench.BASE_DIR / "manage.py"), "collectstatic", "--no-input", "-v", "0"], env
            )
        learners = size["users"] * len(FAULTS) + 1
        seed_command = [sys.executable, str(bench.BASE_DIR / "bench" / "seed.py"), str(bench.RUN / "seed.json")]
        bench.run([*seed_command, "--learners", str(learners), "--staff", "500", "--courses", "1"], env)
        ctx.seed = json.loads((bench.RUN / "seed.json").read_text())
        bench.python("faults_check.py", "coordinator-mfa", str(bench.RUN / "seed.json"), env=env)
        log("starting the SMTP server, gunicorn, a Celery worker and beat")
        ctx.stack.start(
            "smtp",
            [
                sys.executable,
                str(bench.BASE_DIR / "bench" / "smtp_server.py"),
                "--port",
                str(SMTP_PORT),
                "--log",
                str(ctx.smtp_log),
                "--refuse-flag",
                str(ctx.smtp_refuse),
            ],
        )
        ctx.start_gunicorn()
        ctx.start_worker()
        ctx.start_beat()
        bench.wait_http("/healthz")
        bench.warm_up(ctx.seed)
        for name in only:
            log(f"{name}: {EXPECTED[name]}")
            fault_started = time.monotonic()
            try:
                results["faults"][name] = FAULTS[name](ctx)
            except (Exception, SystemExit) as error:  # noqa: BLE001 - a harness error is that row's result
                log(f"{name}: harness error {error!r}")
                results["faults"][name] = {"error": repr(error)}
            results["faults"][name]["fault_seconds"] = round(time.monotonic() - fault_started, 1)
    finally:
        ctx.smtp_refuse.unlink(missing_ok=True)
        try:
            pg_start()
        finally:
            redis_start(redis_arguments)
        ctx.stack.stop_all()
        if not args.keep_db:
            bench.database_drop()
    results["services_after"] = (
        f"pg_isready -h 127.0.0.1: {'accepting' if pg_ready() else 'NOT READY'}, "
        f"redis-cli ping: {'PONG' if redis_ping() else 'NO ANSWER'}"
    )
    results["seconds"] = round(time.monotonic() - started)
    results["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    results["table"] = []
    for name, row in results["faults"].items():
        result, ok = verdict(name, row)
        results["table"].append({"fault": name, "expected": EXPECTED[name], "result": result, "pass": ok})
    text = markdown(results)
    # Only a full run of every fault is bench/results/faults.*; smoke tests and partial runs stay in the run folder.
    folder = RESULTS if not args.quick and only == list(FAULTS) else bench.RUN
    (folder / "faults.md").write_text(text)
    (folder / "faults.json").write_text(json.dumps(results, indent=1, default=str))
    print(text)
    log(f"written {folder.relative_to(bench.BASE_DIR)}/faults.md and faults.json in {results['seconds']} s")


if __name__ == "__main__":
    main()
