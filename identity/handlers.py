"""After allauth logged someone in through an organisation's provider (connected in apps.py)."""

from accounts.mfa import session_mfa_external_set
from identity import selectors
from identity.adapter import idp_did_mfa
from identity.sessions import session_sso_record


def on_sso_login(sender, request, user, **kwargs) -> None:
    sociallogin = kwargs.get("sociallogin")
    if sociallogin is None or request is None or not hasattr(request, "session"):
        return
    sso = selectors.sso_by_slug(slug=sociallogin.account.provider)
    if sso is None:
        return
    session_sso_record(request, sso=sso, account_id=sociallogin.account.pk)
    if idp_did_mfa(sso=sso, claims=sociallogin.account.extra_data.get("id_token") or {}):
        session_mfa_external_set(request, user=user)
