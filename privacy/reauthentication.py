"""Whether a person without a password signed in with their organisation's single sign-on a moment ago.

A deletion is confirmed with the password; someone who has none proves it is them by a fresh single sign-on
(allauth records each way a session authenticated, with the time)."""

import time

from allauth.account.internal.flows.login import get_authentication_records

FRESH_SECONDS = 5 * 60


def recently_signed_in_with_sso(request) -> bool:
    records = get_authentication_records(request, request.user)
    return any(
        record.get("method") == "socialaccount" and time.time() - record.get("at", 0) < FRESH_SECONDS
        for record in records
    )
