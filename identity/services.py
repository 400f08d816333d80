"""Writes: a person who signs in through their organisation's provider becomes (or stays) its member."""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from identity.messages import SSO_NOT_INVITED
from identity.models import OrganisationSSO, SSODomain
from organisations import audit
from organisations.models import Invitation, Membership
from organisations.services import invitation_accept

SSO_CONFIGURED = "signaal.identity.sso_configured"


def sso_admission_check(*, sso: OrganisationSSO, email: str, user: User | None) -> None:
    """Whether this person may sign in to ``sso``'s organisation: a member already, invited (an open invitation
    to the address), or the organisation admits anyone of its domains. Raises ``ValidationError`` otherwise;
    writes nothing."""
    if user is not None and Membership.objects.filter(organisation_id=sso.organisation_id, user=user).exists():
        return
    if sso.self_join or _open_invitation(sso=sso, email=email) is not None:
        return
    raise ValidationError(SSO_NOT_INVITED, code="not_invited", params={"organisation": sso.organisation.name})


@transaction.atomic
def sso_membership_ensure(*, sso: OrganisationSSO, user: User, email: str) -> Membership:
    """Make ``user`` a member of ``sso``'s organisation: their open invitation is accepted (teams and
    assignments follow), or they join as a member when the organisation allows it. Idempotent."""
    membership = Membership.objects.filter(organisation_id=sso.organisation_id, user=user).first()
    if membership is not None:
        return membership
    sso_email_verified(user=user, email=email)
    invitation = _open_invitation(sso=sso, email=email)
    if invitation is not None:
        return invitation_accept(invitation=invitation, user=user)
    if not sso.self_join:
        raise ValidationError(SSO_NOT_INVITED, code="not_invited", params={"organisation": sso.organisation.name})
    membership = Membership.objects.create(organisation_id=sso.organisation_id, user=user)
    audit.organisation_log(
        instance=membership,
        action=audit.MEMBER_ADDED,
        user=user,
        organisation_id=sso.organisation_id,
        title=user.email,
        role=membership.role,
        via="sso",
    )
    return membership


def sso_email_verified(*, user: User, email: str) -> None:
    """The provider vouched for the address (``email_verified``): it counts as verified here too."""
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=not user.emailaddress_set.exists())
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])


def _open_invitation(*, sso: OrganisationSSO, email: str) -> Invitation | None:
    return (
        Invitation.objects.filter(
            organisation_id=sso.organisation_id,
            email__iexact=email,
            accepted_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def organisation_sso_save(*, form, organisation, saved_by) -> OrganisationSSO:
    """Store an organisation's provider and its domains (a valid ``OrganisationSSOForm``)."""
    sso = form.save(commit=False)
    sso.organisation = organisation
    sso.save()
    domains = form.cleaned_data["domains"]
    sso.domains.exclude(domain__in=domains).delete()
    existing = set(sso.domains.values_list("domain", flat=True))
    SSODomain.objects.bulk_create([SSODomain(sso=sso, domain=domain) for domain in domains if domain not in existing])
    audit.organisation_log(
        instance=organisation,
        action=SSO_CONFIGURED,
        user=saved_by,
        organisation_id=organisation.pk,
        title=sso.issuer,
        domains=domains,
        password_login=sso.password_login,
        self_join=sso.self_join,
    )
    return sso
