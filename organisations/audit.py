"""The audit trail of what coordinators and admins do to an organisation, in Wagtail's audit log.

Every entry names its organisation in ``data["organisation"]``: the coordinators' trail page reads them by
that key (``selectors.organisation_audit_entries``), and admins read them all in Wagtail's "Logs" report.
Entries say what was done, by whom, and to which adult; never anything about pupils.
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log

from organisations.models import Membership

INVITATION_SENT = "signaal.organisations.invitation_sent"
INVITATION_ACCEPTED = "signaal.organisations.invitation_accepted"
MEMBERS_IMPORTED = "signaal.organisations.members_imported"
ASSIGNMENT_CREATED = "signaal.organisations.assignment_created"
RESULTS_EXPORTED = "signaal.organisations.results_exported"
TEAM_CREATED = "signaal.organisations.team_created"
TEAM_MEMBER_ADDED = "signaal.organisations.team_member_added"
ROLE_CHANGED = "signaal.organisations.role_changed"
MEMBER_ADDED = "signaal.organisations.member_added"
MEMBER_REMOVED = "signaal.organisations.member_removed"
TEAM_MEMBER_REMOVED = "signaal.organisations.team_member_removed"
INVITATION_REVOKED = "signaal.organisations.invitation_revoked"
FORMER_MEMBERS_DELETED = "signaal.organisations.former_members_deleted"
REMINDERS_SENT = "signaal.organisations.reminders_sent"
RETENTION_CHANGED = "signaal.organisations.retention_changed"


class DataFormatter(LogFormatter):
    """The label, or ``detail`` filled in from the entry's data when the data has what it names."""

    detail = ""

    def format_message(self, log_entry):
        try:
            return self.detail % self.values(log_entry.data) if self.detail else self.label
        except (KeyError, TypeError, ValueError):
            return self.label

    def values(self, data: dict) -> dict:
        return data


class RoleFormatter(DataFormatter):
    def values(self, data: dict) -> dict:
        return {**data, "old": Membership.Role(data["old"]).label, "new": Membership.Role(data["new"]).label}


class DueDateFormatter(DataFormatter):
    """The due date as the reader's language writes a date, not as stored (ISO)."""

    def values(self, data: dict) -> dict:
        return {**data, "due_date": date_format(datetime.date.fromisoformat(data["due_date"]))}


def formatter(label, detail="", base=DataFormatter) -> type[LogFormatter]:
    return type("Formatter", (base,), {"label": label, "detail": detail})


ACTIONS = {
    INVITATION_SENT: formatter(_("Invitation sent")),
    INVITATION_ACCEPTED: formatter(_("Invitation accepted")),
    MEMBERS_IMPORTED: formatter(
        _("Staff list imported"), _("Staff list imported: %(invited)s of %(rows)s people invited")
    ),
    ASSIGNMENT_CREATED: formatter(_("Course assigned"), _("Course assigned, due %(due_date)s"), DueDateFormatter),
    RESULTS_EXPORTED: formatter(_("Results exported"), _("Results exported (%(format)s)")),
    TEAM_CREATED: formatter(_("Team created")),
    TEAM_MEMBER_ADDED: formatter(_("Added to a team"), _("Added to team %(team)s")),
    ROLE_CHANGED: formatter(_("Role changed"), _("Role changed from %(old)s to %(new)s"), RoleFormatter),
    MEMBER_ADDED: formatter(_("Member added")),
    MEMBER_REMOVED: formatter(_("Member removed")),
    TEAM_MEMBER_REMOVED: formatter(_("Removed from a team"), _("Removed from team %(team)s")),
    INVITATION_REVOKED: formatter(_("Invitation revoked")),
    FORMER_MEMBERS_DELETED: formatter(
        _("Former members' records deleted"), _("Records of %(count)s former members deleted (retention period)")
    ),
    RETENTION_CHANGED: formatter(
        _("Retention period changed"), _("Removed members' records kept %(new)s months (was %(old)s)")
    ),
    REMINDERS_SENT: formatter(_("Reminders sent"), _("Reminders sent to %(count)s overdue people")),
}


def organisation_log(*, instance, action: str, user, organisation_id: int | None, title: str = "", **data):
    """One entry about ``instance`` in the organisation's trail; ``user`` did it (None: the system did)."""
    return log(
        instance=instance,
        action=action,
        user=user if user is not None and user.is_authenticated else None,
        title=title or None,
        data={"organisation": organisation_id, **data},
    )


def memberships_admin_log(*, organisation, user, formset, old_roles: dict) -> None:
    """Members added, removed or given another role in the admin's membership list, after it saved."""
    for membership in formset.new_objects:
        organisation_log(
            instance=membership,
            action=MEMBER_ADDED,
            user=user,
            organisation_id=organisation.pk,
            title=membership.user.email,
            role=membership.role,
        )
    for membership, fields in formset.changed_objects:
        if "role" in fields and old_roles.get(membership.pk) != membership.role:
            organisation_log(
                instance=membership,
                action=ROLE_CHANGED,
                user=user,
                organisation_id=organisation.pk,
                title=membership.user.email,
                old=old_roles.get(membership.pk),
                new=membership.role,
            )
    for membership in formset.deleted_objects:
        # The row is gone (its pk is None now): the entry is about the organisation, titled with the address.
        organisation_log(
            instance=organisation,
            action=MEMBER_REMOVED,
            user=user,
            organisation_id=organisation.pk,
            title=membership.user.email,
            email=membership.user.email,
            role=membership.role,
        )
