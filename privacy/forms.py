from django import forms
from django.utils.translation import gettext_lazy as _

WRONG_PASSWORD = _("That is not your password. Your account has not been deleted.")


class AccountDeleteForm(forms.Form):
    """Confirms a deletion: the person's password, unless they have none (single sign-on only; see the view)."""

    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(WRONG_PASSWORD, code="wrong_password")
        return password
