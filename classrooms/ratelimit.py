"""Rate limits for joining a class and logging in with a personal code, in the shared cache (Redis in production).

Fixed windows counted with ``cache.add`` + ``cache.incr``, which are atomic in Redis, so every web process
shares the counts. Only *guesses* count as failures: an unknown class code or personal code. A pupil who
picks a nickname that is taken typed the right code, so a class of 30 behind one school IP, joining within
a minute and retyping nicknames, stays well inside the limits.

Every limit is per IP, per code or per class, never global: a count that everybody shares would let an
attacker on many IPs lock out every pupil in the country. The settings' defaults (count, seconds):

- ``CLASSROOMS_ATTEMPTS_PER_IP`` (60, 60): any attempt, right or wrong, per IP: a brake on floods.
- ``CLASSROOMS_WRONG_CODES_PER_IP`` (100, 600): wrong codes per IP (class codes and personal codes counted
  apart). High enough that a school behind one IP, where some pupils mistype, is not locked out; an attacker
  gets at most 100 guesses per 10 minutes per IP (14,400 a day).
- ``CLASSROOMS_FAILURES_PER_CODE`` (10, 600): the same wrong code tried from many IPs.
- ``CLASSROOMS_JOINS_PER_CLASS_CODE`` (100, 600): pupils joining one class: a class is never that large.

What the per-IP limit leaves an attacker is in ``classrooms/codes.py``.
"""

import hashlib
import time
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache

JOIN = "join"
LOGIN = "login"


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int


def attempts_per_ip() -> Limit:
    return Limit("ip", *settings.CLASSROOMS_ATTEMPTS_PER_IP)


def failures_per_ip() -> Limit:
    return Limit("ip-fail", *settings.CLASSROOMS_WRONG_CODES_PER_IP)


def failures_per_code() -> Limit:
    return Limit("code-fail", *settings.CLASSROOMS_FAILURES_PER_CODE)


def joins_per_class_code() -> Limit:
    return Limit("class", *settings.CLASSROOMS_JOINS_PER_CLASS_CODE)


def client_ip(request) -> str:
    # The adapter honours ALLAUTH_TRUSTED_PROXY_COUNT, like allauth's own login limits do.
    return get_adapter(request).get_client_ip(request)


def code_key(code: str) -> str:
    """Keys never hold a code itself: a leaked cache must not list valid codes."""
    return hashlib.sha256(code.encode()).hexdigest()[:24]


def _key(action: str, limit: Limit, ident: str) -> str:
    return f"classrooms:rl:{action}:{limit.name}:{ident}:{int(time.time() // limit.seconds)}"


def is_exceeded(action: str, limit: Limit, ident: str) -> bool:
    return (cache.get(_key(action, limit, ident)) or 0) >= limit.count


def count(action: str, limit: Limit, ident: str) -> None:
    key = _key(action, limit, ident)
    if cache.add(key, 1, timeout=limit.seconds + 1):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=limit.seconds + 1)


def attempt_limited(request, action: str, code: str) -> bool:
    """Whether this attempt (``JOIN`` or ``LOGIN``, with the normalised code) is over a limit.

    Counts it against the per-IP flood limit when it is not."""
    ip = client_ip(request)
    code = code_key(code) if code else ""
    if is_exceeded(action, attempts_per_ip(), ip) or is_exceeded(action, failures_per_ip(), ip):
        return True
    if code and is_exceeded(action, failures_per_code(), code):
        return True
    if action == JOIN and code and is_exceeded(action, joins_per_class_code(), code):
        return True
    count(action, attempts_per_ip(), ip)
    return False


def attempt_failed(request, action: str, code: str) -> None:
    """A guess that missed: counts per IP and per code, never globally."""
    count(action, failures_per_ip(), client_ip(request))
    count(action, failures_per_code(), code_key(code))


def class_joined(join_code: str) -> None:
    count(JOIN, joins_per_class_code(), code_key(join_code))
