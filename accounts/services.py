import logging

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction

from accounts.models import User

logger = logging.getLogger(__name__)


@transaction.atomic
def user_create_verified(
    *, email: str, password: str, first_name: str = "", last_name: str = "", is_superuser: bool = False
) -> tuple[User, bool]:
    """Create (or find) a staff account whose e-mail address counts as verified. Returns (user, created)."""
    user, created = User.objects.get_or_create(
        email=User.objects.normalize_email(email),
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "is_staff": is_superuser,
            "is_superuser": is_superuser,
        },
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user, created


@transaction.atomic
def user_mfa_reset(*, user: User, reset_by: User) -> int:
    """Delete all of ``user``'s authenticators (a lost phone): they set MFA up again at their next request.

    Returns how many were deleted. Who did it is recorded by the caller (the admin's log entry names them).
    """
    deleted, _per_model = Authenticator.objects.filter(user_id=user.pk).delete()
    logger.warning("MFA of user %s reset by user %s (%s authenticators deleted)", user.pk, reset_by.pk, deleted)
    return deleted
