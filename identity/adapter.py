"""allauth's social accounts, for organisations' own OpenID Connect providers.

The apps come from ``OrganisationSSO`` rows (not allauth's SocialApp table), so an organisation's admin edits one
record. Every sign-in is checked before anything is written: the nonce (a replayed or foreign ID token), the
issuer, a verified e-mail address of one of the organisation's domains, and admission (member, invited, or
self-join). A refusal renders one clear sentence and creates nothing.
"""

from http import HTTPStatus

import jwt
from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base import AuthProcess
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from requests import RequestException

from accounts.models import User
from identity import messages, selectors
from identity.models import OrganisationSSO
from identity.provider import NONCE_STATE_KEY
from identity.services import sso_admission_check, sso_membership_ensure

OIDC_PROVIDER = "openid_connect"


def refuse(request, message, *, status=HTTPStatus.FORBIDDEN):
    response = TemplateResponse(request, "identity/refused.html", {"message": message}, status=status)
    raise ImmediateHttpResponse(response.render())


def sso_app(sso: OrganisationSSO) -> SocialApp:
    """The allauth app of one organisation's provider (not saved: built from the row)."""
    return SocialApp(
        provider=OIDC_PROVIDER,
        provider_id=sso.slug,
        name=sso.organisation.name,
        client_id=sso.client_id,
        secret=sso.client_secret,
        settings={
            "server_url": sso.issuer.rstrip("/"),
            "fetch_userinfo": True,
            "token_auth_method": "client_secret_post",
        },
    )


def verified_email(sociallogin) -> str:
    """The address the provider vouches for, or a refusal. Entra ID sends no ``email_verified``; its optional
    claim ``xms_edov`` (the domain's owner verified it) counts the same."""
    data = sociallogin.account.extra_data
    claims = {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}
    email = (claims.get("email") or "").strip()
    if not email:
        return ""
    verified = claims.get("email_verified") is True or claims.get("xms_edov") in (True, "1", 1, "true")
    return email if verified else None


def idp_did_mfa(*, sso: OrganisationSSO, claims: dict) -> bool:
    """RFC 8176: ``amr`` lists the methods used (``mfa`` when more than one factor); some providers say it with
    an ``acr`` value instead, which the organisation names."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return "mfa" in amr or (bool(claims.get("acr")) and claims.get("acr") in sso.acr_values)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        slug = provider if provider not in (None, OIDC_PROVIDER) else None
        apps = [sso_app(sso) for sso in selectors.sso_list(slug=slug)]
        if client_id:
            apps = [app for app in apps if app.client_id == client_id]
        return apps

    def is_open_for_signup(self, request, sociallogin):
        return True  # admission is decided in pre_social_login, before allauth creates anything

    def pre_social_login(self, request, sociallogin):
        sso = selectors.sso_by_slug(slug=sociallogin.account.provider)
        if sso is None:
            refuse(request, messages.SSO_INVALID_TOKEN)
        if (sociallogin.state or {}).get("process") == AuthProcess.CONNECT:
            refuse(request, messages.SSO_CONNECT_REFUSED)  # linked only by signing in, to the verified address
        claims = sociallogin.account.extra_data.get("id_token") or {}
        expected_nonce = (sociallogin.state or {}).get(NONCE_STATE_KEY)
        if not expected_nonce or claims.get("nonce") != expected_nonce:
            refuse(request, messages.SSO_REPLAYED)
        if (claims.get("iss") or "").rstrip("/") != sso.issuer.rstrip("/"):
            refuse(request, messages.SSO_WRONG_ISSUER)
        email = verified_email(sociallogin)
        if email == "":
            refuse(request, messages.SSO_EMAIL_MISSING)
        if email is None:
            refuse(request, messages.SSO_EMAIL_UNVERIFIED)
        if selectors.email_domain(email) not in selectors.sso_domains(sso=sso):
            refuse(request, messages.SSO_DOMAIN_NOT_OURS)
        user = sociallogin.user if sociallogin.is_existing else User.objects.filter(email__iexact=email).first()
        if user is not None and not user.is_active:
            refuse(request, messages.SSO_ACCOUNT_DISABLED)
        try:
            sso_admission_check(sso=sso, email=email, user=user if user and user.pk else None)
        except ValidationError as error:
            refuse(request, error.messages[0])
        if user is not None and user.pk:
            if not sociallogin.is_existing:
                sociallogin.connect(request, user)  # the provider vouched for this address: the same person
            sso_membership_ensure(sso=sso, user=user, email=email)
        else:
            # A new account: allauth creates it with this address as its primary, verified one.
            sociallogin.user.email = email
            sociallogin.email_addresses = [EmailAddress(email=email, verified=True, primary=True)]

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        sso = selectors.sso_by_slug(slug=sociallogin.account.provider)
        if sso is not None:
            sso_membership_ensure(sso=sso, user=user, email=user.email)
        return user

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.set_unusable_password()  # signs in through the organisation; may set a password later if allowed
        return user

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        """Say why, in one sentence, instead of allauth's generic page."""
        cause = getattr(exception, "__cause__", None)
        if isinstance(cause, jwt.InvalidIssuerError):
            message = messages.SSO_WRONG_ISSUER
        elif isinstance(cause, jwt.InvalidAudienceError):
            message = messages.SSO_WRONG_AUDIENCE
        elif isinstance(cause, jwt.ExpiredSignatureError):
            message = messages.SSO_EXPIRED
        elif isinstance(exception, RequestException):
            message = messages.SSO_PROVIDER_UNREACHABLE
        elif error == "cancelled":
            return None
        elif exception is None and (extra_context or {}).get("state") is None:
            message = messages.SSO_REPLAYED  # no state for this callback: used before, or not started here
        else:
            message = messages.SSO_INVALID_TOKEN
        refuse(request, message, status=HTTPStatus.BAD_REQUEST)
