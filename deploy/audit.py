#!/usr/bin/env python3
"""Known vulnerabilities in what a production install gets: the runtime lock and npm's production packages.

Fails (exit 1) when pip-audit or npm audit reports a known vulnerability. When the advisory services cannot be
reached (a registry mirror that serves packages but not advisories, no network), it says so on stderr and
passes, unless AUDIT_REQUIRED=1, which makes "could not check" a failure too: set that where the real
registries are reachable.

Usage: python deploy/audit.py  (or `make audit`)
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_LOCK = ROOT / "requirements" / "runtime.txt"


def python_findings() -> tuple[list[str], int]:
    """(vulnerabilities as lines, number of packages that could not be checked)."""
    pip_audit = Path(sys.executable).with_name("pip-audit")
    result = subprocess.run(
        [str(pip_audit), "--disable-pip", "--requirement", str(RUNTIME_LOCK), "--format", "json"]
        + ["--progress-spinner", "off"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"pip-audit did not answer with a report:\n{result.stderr}") from None
    found, unchecked = [], 0
    for dependency in report.get("dependencies", []):
        if dependency.get("skip_reason"):
            unchecked += 1
        for vulnerability in dependency.get("vulns", []):
            fixes = ", ".join(vulnerability.get("fix_versions", [])) or "no fixed version yet"
            found.append(f"{dependency['name']} {dependency['version']}: {vulnerability['id']} (fixed in {fixes})")
    return found, unchecked


def npm_findings() -> tuple[list[str], bool]:
    """(vulnerabilities as lines, whether the audit endpoint answered)."""
    result = subprocess.run(
        ["npm", "audit", "--omit=dev", "--json"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    try:
        report = json.loads(result.stdout or "{}")
    except json.JSONDecodeError:
        return [], False
    if "vulnerabilities" not in report:  # an error body: the endpoint did not answer
        return [], False
    found = [
        f"{name}: {details.get('severity', '?')} ({details.get('range', '')})"
        for name, details in report["vulnerabilities"].items()
    ]
    return found, True


def main() -> int:
    python_found, unchecked = python_findings()
    npm_found, npm_answered = npm_findings()
    for line in python_found:
        print(f"python: {line}")
    for line in npm_found:
        print(f"npm: {line}")
    problems = []
    if unchecked:
        problems.append(f"{unchecked} Python packages could not be checked (advisory data unreachable)")
    if not npm_answered:
        problems.append("npm's audit endpoint did not answer")
    for problem in problems:
        print(f"audit: {problem}", file=sys.stderr)
    if python_found or npm_found:
        print(f"audit: {len(python_found) + len(npm_found)} known vulnerabilities", file=sys.stderr)
        return 1
    if problems and os.environ.get("AUDIT_REQUIRED") == "1":
        return 1
    print("audit: no known vulnerabilities" + (" among what could be checked" if problems else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
