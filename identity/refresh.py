"""Ask an organisation's provider whether a single-sign-on session may go on: a refresh-token grant."""

import logging

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialToken
from django.db import transaction
from django.utils import timezone
from requests import RequestException

from identity import selectors

logger = logging.getLogger(__name__)
REFUSED_ERRORS = {"invalid_grant", "unauthorized_client", "invalid_client"}


def sso_session_confirm(*, account_id: int) -> bool | None:
    """True: the provider issued new tokens (stored). False: it refused, or the account or its provider is gone;
    the session must end. None: no answer (unreachable, or no refresh token was issued): ask again later."""
    token = SocialToken.objects.filter(account_id=account_id).select_related("account").first()
    if token is None:
        return False if not _account_exists(account_id) else None
    sso = selectors.sso_by_slug(slug=token.account.provider)
    if sso is None or not token.token_secret:
        return None
    try:
        with get_adapter().get_requests_session() as session:
            discovery = session.get(f"{sso.issuer.rstrip('/')}/.well-known/openid-configuration", timeout=5)
            discovery.raise_for_status()
            response = session.post(
                discovery.json()["token_endpoint"],
                data={
                    "grant_type": "refresh_token",
                    "refresh_token": token.token_secret,
                    "client_id": sso.client_id,
                    "client_secret": sso.client_secret,
                },
                timeout=5,
            )
    except (RequestException, ValueError, KeyError):
        logger.warning("provider of %s unreachable for a session check", sso.slug)
        return None
    if response.status_code in (400, 401):
        error = _json(response).get("error", "")
        return False if error in REFUSED_ERRORS else None
    if response.status_code != 200:
        return None
    _token_store(token, _json(response))
    return True


def _account_exists(account_id: int) -> bool:
    from allauth.socialaccount.models import SocialAccount

    return SocialAccount.objects.filter(pk=account_id).exists()


def _json(response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


@transaction.atomic
def _token_store(token: SocialToken, body: dict) -> None:
    token.token = body.get("access_token") or token.token
    token.token_secret = body.get("refresh_token") or token.token_secret  # providers rotate refresh tokens
    expires_in = body.get("expires_in")
    if isinstance(expires_in, int):
        token.expires_at = timezone.now() + timezone.timedelta(seconds=expires_in)
    token.save(update_fields=["token", "token_secret", "expires_at"])
