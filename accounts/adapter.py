from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django import forms
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils.module_loading import import_string

from accounts import selectors, sessions
from accounts.mail import mail_html, site_link, site_url


def password_login_refusal(email: str | None) -> str | None:
    """Asks the policy named in ``ACCOUNTS_PASSWORD_LOGIN_POLICY`` (identity/policies.py: an organisation that
    switched password login off for its domains) why this address may not log in with a password, if so."""
    policy = getattr(settings, "ACCOUNTS_PASSWORD_LOGIN_POLICY", "")
    return import_string(policy)(email=email) if policy and email else None


class AccountAdapter(DefaultAccountAdapter):
    def authenticate(self, request, **credentials):
        refusal = password_login_refusal(credentials.get("email"))
        if refusal:
            raise forms.ValidationError(refusal, code="password_login_off")
        return super().authenticate(request, **credentials)

    def format_email_subject(self, subject: str) -> str:
        # allauth would prefix the request's host ("[127.0.0.1:8301]"); the platform's name reads better.
        return f"[{settings.WAGTAIL_SITE_NAME}] {subject}"

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's mails in the platform's shape: its greeting and signature (``account/email/base_message.txt``
        names the platform, not the host) and an HTML part made from the text, like every other mail."""
        address = urlsplit(site_link("/", context.get("request")))
        site = SimpleNamespace(name=settings.WAGTAIL_SITE_NAME, domain=address.netloc)
        context = {**context, "current_site": site, "site_name": site.name, "site_url": site_url()}
        message = super().render_mail(template_prefix, email, context, headers=headers)
        if isinstance(message, EmailMultiAlternatives) and not message.alternatives:
            message.attach_alternative(mail_html(subject=message.subject, text=message.body), "text/html")
        return message

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return site_link(super().get_email_confirmation_url(request, emailconfirmation), request)

    def get_reset_password_from_key_url(self, key: str) -> str:
        return site_link(super().get_reset_password_from_key_url(key), self.request)

    def get_logout_redirect_url(self, request) -> str:
        # Pupils see a friendly "see you next time" page (classrooms sets it at their login), the rest the default.
        session = getattr(request, "session", None)
        url = sessions.session_logout_url(session) if session is not None else None
        return url or super().get_logout_redirect_url(request)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Someone who must use MFA cannot switch off their last second factor; an admin can reset it for them."""
        if authenticator.type not in selectors.SECOND_FACTOR_TYPES:
            return True
        user = authenticator.user
        if not selectors.user_mfa_required(user=user):
            return True
        others = Authenticator.objects.filter(user_id=user.pk, type__in=selectors.SECOND_FACTOR_TYPES).exclude(
            pk=authenticator.pk
        )
        return others.exists()
