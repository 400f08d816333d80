from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

from accounts import sessions
from accounts.mfa import SETUP_URL_NAME, SETUP_URL_NAMES, session_mfa_pending

SESSION_IDLE_LOGGED_OUT = _("You were logged out because you had not used the platform for a while.")
MFA_SETUP_REQUIRED = _(
    "Your role gives you access to other people's data, so your account needs two-factor authentication. "
    "Set it up first; then you can continue."
)


class SessionIdleMiddleware:
    """Logs out a session that has not been used for its idle limit (``SESSION_IDLE_SECONDS`` unless the app that
    logged the user in chose another). Reads the session, which the cached_db engine serves from the cache, and
    writes the last activity at most once a minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            at = sessions.now()
            if sessions.session_is_idle(session, at=at):
                return self._log_out(request)
            if sessions.session_activity_due(session, at=at):
                sessions.session_activity_record(session, at=at)
        return self.get_response(request)

    def _log_out(self, request):
        logout_url = sessions.session_logout_url(request.session)
        logout(request)
        messages.info(request, SESSION_IDLE_LOGGED_OUT)
        if logout_url:
            return redirect(logout_url)
        return self.get_response(request)  # as a visitor: a page that needs a login sends them to it


class MFARequiredMiddleware:
    """Someone whose role requires MFA (accounts/selectors.py) and who has none can only set it up or log out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if session_mfa_pending(request) and not self._allowed(request.path_info):
            if request.method == "GET":
                messages.warning(request, MFA_SETUP_REQUIRED)
            return redirect(SETUP_URL_NAME)
        return self.get_response(request)

    def _allowed(self, path: str) -> bool:
        if path.startswith((settings.STATIC_URL, "/.well-known/")):
            return True
        try:
            match = resolve(path)
        except Resolver404:
            return False
        return not match.namespace and match.url_name in SETUP_URL_NAMES
