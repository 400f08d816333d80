"""Importing a staff list that keeps the organisation in step with it: a plan first (the dry run), then the same
plan carried out on confirmation.

The plan says per row what happens: invite (new), nothing (already a member or invited, same team), move (an
existing member's team changed), or the row's error; which teams in the file do not exist yet (offered for
creation); and, when asked, which members are not on the list any more (to be removed). Making the plan only
reads, a fixed number of queries whatever the rows. Carrying it out writes in bulk, all or nothing.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations import audit
from organisations.models import Assignment, Invitation, Membership, Organisation, Team, TeamMembership
from organisations.roster import RosterRow

IMPORT_HAS_ERRORS = _("Fix the rows with errors first.")
SEND_BATCH = 200  # invitations per task message


class RowAction:
    INVITE = "new"
    INVITED = "invited"
    MEMBER = "member"
    MOVE = "move"
    ERROR = "error"


@dataclass
class ImportPlan:
    actions: dict[int, str]  # line -> RowAction
    new_teams: dict[str, int]  # team name -> rows that name it
    moves: dict[int, tuple[int, list[str]]] = field(default_factory=dict)  # line -> (membership id, old teams)
    removals: list[tuple[int, str, str]] = field(default_factory=list)  # (membership id, e-mail, name)

    def count(self, action: str) -> int:
        return sum(1 for value in self.actions.values() if value == action)

    @property
    def has_errors(self) -> bool:
        return RowAction.ERROR in self.actions.values()


def roster_plan(*, organisation: Organisation, rows: list[RosterRow], remove_missing: bool = False) -> ImportPlan:
    """What importing ``rows`` would do. Reads only: four queries, however many rows."""
    emails = {row.email for row in rows if row.is_valid}
    member_teams: dict[str, list[str]] = defaultdict(list)
    member_ids: dict[str, int] = {}
    for membership_id, email, team in Membership.objects.filter(organisation=organisation).values_list(
        "pk", "user__email", "teams__name"
    ):
        if email:
            member_ids[email.lower()] = membership_id
            if team:
                member_teams[email.lower()].append(team)
    invited = set(
        Invitation.objects.filter(
            organisation=organisation, email__in=emails, accepted_at__isnull=True, expires_at__gte=timezone.now()
        ).values_list("email", flat=True)
    )
    plan = ImportPlan(actions={}, new_teams={})
    for row in rows:
        if not row.is_valid:
            plan.actions[row.line] = RowAction.ERROR
            continue
        if row.new_team:
            plan.new_teams[row.team] = plan.new_teams.get(row.team, 0) + 1
        if row.email in member_ids:
            old = sorted(member_teams.get(row.email, []))
            if row.team and old != [row.team]:
                plan.actions[row.line] = RowAction.MOVE
                plan.moves[row.line] = (member_ids[row.email], old)
            else:
                plan.actions[row.line] = RowAction.MEMBER
        elif row.email in invited:
            plan.actions[row.line] = RowAction.INVITED
        else:
            plan.actions[row.line] = RowAction.INVITE
    if remove_missing:
        plan.removals = _missing_members(organisation, emails)
    return plan


def _missing_members(organisation: Organisation, emails: set[str]) -> list[tuple[int, str, str]]:
    """Members not on the list. Coordinators and admins are never removed by a list: only by hand."""
    missing = (
        Membership.objects.filter(organisation=organisation, role=Membership.Role.MEMBER)
        .select_related("user")
        .order_by("user__email")
    )
    return [
        (m.pk, m.user.email or "", m.user.get_full_name())
        for m in missing
        if (m.user.email or "").lower() not in emails
    ]


@dataclass
class ImportResult:
    invitations: list[int]
    moved: int
    teams_created: list[str]
    removed: int


@transaction.atomic
def roster_import(
    *,
    organisation: Organisation,
    rows: list[RosterRow],
    create_teams: set[str],
    remove_missing: bool = False,
    imported_by=None,
) -> ImportResult:
    """Carry out the plan for ``rows``. Teams not in ``create_teams`` are not made: their rows are invited
    without a team, and members named for them stay where they are. All or nothing."""
    from organisations.members import member_remove
    from organisations.services import _invitations_renew

    if any(not row.is_valid for row in rows):
        raise ValidationError(IMPORT_HAS_ERRORS)
    plan = roster_plan(organisation=organisation, rows=rows, remove_missing=remove_missing)
    created_teams = _teams_create(organisation, [name for name in plan.new_teams if name in create_teams])
    teams = {team.name: team for team in Team.objects.filter(organisation=organisation)}
    new_rows = [row for row in rows if plan.actions[row.line] == RowAction.INVITE]
    expired = Invitation.objects.filter(
        organisation=organisation, email__in=[row.email for row in new_rows], accepted_at__isnull=True
    )
    renewed = set(expired.values_list("email", flat=True))
    renewed_ids = _invitations_renew(expired)  # queued one by one, as a single invitation is
    created_ids = _invitations_create(
        organisation, [row for row in new_rows if row.email not in renewed], teams, imported_by
    )
    invitation_ids = renewed_ids + created_ids
    _invitation_teams_update(organisation, rows, plan, teams)
    moved = _members_move(rows, plan, teams)
    for membership_id, _email, _name in plan.removals:
        member_remove(membership=Membership.objects.get(pk=membership_id), removed_by=imported_by)
    _invitations_send(created_ids)
    audit.organisation_log(
        instance=organisation,
        action=audit.MEMBERS_IMPORTED,
        user=imported_by,
        organisation_id=organisation.pk,
        rows=len(rows),
        invited=len(invitation_ids),
        moved=moved,
        removed=len(plan.removals),
        teams_created=created_teams,
    )
    return ImportResult(
        invitations=invitation_ids, moved=moved, teams_created=created_teams, removed=len(plan.removals)
    )


def _teams_create(organisation: Organisation, names: list[str]) -> list[str]:
    if names:
        Team.objects.bulk_create([Team(organisation=organisation, name=name) for name in names], ignore_conflicts=True)
    return names


def _invitations_create(organisation, rows: list[RosterRow], teams: dict[str, Team], invited_by) -> list[int]:
    from organisations.delivery import GRACE
    from organisations.services import INVITATION_DAYS_VALID

    now = timezone.now()
    invitations = Invitation.objects.bulk_create(
        [
            Invitation(
                organisation=organisation,
                email=row.email,
                first_name=row.first_name,
                last_name=row.last_name,
                team=teams.get(row.team),
                invited_by=invited_by if invited_by is not None and invited_by.is_authenticated else None,
                expires_at=now + timezone.timedelta(days=INVITATION_DAYS_VALID),
                next_attempt_at=now + GRACE,
            )
            for row in rows
        ],
        batch_size=2000,
    )
    if invitations and invitations[0].pk is None:  # a database that returns no ids from a bulk insert
        return list(
            Invitation.objects.filter(
                organisation=organisation, email__in=[row.email for row in rows], accepted_at__isnull=True
            ).values_list("pk", flat=True)
        )
    return [invitation.pk for invitation in invitations]


def _invitation_teams_update(organisation, rows, plan: ImportPlan, teams: dict[str, Team]) -> None:
    """An open invitation whose row names another (existing) team: the invitee joins that team instead."""
    by_team = defaultdict(list)
    for row in rows:
        if plan.actions[row.line] == RowAction.INVITED and row.team in teams:
            by_team[teams[row.team].pk].append(row.email)
    for team_id, emails in by_team.items():
        Invitation.objects.filter(organisation=organisation, email__in=emails, accepted_at__isnull=True).exclude(
            team_id=team_id
        ).update(team_id=team_id)


def _members_move(rows, plan: ImportPlan, teams: dict[str, Team]) -> int:
    """Move members whose team changed: out of their old teams, into the new one, which hands over its open
    assignments (what they were assigned before stays, with their progress)."""
    from organisations.assignments import _people_sync

    targets = {}
    for row in rows:
        if row.line in plan.moves and row.team in teams:
            targets[plan.moves[row.line][0]] = teams[row.team]
    if not targets:
        return 0
    TeamMembership.objects.filter(membership_id__in=list(targets)).delete()
    TeamMembership.objects.bulk_create(
        [TeamMembership(team=team, membership_id=membership_id) for membership_id, team in targets.items()],
        batch_size=2000,
    )
    open_assignments = list(
        Assignment.objects.filter(
            team__in={team.pk for team in targets.values()}, due_date__gte=timezone.localdate()
        ).values_list("pk", flat=True)
    )
    if open_assignments:
        _people_sync(assignment_ids=open_assignments)
    return len(targets)


def _invitations_send(invitation_ids: list[int]) -> None:
    from organisations.delivery import enqueue_on_commit
    from organisations.tasks import invitations_send_task

    for start in range(0, len(invitation_ids), SEND_BATCH):
        enqueue_on_commit(invitations_send_task, invitation_ids[start : start + SEND_BATCH])
