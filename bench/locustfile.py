"""Load for `make bench` (run by bench/run.py; headless, one process).

User classes, chosen on the command line:
- ``Learner`` (S1): a learner with think time doing what a lesson asks: lesson pages, the quiz (start, page,
  save answers one by one, submit), xAPI statements and saved state from the H5P player, the dashboard,
  finishing lessons.
- ``LessonReader`` (S2): lesson pages, no think time.
- ``StatementSender`` (S3): xAPI statements, no think time.
- ``BareViewReader`` and ``H5PLessonReader`` (RATIO): the bare ``@login_required`` view of ``bench_urls.py``, and
  the H5P lesson, no think time: the same learners and load for both, one after the other.

Every user has its own learner, logged in through a session created server-side by bench/seed.py. Production
cookies are Secure and the benchmark talks plain http on 127.0.0.1, so the session and CSRF cookies are sent
as an explicit Cookie header (with the CSRF secret also in X-CSRFToken), like a browser behind TLS would.

What the server accepted is recorded client-side (the "ledger", written to $BENCH_LEDGER at the end) so that
bench/run.py can check the database holds exactly that. Run with --stop-timeout so that no request is cut
off between the server storing it and the ledger recording it.
"""

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import FastHttpUser, between, constant, events, task
from statements import statement  # bench/ (locust puts the locustfile's folder on the path)

SEED = json.loads(Path(os.environ["BENCH_SEED"]).read_text())
POOL_START = int(os.environ.get("BENCH_POOL_START", "0"))
_next_learner = itertools.count(POOL_START)
ATTEMPT_ID = re.compile(r"/toetsen/pogingen/(\d+)/opslaan/")

LEDGER = {"learner_ids": [], "answers": [], "submitted": [], "statements": 0, "states": {}, "completions": []}


@events.test_stop.add_listener
def _write_ledger(environment, **kwargs):
    path = os.environ.get("BENCH_LEDGER")
    if path:
        with open(path, "w") as file:
            json.dump(LEDGER, file)


class _BenchUser(FastHttpUser):
    abstract = True
    network_timeout = 120.0
    connection_timeout = 120.0

    def on_start(self):
        self.learner = SEED["learners"][next(_next_learner)]
        LEDGER["learner_ids"].append(self.learner["user_id"])
        self.cookie = f"sessionid={self.learner['session']}; csrftoken={self.learner['csrf']}"
        self.iri = self.host.rstrip("/") + SEED["h5p"]["path"]

    def _headers(self, **extra) -> dict:
        return {"Cookie": self.cookie, "X-CSRFToken": self.learner["csrf"], **extra}

    def _call(self, method: str, path: str, name: str, expect: int, **kwargs):
        """One request; anything but the expected status (a login redirect, a 4xx, a 5xx) is a failure."""
        with self.client.request(
            method,
            path,
            name=name,
            headers=self._headers(**kwargs.pop("headers", {})),
            allow_redirects=False,
            catch_response=True,
            **kwargs,
        ) as response:
            if response.status_code != expect:
                response.failure(f"HTTP {response.status_code}, expected {expect}")
                return None
            if expect == 302 and "/accounts/login/" in (response.headers.get("Location") or ""):
                response.failure("redirected to the login page")
                return None
            response.success()
            return response

    def lesson_page(self):
        lesson = random.choice(SEED["lessons"])
        self._call("GET", lesson["url"], "lesson page", 200)

    def xapi_statement(self, name="xAPI statement"):
        child = random.random() < 0.75  # MultiChoice: a child statement per question, one result per attempt
        body = {"statement": statement(self.iri, child=child, raw=random.randint(0, 2))}
        response = self._call(
            "POST",
            SEED["h5p"]["path"] + "xapi/",
            name,
            201,
            data=json.dumps(body),
            headers={"Content-Type": "application/json"},
        )
        if response is not None and response.json().get("stored"):
            LEDGER["statements"] += 1


