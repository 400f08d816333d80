"""deploy/audit.py: known vulnerabilities fail the build; advisory services that cannot be reached are said out
loud, and fail it only where AUDIT_REQUIRED=1. The advisory services are off this machine, so their answers are
given here (pip-audit's and npm audit's JSON, as they print it)."""

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

AUDIT = Path(__file__).resolve().parents[2] / "deploy" / "audit.py"


@pytest.fixture
def audit(monkeypatch):
    spec = importlib.util.spec_from_file_location("deploy_audit", AUDIT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    answers = {}

    def run(command, **kwargs):
        tool = "npm" if command[0] == "npm" else "pip-audit"
        return subprocess.CompletedProcess(command, 1, stdout=json.dumps(answers[tool]), stderr="")

    monkeypatch.setattr(module.subprocess, "run", run)
    monkeypatch.delenv("AUDIT_REQUIRED", raising=False)
    module.answers = answers
    return module


CLEAN_PYTHON = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}]}
CLEAN_NPM = {"vulnerabilities": {}, "metadata": {"vulnerabilities": {"total": 0}}}


def test_nothing_known_passes(audit, capsys):
    audit.answers.update({"pip-audit": CLEAN_PYTHON, "npm": CLEAN_NPM})

    assert audit.main() == 0
    assert "no known vulnerabilities" in capsys.readouterr().out


def test_a_python_vulnerability_fails_and_is_named(audit, capsys):
    vulnerable = {
        "dependencies": [
            {"name": "django", "version": "5.2.1", "vulns": [{"id": "PYSEC-2099-1", "fix_versions": ["5.2.2"]}]}
        ]
    }
    audit.answers.update({"pip-audit": vulnerable, "npm": CLEAN_NPM})

    assert audit.main() == 1
    assert "django 5.2.1: PYSEC-2099-1 (fixed in 5.2.2)" in capsys.readouterr().out


def test_an_npm_vulnerability_fails(audit, capsys):
    npm = {"vulnerabilities": {"h5p-standalone": {"severity": "high", "range": "<3.9.0"}}}
    audit.answers.update({"pip-audit": CLEAN_PYTHON, "npm": npm})

    assert audit.main() == 1
    assert "h5p-standalone: high" in capsys.readouterr().out


def test_unreachable_advisories_are_reported_and_fail_only_when_required(audit, capsys, monkeypatch):
    unreachable_python = {"dependencies": [{"name": "django", "skip_reason": "Dependency not found on PyPI"}]}
    unreachable_npm = {"message": "405 Method Not Allowed", "statusCode": 405}
    audit.answers.update({"pip-audit": unreachable_python, "npm": unreachable_npm})

    assert audit.main() == 0
    err = capsys.readouterr().err
    assert "1 Python packages could not be checked" in err
    assert "npm's audit endpoint did not answer" in err

    monkeypatch.setenv("AUDIT_REQUIRED", "1")
    assert audit.main() == 1
