"""Answers accounts' question (``ACCOUNTS_PASSWORD_LOGIN_POLICY``): may this address log in with a password?"""

from identity.messages import PASSWORD_LOGIN_OFF
from identity.selectors import sso_for_email


def password_login_refusal(*, email: str) -> str | None:
    """Why not, when the address's organisation signs its people in only through its own provider."""
    sso = sso_for_email(email=email)
    if sso is None or sso.password_login:
        return None
    return str(PASSWORD_LOGIN_OFF % {"organisation": sso.organisation.name})
