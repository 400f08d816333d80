from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from identity.messages import DOMAIN_TAKEN
from identity.models import DOMAIN_VALIDATOR, OrganisationSSO, SSODomain


class SSOStartForm(forms.Form):
    email = forms.EmailField(
        label=_("Your work e-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class OrganisationSSOForm(forms.ModelForm):
    """An organisation admin's settings for their provider, with its e-mail domains in one field."""

    issuer = forms.URLField(
        label=OrganisationSSO._meta.get_field("issuer").verbose_name,
        help_text=OrganisationSSO._meta.get_field("issuer").help_text,
        assume_scheme="https",
    )
    domains = forms.CharField(
        label=_("E-mail domains"),
        help_text=_("One or more, separated by commas or spaces, e.g. gemeente.nl, ambtenaar.gemeente.nl"),
    )

    class Meta:
        model = OrganisationSSO
        fields = [
            "slug", "issuer", "client_id", "client_secret", "is_active", "password_login", "self_join",
            "mfa_acr_values",
        ]  # fmt: skip
        widgets = {"client_secret": forms.PasswordInput(render_value=True)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["domains"].initial = ", ".join(
                self.instance.domains.order_by("domain").values_list("domain", flat=True)
            )

    def clean_domains(self) -> list[str]:
        domains = sorted(
            {part.strip().lower().lstrip("@") for part in self.cleaned_data["domains"].replace(",", " ").split()}
        )
        errors = []
        for domain in domains:
            try:
                DOMAIN_VALIDATOR(domain)
            except ValidationError as error:
                errors.extend(error.messages)
        taken = SSODomain.objects.filter(domain__in=domains).select_related("sso__organisation")
        if self.instance.pk:
            taken = taken.exclude(sso_id=self.instance.pk)
        errors += [DOMAIN_TAKEN % {"domain": row.domain, "organisation": row.sso.organisation.name} for row in taken]
        if errors:
            raise ValidationError(errors)
        return domains
