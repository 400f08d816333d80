"""Writes for organisations: teams, invitations and members. Assignments live in assignments.py."""

import hashlib
import logging
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.mail import mail_send, site_url
from accounts.models import User
from organisations import audit
from organisations.delivery import GRACE, MAIL_ERRORS, enqueue_on_commit, retry_at
from organisations.models import Invitation, Membership, Organisation, Team, TeamMembership
from organisations.roster import RosterRow

logger = logging.getLogger(__name__)

INVITATION_DAYS_VALID = 14
INVITATION_UNKNOWN = _("This invitation link is not valid. Ask your coordinator for a new invitation.")
INVITATION_EXPIRED = _("This invitation has expired. Ask your coordinator to send you a new one.")
INVITATION_USED = _("This invitation has already been used. Log in with your e-mail address and password.")
INVITATION_OTHER_ACCOUNT = _(
    "This invitation was sent to another e-mail address. Log out and log in with the address the invitation "
    "was sent to, or ask your coordinator to invite the address you use."
)
INVITATION_EMAIL_UNVERIFIED = _(
    "Confirm your e-mail address first: open the link in the confirmation e-mail, then this invitation again."
)
TEAM_EXISTS = _("There is already a team with this name.")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def team_create(*, organisation: Organisation, name: str, created_by=None) -> Team:
    name = name.strip()
    if Team.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ValidationError(TEAM_EXISTS)
    team = Team.objects.create(organisation=organisation, name=name)
    audit.organisation_log(instance=team, action=audit.TEAM_CREATED, user=created_by, organisation_id=organisation.pk)
    return team


def _invitation_create(*, organisation, row: RosterRow, team: Team | None, invited_by) -> Invitation:
    from organisations.tasks import invitation_send_task

    invitation = Invitation.objects.create(
        organisation=organisation,
        email=row.email,
        first_name=row.first_name,
        last_name=row.last_name,
        team=team,
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS_VALID),
        next_attempt_at=timezone.now() + GRACE,
    )
    enqueue_on_commit(invitation_send_task, invitation.pk)
    return invitation


def _invitations_renew(invitations) -> list[int]:
    """Send open invitations again with a new link and a new expiry date (the old link stops working)."""
    from organisations.tasks import invitation_send_task

    now = timezone.now()
    ids = list(invitations.values_list("pk", flat=True))
    Invitation.objects.filter(pk__in=ids).update(
        sent_at=None,
        token_hash=None,
        send_attempts=0,
        next_attempt_at=now + GRACE,
        expires_at=now + timedelta(days=INVITATION_DAYS_VALID),
    )
    for pk in ids:
        enqueue_on_commit(invitation_send_task, pk)
    return ids


@transaction.atomic
def invitation_renew(*, invitation: Invitation) -> Invitation:
    """Send an open invitation again (unsent, expired, or lost by the invitee). An accepted one is refused."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(INVITATION_USED, code="used")
    _invitations_renew(Invitation.objects.filter(pk=invitation.pk))
    invitation.refresh_from_db()
    return invitation


@transaction.atomic
def invitation_create(
    *,
    organisation: Organisation,
    email: str,
    first_name: str = "",
    last_name: str = "",
    team: Team | None = None,
    invited_by=None,
) -> Invitation | None:
    """Invite one person. Returns None when they are already a member.

    Inviting someone who has an open invitation sends it again, with a new link and expiry date: the first
    may have expired, still be waiting for the mail server, or be lost in the invitee's mailbox."""
    email = email.strip().lower()
    open_invitation = Invitation.objects.filter(organisation=organisation, email=email, accepted_at__isnull=True)
    if (
        open_invitation.exists()
        and not Membership.objects.filter(organisation=organisation, user__email=email).exists()
    ):
        return invitation_renew(invitation=open_invitation.get())
    row = RosterRow(line=0, email=email, first_name=first_name, last_name=last_name, team=team.name if team else "")
    results = _members_invite(
        organisation=organisation, rows=[row], teams={team.name: team} if team else {}, invited_by=invited_by
    )
    return results.get(row.email)


