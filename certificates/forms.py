from django import forms
from django.utils.translation import gettext_lazy as _

from certificates.codes import CodeChecksumError, CodeFormatError, code_normalise

CODE_FORMAT_INVALID = _(
    "This is not a Signaal certificate code. A code has 28 letters and digits, like 7K3M-Q9XT-2B4N-…"
)
CODE_TYPO = _("This code contains a typing error or is incomplete. Check every character and try again.")


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=64,
        help_text=_("It is printed on the certificate, next to the QR code. Spaces and dashes are fine."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        try:
            return code_normalise(self.cleaned_data["code"])
        except CodeChecksumError:
            raise forms.ValidationError(CODE_TYPO, code="checksum") from None
        except CodeFormatError:
            raise forms.ValidationError(CODE_FORMAT_INVALID, code="format") from None


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the certificate for the record; not shown on the public verification page."),
    )
