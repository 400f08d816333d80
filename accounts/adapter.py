from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

from accounts import selectors, sessions


class AccountAdapter(DefaultAccountAdapter):
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
