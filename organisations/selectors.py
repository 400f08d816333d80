"""Reads for organisations. Everything a coordinator sees goes through `organisation_for_manager`."""

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail.models import ModelLogEntry

from organisations.models import Invitation, Membership, Organisation, PersonAssignment, Team


def organisation_for_manager(*, user, organisation_id: int) -> Organisation:
    """The organisation, if the user coordinates or administers it; a 404 otherwise (never a 403 that
    would confirm that the id exists)."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Organisation.objects.filter(
            memberships__user=user, memberships__role__in=[Membership.Role.COORDINATOR, Membership.Role.ADMIN]
        ),
        pk=organisation_id,
    )


def managed_organisations(*, user) -> list[Organisation]:
    if not user.is_authenticated:
        return []
    return list(
        Organisation.objects.filter(
            memberships__user=user, memberships__role__in=[Membership.Role.COORDINATOR, Membership.Role.ADMIN]
        ).order_by("name")
    )


def organisation_teams(*, organisation: Organisation) -> list[Team]:
    from django.db.models import Count

    return list(Team.objects.filter(organisation=organisation).annotate(size=Count("teammembership")).order_by("name"))


def organisation_members(*, organisation: Organisation):
    """The members, each with whether a certificate mail or a reminder to them is still being sent."""
    from certificates.models import Certificate
    from organisations.assignments import completed_enrollment

    certificate_mail_pending = Certificate.objects.filter(
        learner=OuterRef("user"), emailed_at__isnull=True, revoked_at__isnull=True
    )
    reminder_pending = (
        PersonAssignment.objects.filter(membership=OuterRef("pk"), notice_attempts__gt=0)
        .annotate(done=completed_enrollment("membership__user_id", "assignment__course_id"))
        .filter(done=False)
    )
    return (
        Membership.objects.filter(organisation=organisation)
        .annotate(
            certificate_mail_pending=Exists(certificate_mail_pending)
            & ~Q(user__email="")
            & Q(user__email__isnull=False),
            reminder_pending=Exists(reminder_pending),
        )
        .select_related("user")
        .prefetch_related("teams")
        .order_by("user__last_name", "user__first_name", "user__email")
    )


def organisation_invitations(*, organisation: Organisation) -> list[Invitation]:
    """Invitations not accepted yet, newest first: sent, being sent, or expired (and so to be sent again)."""
    return list(
        Invitation.objects.filter(organisation=organisation, accepted_at__isnull=True).order_by("-created_at", "-pk")
    )


def team_of(*, organisation: Organisation, team_id) -> Team:
    return get_object_or_404(Team, organisation=organisation, pk=team_id)


AUDIT_ACTION_PREFIX = "signaal."


def organisation_audit_entries(*, organisation: Organisation):
    """The organisation's trail, newest first: the project's own entries that name this organisation
    (invitations, imports, assignments, exports, roles, teams, and its schools' deleted classes)."""
    return (
        ModelLogEntry.objects.filter(action__startswith=AUDIT_ACTION_PREFIX, data__organisation=organisation.pk)
        .select_related("user")
        .order_by("-timestamp", "-pk")
    )
