import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect

from identity.messages import SSO_ACCESS_ENDED
from identity.refresh import sso_session_confirm
from identity.sessions import session_sso, session_sso_checked


class SSOSessionRecheckMiddleware:
    """A session that began with an organisation's provider is confirmed with it every
    ``IDENTITY_SSO_RECHECK_SECONDS``; when the provider refuses (account disabled, sessions revoked), the session
    ends at once. A provider that cannot be reached is asked again next time: an outage locks nobody out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state = session_sso(request.session)
        if state and request.user.is_authenticated:
            now = int(time.time())
            if now - state.get("checked_at", 0) >= settings.IDENTITY_SSO_RECHECK_SECONDS:
                if sso_session_confirm(account_id=state["account"]) is False:
                    logout(request)
                    messages.warning(request, SSO_ACCESS_ENDED)
                    return redirect(settings.LOGIN_URL)
                session_sso_checked(request.session, at=now)
        return self.get_response(request)
