"""What a session remembers about itself: when it was last used, its idle limit, and where logging out leads.

The keys are written at login (accounts/handlers.py) and at most once a minute afterwards, so that a page that is
requested many times a minute does not save the session on every request.
"""

import time

from django.conf import settings

LAST_ACTIVITY_KEY = "accounts_last_activity"
IDLE_SECONDS_KEY = "accounts_idle_seconds"
LOGOUT_URL_KEY = "accounts_logout_url"
WRITE_EVERY_SECONDS = 60


def now() -> int:
    return int(time.time())


def session_policy_set(request, *, idle_seconds: int | None = None, logout_url: str | None = None) -> None:
    """Called right after ``login()`` by an app whose people need other rules than staff (pupils)."""
    if idle_seconds is not None:
        request.session[IDLE_SECONDS_KEY] = idle_seconds
    if logout_url is not None:
        request.session[LOGOUT_URL_KEY] = logout_url


def session_idle_limit(session) -> int:
    return session.get(IDLE_SECONDS_KEY) or settings.SESSION_IDLE_SECONDS


def session_logout_url(session) -> str | None:
    return session.get(LOGOUT_URL_KEY)


def session_activity_record(session, *, at: int | None = None) -> None:
    session[LAST_ACTIVITY_KEY] = now() if at is None else at


def session_is_idle(session, *, at: int) -> bool:
    last = session.get(LAST_ACTIVITY_KEY)
    return last is not None and at - last > session_idle_limit(session)


def session_activity_due(session, *, at: int) -> bool:
    last = session.get(LAST_ACTIVITY_KEY)
    return last is None or at - last >= WRITE_EVERY_SECONDS
