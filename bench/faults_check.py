"""In-process parts of `make faults` (bench/faults.py), each run in a fresh process with the fault run's env.

    python bench/faults_check.py certificates COUNT OUT.json
        completed enrolments for COUNT new learners (bench/certificates.py's set-up), their issue tasks queued
    python bench/faults_check.py coordinator-mfa SEED.json
        the seeded coordinator has an authenticator app, as the site requires of coordinators
    python bench/faults_check.py verify SEED.json LEDGER.json SMTP.jsonl [CERTIFICATES.json]
        wait for the catch-up, then: S1's database check, one certificate per completion, one e-mail per
        certificate, one invitation mail per invitation

Each prints one JSON object on its last line.
"""

import importlib.util
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))  # before bench/: the `certificates` app, not bench/certificates.py
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearning.settings.production")

SETTLE_TIMEOUT = float(os.environ.get("FAULTS_SETTLE_TIMEOUT", "600"))
BACKOFF_SKIP_EVERY = 20  # seconds


def _bench_certificates():
    """bench/certificates.py (S6), loaded by path: its module name is the app's."""
    spec = importlib.util.spec_from_file_location("bench_certificates", BASE_DIR / "bench" / "certificates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def certificates(count: int, out: Path) -> dict:
    from certificates.tasks import certificate_issue_task
    from elearning.celery import app

    s6 = _bench_certificates()
    enrollment_ids = s6._setup(count)
    out.write_text(json.dumps(enrollment_ids))
    started = time.monotonic()
    s6._enqueue(app, certificate_issue_task, enrollment_ids)
    return {"count": count, "enqueue_seconds": round(time.monotonic() - started, 2)}


def coordinator_mfa(seed: dict) -> dict:
    """Coordinators must have MFA (accounts/mfa.py); without it every page sends them to the set-up page."""
    from allauth.mfa.models import Authenticator

    user_id = seed["organisation"]["coordinator"]["user_id"]
    Authenticator.objects.get_or_create(user_id=user_id, type=Authenticator.Type.TOTP, defaults={"data": {}})
    return {"coordinator": user_id}


# ------------------------------------------------------------------------------------------------
# After a fault: let the catch-up finish, then check
# ------------------------------------------------------------------------------------------------
def _queue_length() -> int:
    from elearning.celery import app

    with app.connection_for_read() as connection:
        return connection.default_channel.client.llen("celery")


def _skip_backoff() -> dict:
    """The catch-up waits 5 minutes (grace, then backoff) before it tries a row again. The fault run does not
    wait that long: it moves the next try of every unsent row to now; the catch-up code itself runs as is."""
    from django.utils import timezone

    from certificates.models import Certificate
    from organisations.models import Invitation

    now = timezone.now()
    return {
        "certificates": Certificate.objects.filter(emailed_at__isnull=True, revoked_at__isnull=True)
        .exclude(email_next_attempt_at__lte=now)
        .update(email_next_attempt_at=now),
        "invitations": Invitation.objects.filter(sent_at__isnull=True, accepted_at__isnull=True)
        .exclude(next_attempt_at__lte=now)
        .update(next_attempt_at=now),
    }


def _pending(learner_ids: list[int], enrollment_ids: list[int], invitation_prefix: str | None) -> dict:
    from django.db.models import Q

    from certificates.models import Certificate
    from courses.models import Enrollment
    from organisations.models import Invitation

    completed = Enrollment.objects.filter(Q(learner_id__in=learner_ids) | Q(pk__in=enrollment_ids), status="completed")
    invitations = Invitation.objects.filter(email__startswith=invitation_prefix) if invitation_prefix else None
    return {
        "certificates_missing": completed.filter(certificate__isnull=True).count(),
        "emails_unsent": Certificate.objects.filter(enrollment__in=completed, emailed_at__isnull=True).count(),
        "invitations_unsent": invitations.filter(sent_at__isnull=True).count() if invitations is not None else 0,
    }


def _settle(learner_ids, enrollment_ids, invitation_prefix) -> dict:
    started = time.monotonic()
    skipped, last_skip, pending = Counter(), 0.0, {}
    while time.monotonic() - started < SETTLE_TIMEOUT:
        pending = _pending(learner_ids, enrollment_ids, invitation_prefix)
        if not any(pending.values()):
            break
        queued = _queue_length()
        if queued == 0 and time.monotonic() - last_skip > BACKOFF_SKIP_EVERY:
            skipped.update(_skip_backoff())
            last_skip = time.monotonic()
        time.sleep(2)
    return {"seconds": round(time.monotonic() - started, 1), "backoff_skipped": dict(skipped), "pending": pending}


def _mails(smtp_log: Path) -> tuple[Counter, int]:
    sent, refused = Counter(), 0
    if smtp_log.exists():
        for line in smtp_log.read_text().splitlines():
            entry = json.loads(line)
            if "refused" in entry:
                refused += 1
            for address in entry.get("to", []):
                sent[address.lower()] += 1
    return sent, refused


def verify(seed: dict, ledger: dict, smtp_log: Path, enrollment_ids: list[int]) -> dict:
    from scenarios import verify as s1_verify  # bench/scenarios.py: S1's database check

    from certificates.models import Certificate
    from courses.models import Enrollment
    from organisations.models import Invitation

    learner_ids = ledger["learner_ids"]
    invited = ledger.get("invitations", [])
    prefix = invited[0].rsplit("-", 1)[0] + "-" if invited else None
    settle = _settle(learner_ids, enrollment_ids, prefix)
    result = s1_verify(seed, ledger)
    checks = result["checks"]
    sent, refused = _mails(smtp_log)

    completed = list(
        Enrollment.objects.filter(learner_id__in=learner_ids, status="completed").values_list("pk", flat=True)
    )
    for name, ids in (("S1 completions", completed), ("batch completions", enrollment_ids)):
        if not ids and name != "S1 completions":
            continue
        per_enrollment = Counter(
            Certificate.objects.filter(enrollment_id__in=ids).values_list("enrollment_id", flat=True)
        )
        certificates = Certificate.objects.filter(enrollment_id__in=ids).values_list("learner__email", "emailed_at")
        mails = Counter(sent[email.lower()] for email, _at in certificates)
        checks[f"{name}: one certificate each"] = {
            "expected": len(ids),
            "stored": sum(1 for pk in ids if per_enrollment[pk] == 1),
            "ok": all(per_enrollment[pk] == 1 for pk in ids),
        }
        checks[f"{name}: one e-mail per certificate"] = {
            "expected": len(certificates),
            "stored": mails[1],
            "mails_per_certificate": {str(k): v for k, v in sorted(mails.items())},
            "emailed_at_empty": sum(1 for _e, at in certificates if at is None),
            "ok": mails[1] == len(certificates) and all(at for _e, at in certificates),
        }
    if prefix:
        rows = list(Invitation.objects.filter(email__startswith=prefix).values_list("email", "sent_at"))
        stored = {email for email, _at in rows}
        per_address = Counter(sent[email] for email, _at in rows)
        checks["invitations: stored"] = {
            "sent": len(invited),
            "stored": len(stored),
            "not_told_stored": len(stored - set(invited)),  # the server stored it, the client saw an error
            "ok": set(invited) <= stored,
        }
        checks["invitations: sent exactly once"] = {
            "expected": len(rows),
            "stored": per_address[1],
            "mails_per_invitation": {str(k): v for k, v in sorted(per_address.items())},
            "ok": per_address[1] == len(rows) and all(at for _e, at in rows),
        }
    return {
        "ok": all(check["ok"] for check in checks.values()) and not any(settle["pending"].values()),
        "settle": settle,
        "smtp_refused": refused,
        "checks": checks,
    }


def main() -> None:
    import django

    django.setup()
    command = sys.argv[1]
    if command == "certificates":
        result = certificates(int(sys.argv[2]), Path(sys.argv[3]))
    elif command == "coordinator-mfa":
        result = coordinator_mfa(json.loads(Path(sys.argv[2]).read_text()))
    elif command == "verify":
        ids = json.loads(Path(sys.argv[5]).read_text()) if len(sys.argv) > 5 else []
        seed, ledger = (json.loads(Path(p).read_text()) for p in sys.argv[2:4])
        result = verify(seed, ledger, Path(sys.argv[4]), ids)
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
