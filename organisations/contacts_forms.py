"""The coordinator's form for the organisation's own reporting routes: one part per kind of contact.

A part left empty means "no such contact" (the national routes stand alone); a part with anything in it needs
a name and a way to reach the contact. Phone numbers must be Dutch, websites https.
"""

import re
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from organisations.contacts import FIELDS, PUPIL_KINDS, STAFF_KINDS
from organisations.models import Organisation, ReportingContact

PHONE_INVALID = _("Enter a Dutch phone number, for example 020-123 45 67, 06-12345678, 0800-2000 or 14 020.")
URL_NOT_HTTPS = _("Enter a secure web address that starts with https://.")
NAME_MISSING = _("Enter a name: the person, team or organisation to contact.")
UNREACHABLE = _("Enter at least a phone number, an e-mail address or a website, so people can reach this contact.")

_PHONE_CHARACTERS = re.compile(r"[+(\d][\d\s\-().]*")
_DUTCH_NUMBER = re.compile(
    r"0[1-9]\d{8}"  # area codes, mobile (06) and nationwide (085, 088) numbers: ten digits
    r"|0(?:800|900|906|909)\d{4}(?:\d{3})?"  # free and paid service numbers: 0800-2000, 0900-8844
    r"|140\d{2,3}"  # a municipality's 14 + area code: 14 020
)


def dutch_phone_clean(value: str) -> str:
    """The number as typed, tidied (single spaces); ``ValidationError`` unless it is a Dutch phone number."""
    value = " ".join(value.split())
    if not value:
        return ""
    if not _PHONE_CHARACTERS.fullmatch(value):
        raise ValidationError(PHONE_INVALID, code="phone")
    digits = re.sub(r"\D", "", value)
    if value.startswith("+"):
        if not digits.startswith("31"):
            raise ValidationError(PHONE_INVALID, code="phone")
        digits = "0" + digits[2:]
    elif digits.startswith("0031"):
        digits = "0" + digits[4:]
    if not _DUTCH_NUMBER.fullmatch(digits):
        raise ValidationError(PHONE_INVALID, code="phone")
    return value


def https_only(value: str) -> None:
    if value and urlsplit(value).scheme != "https":
        raise ValidationError(URL_NOT_HTTPS, code="https")


class ReportingContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, required=False)
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        # A text input that opens the phone keypad: the stylesheet styles text inputs, not type=tel.
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    url = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        validators=[https_only],
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off"}),
        help_text=_("Starts with https://"),
    )
    note = forms.CharField(
        label=_("When to contact, and when they can be reached"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, prefix=kind, **kwargs)
        self.kind = ReportingContact.Kind(kind)

    @property
    def legend(self) -> str:
        return self.kind.label

    def clean_phone(self) -> str:
        return dutch_phone_clean(self.cleaned_data.get("phone", ""))

    def clean(self):
        data = super().clean()
        if not self.is_filled(data):
            return data
        if not data.get("name", "").strip() and "name" not in self.errors:
            self.add_error("name", NAME_MISSING)
        reachable = any(data.get(field) or field in self.errors for field in ("phone", "email", "url"))
        if not reachable:
            raise ValidationError(UNREACHABLE, code="unreachable")
        return data

    def is_filled(self, data=None) -> bool:
        data = self.cleaned_data if data is None else data
        typed = any(str(self.data.get(self.add_prefix(field), "")).strip() for field in FIELDS)
        return typed or any(str(data.get(field) or "").strip() for field in FIELDS)

    def values(self) -> dict | None:
        """What to store: the cleaned fields, or ``None`` when the part was left empty."""
        return {field: self.cleaned_data.get(field) or "" for field in FIELDS} if self.is_filled() else None


def contact_kinds(organisation: Organisation) -> tuple:
    """The kinds a coordinator sets: a school also has a contact for its pupils."""
    return STAFF_KINDS + PUPIL_KINDS if organisation.kind == Organisation.Kind.SCHOOL else STAFF_KINDS


def reporting_contact_forms(*, organisation: Organisation, contacts: dict, data=None) -> list[ReportingContactForm]:
    forms_ = []
    for kind in contact_kinds(organisation):
        contact = contacts.get(kind)
        initial = {field: getattr(contact, field) for field in FIELDS} if contact else None
        forms_.append(ReportingContactForm(data, kind=kind, initial=initial))
    return forms_
