"""Required MFA: whether this session's user still has to set up a second factor, remembered in the session.

Asking the database on every request would cost learners a query on every page; a "not needed" is kept in the
session and asked again at login, when an authenticator is removed, and at most once a minute otherwise (so a
learner who becomes a coordinator, or whose MFA an admin reset, is held within a minute).
"""

from django.contrib.auth import SESSION_KEY

from accounts import selectors, sessions

MFA_STATE_KEY = "accounts_mfa"

# What a person who must set up MFA may still reach: the set-up pages, re-authentication before them, logging
# out and switching the language. Static files and the well-known files are allowed by path.
SETUP_URL_NAMES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_reauthenticate",
        "mfa_add_webauthn",
        "mfa_list_webauthn",
        "mfa_reauthenticate_webauthn",
        "account_reauthenticate",
        "account_logout",
        "set_language",
        "healthz",
        "security_txt",
    }
)
SETUP_URL_NAME = "mfa_activate_totp"


MFA_EXTERNAL_KEY = "accounts_mfa_external"


def session_mfa_external_set(request, *, user) -> None:
    """An identity provider that the platform trusts did two-factor authentication for this login (an
    organisation's single sign-on whose ``amr`` says ``mfa``): it counts as this session's second factor, so a
    role that requires MFA needs no authenticator of its own here. Bound to the user; logging out ends it."""
    request.session[MFA_EXTERNAL_KEY] = str(user.pk)
    session_mfa_refresh(request, user=user)


def session_mfa_external(request, *, user) -> bool:
    return request.session.get(MFA_EXTERNAL_KEY) == str(user.pk)


def session_mfa_refresh(request, *, user) -> bool:
    """Ask again whether ``user`` must still set up MFA; remember and return the answer."""
    pending = (
        selectors.user_mfa_required(user=user)
        and not session_mfa_external(request, user=user)
        and not selectors.user_mfa_enabled(user=user)
    )
    request.session[MFA_STATE_KEY] = {"user": str(user.pk), "pending": pending, "at": sessions.now()}
    return pending


def session_mfa_forget(request) -> None:
    request.session.pop(MFA_STATE_KEY, None)


def session_mfa_pending(request) -> bool:
    """Whether the logged-in user of this request must set up MFA before anything else.

    A "no" is trusted for a minute; a "yes" is asked again on every request, so that the person who has just set
    up MFA continues at once (they make only a few requests before that).
    """
    session = request.session
    user_id = session.get(SESSION_KEY)
    if user_id is None:
        return False
    state = session.get(MFA_STATE_KEY)
    fresh = state and state.get("user") == str(user_id)
    if fresh and not state["pending"] and sessions.now() - state.get("at", 0) < sessions.WRITE_EVERY_SECONDS:
        return False
    if not request.user.is_authenticated:
        return False
    return session_mfa_refresh(request, user=request.user)
