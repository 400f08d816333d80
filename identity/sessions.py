"""A session that began with an organisation's single sign-on, and when the provider last confirmed it.

Entra ID and other providers refuse a refresh token once the account is disabled or its sessions revoked. Every
``IDENTITY_SSO_RECHECK_SECONDS`` (5 minutes) the middleware asks the provider for new tokens with the stored
refresh token; a refusal ends the session at once. So a leaver disabled at their employer loses Signaal within
minutes, and cannot log in again through the provider.
"""

import time

SSO_SESSION_KEY = "identity_sso"


def session_sso_record(request, *, sso, account_id) -> None:
    request.session[SSO_SESSION_KEY] = {"sso": sso.pk, "account": account_id, "checked_at": int(time.time())}


def session_sso(session) -> dict | None:
    return session.get(SSO_SESSION_KEY)


def session_sso_checked(session, *, at: int) -> None:
    state = dict(session[SSO_SESSION_KEY])
    state["checked_at"] = at
    session[SSO_SESSION_KEY] = state
