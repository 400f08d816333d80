import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from accounts.models import User

PASSWORD = "a-long-test-password"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the authenticator app of every test user with MFA


def totp_code(*, at: float | None = None) -> str:
    """The code the test users' authenticator app shows now (or at ``at``)."""
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time() if at is None else at) // 30))


def mfa_enable(user: User) -> Authenticator:
    """Set up TOTP and recovery codes for ``user``, as allauth does when they scan the QR code."""
    authenticator = TOTP.activate(user, TOTP_SECRET).instance
    RecoveryCodes.activate(user)
    return authenticator


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"learner{n}@example.org")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        obj.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)

    @factory.post_generation
    def mfa(obj, create, extracted, **kwargs):
        """Staff and superusers must use MFA, so they have it set up unless a test says ``mfa=False``."""
        if create and (extracted or (extracted is None and (obj.is_staff or obj.is_superuser))):
            mfa_enable(obj)
