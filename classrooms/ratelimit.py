"""Rate limits for joining a class and logging in with a personal code, in the shared cache (Redis in production).

Fixed windows counted with ``cache.add`` + ``cache.incr``, which are atomic in Redis, so every web process
shares the counts. Only *guesses* count as failures: an unknown class code or personal code. A pupil who
picks a nickname that is taken typed the right code, so a class of 30 behind one school IP, joining within
a minute and retyping nicknames, stays well inside the limits.
"""

import hashlib
import time
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int


def _setting(name: str, default: tuple[int, int]) -> tuple[int, int]:
    return getattr(settings, name, default)


def attempts_per_ip() -> Limit:
    return Limit("ip", *_setting("CLASSROOMS_ATTEMPTS_PER_IP", (60, 60)))


def failures_per_ip() -> Limit:
    return Limit("ip-fail", *_setting("CLASSROOMS_FAILURES_PER_IP", (20, 600)))


def failures_per_code() -> Limit:
    return Limit("code-fail", *_setting("CLASSROOMS_FAILURES_PER_CODE", (10, 600)))


def joins_per_class_code() -> Limit:
    return Limit("class", *_setting("CLASSROOMS_JOINS_PER_CLASS_CODE", (100, 600)))


def failures_everywhere() -> Limit:
    """All failed personal-code logins together: a brake on guessing spread over many IPs."""
    return Limit("all-fail", *_setting("CLASSROOMS_FAILURES_EVERYWHERE", (1000, 600)))


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
