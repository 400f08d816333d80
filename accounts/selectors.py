from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db.models import Q

from accounts.models import User

# Recovery codes alone are no second factor: they back up an authenticator app or a security key.
SECOND_FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def user_mfa_required(*, user: User) -> bool:
    """Whether this person's role obliges them to use two-factor authentication.

    Superusers, staff and anyone with Wagtail admin access (editors), and members of an organisation with one of
    ``ACCOUNTS_MFA_REQUIRED_MEMBERSHIP_ROLES`` (coordinators, organisation admins): people who see many people's
    data or upload code. The memberships are read through the user's reverse relation, because accounts sits
    below organisations and must not import it. One query at most.
    """
    if not user.is_active:
        return False
    if user.is_superuser or user.is_staff:
        return True
    admin_access = Q(
        user_permissions__content_type__app_label="wagtailadmin", user_permissions__codename="access_admin"
    )
    admin_access |= Q(
        groups__permissions__content_type__app_label="wagtailadmin", groups__permissions__codename="access_admin"
    )
    roles = settings.ACCOUNTS_MFA_REQUIRED_MEMBERSHIP_ROLES
    if roles:
        admin_access |= Q(memberships__role__in=roles)
    return User.objects.filter(admin_access, pk=user.pk).exists()


def user_mfa_enabled(*, user: User) -> bool:
    """Whether this person has a second factor (an authenticator app or a security key). One query."""
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTOR_TYPES).exists()