class ImportStatus:
    NEW = "new"
    INVITED = "invited"
    MEMBER = "member"
    ERROR = "error"


def roster_statuses(*, organisation: Organisation, rows: list[RosterRow]) -> dict[str, str]:
    """What importing would do per e-mail address: two queries, however many rows."""
    emails = [row.email for row in rows if row.is_valid]
    members = set(
        Membership.objects.filter(organisation=organisation, user__email__in=emails).values_list(
            "user__email", flat=True
        )
    )
    invited = set(  # an expired invitation does not count: importing again sends it anew
        Invitation.objects.filter(
            organisation=organisation, email__in=emails, accepted_at__isnull=True, expires_at__gte=timezone.now()
        ).values_list("email", flat=True)
    )
    statuses = {}
    for row in rows:
        if not row.is_valid:
            statuses[row.email] = ImportStatus.ERROR
        elif row.email in members:
            statuses[row.email] = ImportStatus.MEMBER
        elif row.email in invited:
            statuses[row.email] = ImportStatus.INVITED
        else:
            statuses[row.email] = ImportStatus.NEW
    return statuses


@transaction.atomic
def members_import(
    *, organisation: Organisation, rows: list[RosterRow], teams: dict[str, Team], invited_by=None
) -> dict[str, Invitation]:
    """Invite the new people in a checked roster. All or nothing; importing the same rows again adds nothing."""
    if any(not row.is_valid for row in rows):
        raise ValidationError(_("Fix the rows with errors first."))
    created = _members_invite(organisation=organisation, rows=rows, teams=teams, invited_by=invited_by)
    audit.organisation_log(
        instance=organisation,
        action=audit.MEMBERS_IMPORTED,
        user=invited_by,
        organisation_id=organisation.pk,
        rows=len(rows),
        invited=len(created),
    )
    return created


def _members_invite(
    *, organisation: Organisation, rows: list[RosterRow], teams: dict[str, Team], invited_by
) -> dict[str, Invitation]:
    statuses = roster_statuses(organisation=organisation, rows=rows)
    new = [row.email for row in rows if statuses[row.email] == ImportStatus.NEW]
    expired = Invitation.objects.filter(organisation=organisation, email__in=new, accepted_at__isnull=True)
    renewed = {invitation.email: invitation for invitation in expired}
    _invitations_renew(expired)
    created = {}
    for row in rows:
        if statuses[row.email] == ImportStatus.NEW:
            created[row.email] = renewed.get(row.email) or _invitation_create(
                organisation=organisation, row=row, team=teams.get(row.team), invited_by=invited_by
            )
    return created


def invitation_send(*, invitation: Invitation) -> bool:
    """Mail the invitation link once. Returns whether it was sent now.

    A mail server that fails is logged and recorded (``sent_at`` stays empty); the catch-up task tries
    again later, and the coordinator sees "wordt verstuurd" until then."""
    try:
        return _invitation_deliver(invitation)
    except MAIL_ERRORS:
        logger.exception("invitation %s not sent; the catch-up task tries again", invitation.pk)
        _invitation_send_failed(invitation)
        return False


@transaction.atomic
def _invitation_send_failed(invitation: Invitation) -> None:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    locked.send_attempts += 1
    locked.next_attempt_at = retry_at(attempts=locked.send_attempts, now=timezone.now())
    locked.save(update_fields=["send_attempts", "next_attempt_at"])


