"""Session bookkeeping when someone logs in or changes their authenticators (connected in apps.py)."""

from accounts import sessions
from accounts.mfa import session_mfa_forget, session_mfa_refresh


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    sessions.session_activity_record(request.session)
    session_mfa_refresh(request, user=user)


def on_authenticator_changed(sender, request, user, **kwargs) -> None:
    # Asked again on the next request rather than up to a minute later.
    if request is not None and hasattr(request, "session"):
        session_mfa_forget(request)
