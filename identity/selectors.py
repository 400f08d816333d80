"""Reads: which organisation's provider signs in an e-mail address, and the providers as allauth apps."""

from django.db.models import Prefetch

from identity.models import OrganisationSSO, SSODomain


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def sso_for_email(*, email: str) -> OrganisationSSO | None:
    """The active provider of the organisation that owns the address's domain (one query)."""
    domain = email_domain(email)
    if not domain:
        return None
    found = (
        SSODomain.objects.filter(domain__iexact=domain, sso__is_active=True)
        .select_related("sso", "sso__organisation")
        .first()
    )
    return found.sso if found else None


def sso_by_slug(*, slug: str) -> OrganisationSSO | None:
    return (
        OrganisationSSO.objects.filter(slug=slug, is_active=True)
        .select_related("organisation")
        .prefetch_related(Prefetch("domains", queryset=SSODomain.objects.order_by("domain")))
        .first()
    )


def sso_list(*, slug: str | None = None) -> list[OrganisationSSO]:
    rows = OrganisationSSO.objects.filter(is_active=True).select_related("organisation")
    if slug:
        rows = rows.filter(slug=slug)
    return list(rows)


def sso_domains(*, sso: OrganisationSSO) -> set[str]:
    return {domain.lower() for domain in sso.domains.values_list("domain", flat=True)}