@transaction.atomic
def _invitation_deliver(invitation: Invitation) -> bool:
    """The token exists only in the mail; the database keeps its hash. A failed send rolls all of it back."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.sent_at or invitation.accepted_at or invitation.is_expired:
        return False
    token = secrets.token_urlsafe(32)
    invitation.token_hash = token_hash(token)
    invitation.sent_at = timezone.now()
    invitation.next_attempt_at = None
    invitation.save(update_fields=["token_hash", "sent_at", "next_attempt_at"])
    audit.organisation_log(
        instance=invitation,
        action=audit.INVITATION_SENT,
        user=invitation.invited_by,
        organisation_id=invitation.organisation_id,
        email=invitation.email,
    )
    link = site_url() + reverse("organisations:invitation", args=[token])
    context = {"invitation": invitation, "link": link, "days": INVITATION_DAYS_VALID}
    mail_send(
        subject=str(_("Invitation: learn to recognise the signals of human trafficking")),
        text=render_to_string("organisations/email/invitation.txt", context),
        to=[invitation.email],
    )
    return True


def invitations_send_unsent(*, now=None, limit: int = 500) -> list[int]:
    """Catch-up: queue the open, unexpired invitations whose mail has not gone out and whose next try is due.

    Each is claimed for ``GRACE`` first, so the next run does not queue it again while it waits."""
    from organisations.tasks import invitation_send_task

    now = now or timezone.now()
    due = list(
        Invitation.objects.filter(
            sent_at__isnull=True, accepted_at__isnull=True, expires_at__gt=now, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    Invitation.objects.filter(pk__in=due).update(next_attempt_at=now + GRACE)
    for pk in due:
        invitation_send_task.delay(pk)
    return due


def invitation_by_token(*, token: str) -> Invitation:
    invitation = Invitation.objects.select_related("organisation").filter(token_hash=token_hash(token)).first()
    if invitation is None:
        raise ValidationError(INVITATION_UNKNOWN, code="unknown")
    if invitation.accepted_at:
        raise ValidationError(INVITATION_USED, code="used")
    if invitation.expires_at < timezone.now():
        raise ValidationError(INVITATION_EXPIRED, code="expired")
    return invitation


def invitation_check_invitee(*, invitation: Invitation, user: User) -> None:
    """An invitation is personal: only the account with the invited address, verified, may accept it.

    Whoever holds the link is not enough: a link can be forwarded or stolen, and an account can name an
    address that it does not own until allauth has verified it."""
    if (user.email or "").casefold() != invitation.email.casefold():
        raise ValidationError(INVITATION_OTHER_ACCOUNT, code="other_account")
    if not EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists():
        raise ValidationError(INVITATION_EMAIL_UNVERIFIED, code="unverified")


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Link the invited account to the organisation (and team), and hand over the team's open assignments."""
    from organisations.assignments import assignments_apply_to_new_team_member

    invitation_check_invitee(invitation=invitation, user=user)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(INVITATION_USED, code="used")
    if invitation.expires_at < timezone.now():
        raise ValidationError(INVITATION_EXPIRED, code="expired")
    membership, _created = Membership.objects.get_or_create(organisation=invitation.organisation, user=user)
    if invitation.team_id:
        team_member_add(team=invitation.team, membership=membership, added_by=user)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit.organisation_log(
        instance=invitation,
        action=audit.INVITATION_ACCEPTED,
        user=user,
        organisation_id=invitation.organisation_id,
        email=invitation.email,
    )
    assignments_apply_to_new_team_member(membership=membership)
    return membership


@transaction.atomic
def user_create_from_invitation(*, invitation: Invitation, first_name: str, last_name: str, password: str) -> User:
    """The invitation mail proves the address, so the new account's e-mail counts as verified."""
    user = User.objects.create_user(
        email=invitation.email, password=password, first_name=first_name, last_name=last_name
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@transaction.atomic
def team_member_add(*, team: Team, membership: Membership, added_by=None) -> None:
    from organisations.assignments import assignments_apply_to_new_team_member

    _link, created = TeamMembership.objects.get_or_create(team=team, membership=membership)
    if created:
        assignments_apply_to_new_team_member(membership=membership)
        audit.organisation_log(
            instance=membership,
            action=audit.TEAM_MEMBER_ADDED,
            user=added_by,
            organisation_id=team.organisation_id,
            title=membership.user.email,
            team=team.name,
        )
