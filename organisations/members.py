"""Writes on an organisation's members: remove, change role, move between teams, revoke an invitation.

Removing a member ends their access to the organisation at once (every coordinator page and the learner's
"assigned to you" read the membership on each request, so the next request already sees it gone). Their account,
enrollments, progress and certificates stay theirs; the organisation keeps only a frozen record of what they had
done (``FormerMember``) for its retention period (``retention.py``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from organisations import audit
from organisations.models import FormerMember, Invitation, Membership, Organisation, Team, TeamMembership

MEMBER_REMOVE_SELF = _("You cannot remove yourself. Ask another coordinator.")
MEMBER_LAST_MANAGER = _("This is the organisation's last coordinator: make someone else coordinator first.")
MEMBER_ROLE_SELF = _("You cannot change your own role. Ask another coordinator.")
TEAM_FOREIGN = _("Choose teams of your own organisation.")


def _managers(organisation: Organisation):
    return Membership.objects.filter(
        organisation=organisation, role__in=[Membership.Role.COORDINATOR, Membership.Role.ADMIN]
    )


def _progress_record(membership: Membership) -> list[dict]:
    from organisations.people import person_assignments

    return [
        {
            "course": row.course,
            "team": row.team,
            "due_date": row.due_date.isoformat(),
            "status": row.status,
            "progress": row.progress,
            "completed_at": row.completed_at.isoformat() if row.completed_at else None,
        }
        for row in person_assignments(membership=membership)
    ]


@transaction.atomic
def member_remove(*, membership: Membership, removed_by) -> FormerMember | None:
    """Remove a member from their organisation. Returns the frozen record kept for the retention period (None
    when the organisation keeps nothing).

    Goes: the membership, its team places, its assignments and their reminder state, its digests, and the
    accepted invitation that named the person. Stays with the person: the account, enrollments, progress,
    results and certificates."""
    membership = Membership.objects.select_for_update().select_related("user", "organisation").get(pk=membership.pk)
    organisation = membership.organisation
    if removed_by is not None and membership.user_id == removed_by.pk:
        raise ValidationError(MEMBER_REMOVE_SELF)
    if membership.manages and not _managers(organisation).exclude(pk=membership.pk).exists():
        raise ValidationError(MEMBER_LAST_MANAGER)
    user = membership.user
    record = None
    if organisation.removed_member_retention_months:
        record = FormerMember.objects.create(
            organisation=organisation,
            name=user.get_full_name(),
            email=user.email or "",
            teams=", ".join(team.name for team in membership.teams.all()),
            progress=_progress_record(membership),
            removed_by=removed_by if removed_by is not None and removed_by.is_authenticated else None,
        )
    Invitation.objects.filter(organisation=organisation, email__iexact=user.email or "").delete()
    audit.organisation_log(
        instance=organisation,
        action=audit.MEMBER_REMOVED,
        user=removed_by,
        organisation_id=organisation.pk,
        title=user.email or "",
        email=user.email or "",
        role=membership.role,
    )
    membership.delete()  # cascades: team places, person assignments, direct assignments, digests
    return record


@transaction.atomic
def member_role_change(*, membership: Membership, role: str, changed_by) -> Membership:
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if changed_by is not None and membership.user_id == changed_by.pk:
        raise ValidationError(MEMBER_ROLE_SELF)
    old = membership.role
    if old == role:
        return membership
    managers = (Membership.Role.COORDINATOR, Membership.Role.ADMIN)
    if (
        old in managers
        and role not in managers
        and not _managers(membership.organisation_id).exclude(pk=membership.pk).exists()
    ):
        raise ValidationError(MEMBER_LAST_MANAGER)
    membership.role = role
    membership.save(update_fields=["role"])
    audit.organisation_log(
        instance=membership,
        action=audit.ROLE_CHANGED,
        user=changed_by,
        organisation_id=membership.organisation_id,
        title=membership.user.email or "",
        old=old,
        new=role,
    )
    return membership


@transaction.atomic
def member_teams_set(*, membership: Membership, teams: list[Team], changed_by) -> None:
    """Put the member in exactly these teams (a move is: out of the old, into the new). Joining a team hands
    over its open assignments; leaving one keeps what was already assigned (their progress is not lost)."""
    from organisations.services import team_member_add

    if any(team.organisation_id != membership.organisation_id for team in teams):
        raise ValidationError(TEAM_FOREIGN)
    wanted = {team.pk for team in teams}
    leaving = TeamMembership.objects.filter(membership=membership).exclude(team_id__in=wanted)
    left = list(leaving.values_list("team__name", flat=True))
    leaving.delete()
    for name in left:
        audit.organisation_log(
            instance=membership,
            action=audit.TEAM_MEMBER_REMOVED,
            user=changed_by,
            organisation_id=membership.organisation_id,
            title=membership.user.email or "",
            team=name,
        )
    for team in teams:
        team_member_add(team=team, membership=membership, added_by=changed_by)


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, revoked_by) -> None:
    """Withdraw an open invitation: its link stops working at once (the row and its token hash are deleted)."""
    if invitation.accepted_at:
        from organisations.services import INVITATION_USED

        raise ValidationError(INVITATION_USED)
    audit.organisation_log(
        instance=invitation.organisation,
        action=audit.INVITATION_REVOKED,
        user=revoked_by,
        organisation_id=invitation.organisation_id,
        title=invitation.email,
        email=invitation.email,
    )
    invitation.delete()
