from allauth.mfa.webauthn.forms import AddWebAuthnForm
from django.utils.translation import gettext_lazy as _


class PasskeyAddForm(AddWebAuthnForm):
    """allauth's form for a security key, with "Wachtwoordloos" ticked: the set-up page offers a passkey (a key that
    signs in on its own, unlocked by PIN or biometrics). Unticked, the key is a second factor after the password."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("passwordless", True)
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Name")  # allauth leaves it to Django, which shows the field's name untranslated