class Learner(_BenchUser):
    """S1: a learner with think time."""

    wait_time = between(1, 5)

    def on_start(self):
        super().on_start()
        self.attempt = None
        self.answered = 0
        self.next_lesson = 0
        self._call("POST", f"/leren/cursussen/{SEED['course']['id']}/inschrijven/", "enrol", 302)

    @task(6)
    def lesson(self):
        self.lesson_page()

    @task(1)
    def dashboard(self):
        self._call("GET", "/mijn-leren/", "dashboard", 200)

    @task(4)
    def quiz(self):
        quiz = SEED["quiz"]
        if self.attempt is None:
            if self._call("POST", f"/toetsen/{quiz['id']}/starten/", "quiz start", 302) is None:
                return
            page = self._call("GET", f"/toetsen/{quiz['id']}/", "quiz page", 200)
            found = ATTEMPT_ID.search(page.text) if page is not None else None
            if found is None:
                return
            self.attempt, self.answered = int(found.group(1)), 0
        elif self.answered < len(quiz["questions"]):
            key = quiz["questions"][self.answered]
            data = {"save": key, f"q__{key}": f"{key}-{random.choice('abc')}"}
            response = self._call(
                "POST",
                f"/toetsen/pogingen/{self.attempt}/opslaan/",
                "quiz save answer",
                200,
                data=data,
                headers={"Accept": "application/json"},
            )
            if response is not None:
                LEDGER["answers"].append([self.attempt, key])
                self.answered += 1
        else:
            response = self._call(
                "POST",
                f"/toetsen/pogingen/{self.attempt}/inleveren/",
                "quiz submit",
                200,
                headers={"Accept": "application/json"},
            )
            if response is not None:
                LEDGER["submitted"].append(response.json()["attempt"])
                self.attempt = None

    @task(3)
    def xapi(self):
        self.xapi_statement()

    @task(1)
    def state_save(self):
        data = json.dumps({"answers": [random.randint(0, 3)], "n": random.random()})
        response = self._call(
            "POST",
            SEED["h5p"]["path"] + "state/state/0/",
            "saved state save",
            200,
            data=json.dumps({"data": data}),
            headers={"Content-Type": "application/json"},
        )
        if response is not None:
            LEDGER["states"][f"{self.learner['user_id']}:state/0"] = data

    @task(1)
    def state_load(self):
        self._call("GET", SEED["h5p"]["path"] + "state/state/0/", "saved state load", 200)

    @task(1)
    def complete_lesson(self):
        lessons = SEED["lessons"]
        lesson = lessons[self.next_lesson % len(lessons)]
        response = self._call(
            "POST", f"/leren/cursussen/{SEED['course']['id']}/lessen/{lesson['id']}/klaar/", "lesson complete", 302
        )
        if response is not None:
            LEDGER["completions"].append([self.learner["user_id"], lesson["id"]])
            self.next_lesson += 1


class LessonReader(_BenchUser):
    """S2: lesson pages as fast as they come."""

    wait_time = constant(0)

    @task
    def lesson(self):
        self.lesson_page()


class StatementSender(_BenchUser):
    """S3: xAPI statements as fast as they come."""

    wait_time = constant(0)

    @task
    def xapi(self):
        self.xapi_statement()


class BareViewReader(_BenchUser):
    """RATIO: the floor, a bare ``@login_required`` view (``bench_settings`` only)."""

    wait_time = constant(0)

    @task
    def bare(self):
        self._call("GET", "/bench/bare/", "bare view", 200)


class H5PLessonReader(_BenchUser):
    """RATIO: the H5P lesson, the page the floor is compared with."""

    wait_time = constant(0)

    @task
    def lesson(self):
        self._call("GET", SEED["h5p"]["lesson_url"], "H5P lesson page", 200)


# ------------------------------------------------------------------------------------------------
# `make faults` (bench/faults.py): a coordinator inviting people while the S1 learners learn
# ------------------------------------------------------------------------------------------------
LEDGER["invitations"] = []  # the addresses whose invitation the server accepted (a redirect to the members)
_RUN_TAG = f"{os.getpid()}-{random.randrange(16**6):06x}"
_next_invitee = itertools.count()


class Coordinator(FastHttpUser):
    """One coordinator inviting a new person every few seconds, through the members page's form."""

    fixed_count = 1
    wait_time = between(2, 4)
    network_timeout = 120.0
    connection_timeout = 120.0

    def on_start(self):
        person = SEED["organisation"]["coordinator"]
        self.csrf = person["csrf"]
        self.cookie = f"sessionid={person['session']}; csrftoken={person['csrf']}"
        self.path = f"/organisatie/{SEED['organisation']['id']}/leden/"

    @task
    def invite(self):
        email = f"invitee-{_RUN_TAG}-{next(_next_invitee)}@example.org"
        with self.client.request(
            "POST",
            self.path,
            name="coordinator invite",
            data={"email": email, "first_name": "Nieuwe", "last_name": "Collega", "csrfmiddlewaretoken": self.csrf},
            headers={"Cookie": self.cookie, "X-CSRFToken": self.csrf},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or not (response.headers.get("Location") or "").endswith(self.path):
                response.failure(f"HTTP {response.status_code}, expected 302")
                return
            response.success()
            LEDGER["invitations"].append(email)
