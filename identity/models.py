from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

DOMAIN_VALIDATOR = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
    _("Enter a domain name such as gemeente.nl, without @ or spaces."),
)


class OrganisationSSO(models.Model):
    """An organisation's own OpenID Connect provider (Entra ID or any issuer), used for its e-mail domains.

    allauth's ``openid_connect`` provider does the protocol; ``identity.adapter`` builds its app from this row,
    so the secret and settings live in one place and an organisation admin can change them.
    """

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="sso", verbose_name=_("organisation")
    )
    slug = models.SlugField(
        _("short name"),
        max_length=60,
        unique=True,
        help_text=_("Part of the sign-in address (…/accounts/oidc/<short name>/login/callback/)."),
    )
    issuer = models.URLField(
        _("issuer"), help_text=_("The provider's issuer URL, e.g. https://login.microsoftonline.com/<tenant>/v2.0")
    )
    client_id = models.CharField(_("client ID"), max_length=255)
    client_secret = models.CharField(_("client secret"), max_length=500)
    is_active = models.BooleanField(_("active"), default=True)
    password_login = models.BooleanField(
        _("password login allowed"),
        default=True,
        help_text=_("Switch off to let people of these domains sign in only through the organisation's provider."),
    )
    self_join = models.BooleanField(
        _("anyone of these domains may join"),
        default=False,
        help_text=_("Without an invitation, a first sign-in makes the person a member of the organisation."),
    )
    mfa_acr_values = models.CharField(
        _("ACR values that mean MFA"),
        max_length=500,
        blank=True,
        help_text=_(
            "Comma-separated. A sign-in whose 'amr' claim contains 'mfa', or whose 'acr' is one of these, counts "
            "as two-factor authentication."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("single sign-on")
        verbose_name_plural = _("single sign-on")

    def __str__(self):
        return f"{self.organisation} ({self.issuer})"

    @property
    def acr_values(self) -> set[str]:
        return {value.strip() for value in self.mfa_acr_values.split(",") if value.strip()}


class SSODomain(models.Model):
    """An e-mail domain whose people sign in through one organisation's provider. A domain belongs to one
    organisation at most: the unique constraint holds it, the form says so in words."""

    sso = models.ForeignKey(OrganisationSSO, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(_("e-mail domain"), max_length=253, validators=[DOMAIN_VALIDATOR])

    class Meta:
        verbose_name = _("e-mail domain")
        verbose_name_plural = _("e-mail domains")
        constraints = [models.UniqueConstraint(Lower("domain"), name="sso_domain_unique")]

    def __str__(self):
        return self.domain

    def clean(self):
        """A domain claimed by another organisation is refused with its name, before the database would."""
        from django.core.exceptions import ValidationError

        from identity.messages import DOMAIN_TAKEN

        self.domain = (self.domain or "").strip().lower().lstrip("@")
        taken = SSODomain.objects.filter(domain__iexact=self.domain).exclude(sso_id=self.sso_id)
        taken = taken.select_related("sso__organisation").first()
        if taken is not None:
            raise ValidationError(
                {"domain": DOMAIN_TAKEN % {"domain": self.domain, "organisation": taken.sso.organisation.name}}
            )
