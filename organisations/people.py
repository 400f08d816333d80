"""Reads for the coordinator's people pages: the member list (search, filters, sorting, pages) and one person.

Everything is computed in the database per page: the list costs the same handful of queries for 10 or 10,000
members, and so does a person's page, whatever their number of assignments.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Lower
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from courses.models import Enrollment
from organisations.assignments import completed_enrollment
from organisations.models import Invitation, Membership, Organisation, PersonAssignment
from organisations.selectors import organisation_members

PAGE_SIZE = 50


class PersonStatus:
    """A member's state over the organisation's assignments to them."""

    DONE = "done"
    OPEN = "open"
    NONE = "none"

    CHOICES = [(DONE, _("Everything completed")), (OPEN, _("Something still open")), (NONE, _("Nothing assigned"))]


SORTS = {
    "name": ("user_last_lower", "user_first_lower", "user__email"),
    "-name": ("-user_last_lower", "-user_first_lower", "-user__email"),
    "email": ("user__email",),
    "-email": ("-user__email",),
    "role": ("role", "user_last_lower"),
    "activity": ("last_activity", "user_last_lower"),
    "-activity": ("-last_activity", "user_last_lower"),
    "progress": ("completed_count", "user_last_lower"),
    "-progress": ("-completed_count", "user_last_lower"),
}
SORT_CHOICES = [
    ("name", _("Name (A–Z)")),
    ("-name", _("Name (Z–A)")),
    ("email", _("E-mail address")),
    ("role", _("Role")),
    ("-activity", _("Recent activity first")),
    ("activity", _("Oldest activity first")),
    ("-progress", _("Most completed")),
    ("progress", _("Fewest completed")),
]


def _count(queryset) -> Subquery:
    """A correlated COUNT(*) as an integer column (0 when there is nothing)."""
    return Coalesce(
        Subquery(queryset.order_by().values("membership").annotate(n=Count("pk")).values("n")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


def _assigned_courses(membership_ref) -> Subquery:
    return PersonAssignment.objects.filter(membership_id=membership_ref).values("assignment__course_id")


def members_for_list(
    *,
    organisation: Organisation,
    search: str = "",
    team=None,
    role: str = "",
    status: str = "",
    overdue: bool = False,
    sort: str = "name",
    today: date | None = None,
):
    """The members of ``organisation`` with, per row, assignments, completed ones, overdue ones and the last
    activity in the organisation's courses. A queryset: the view pages it."""
    today = today or timezone.localdate()
    shares = PersonAssignment.objects.filter(membership_id=OuterRef("pk")).annotate(
        done=completed_enrollment("membership__user_id", "assignment__course_id")
    )
    last_activity = (
        Enrollment.objects.filter(
            learner_id=OuterRef("user_id"), course_id__in=_assigned_courses(OuterRef(OuterRef("pk")))
        )
        .order_by("-updated_at")
        .values("updated_at")[:1]
    )
    members = organisation_members(organisation=organisation).annotate(
        assigned_count=_count(shares),
        completed_count=_count(shares.filter(done=True)),
        overdue_count=_count(shares.filter(done=False, assignment__due_date__lt=today)),
        last_activity=Subquery(last_activity),
        user_last_lower=Lower("user__last_name"),
        user_first_lower=Lower("user__first_name"),
    )
    if search:
        for word in search.split()[:5]:
            members = members.filter(
                Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
                | Q(user__email__icontains=word)
            )
    if team is not None:
        members = members.filter(teammembership__team=team)
    if role:
        members = members.filter(role=role)
    if status == PersonStatus.NONE:
        members = members.filter(assigned_count=0)
    elif status == PersonStatus.DONE:
        members = members.filter(assigned_count__gt=0, completed_count=F("assigned_count"))
    elif status == PersonStatus.OPEN:
        members = members.filter(assigned_count__gt=F("completed_count"))
    if overdue:
        members = members.filter(Exists(shares.filter(done=False, assignment__due_date__lt=today)))
    return members.order_by(*SORTS.get(sort, SORTS["name"]), "pk")


@dataclass
class PersonAssignmentRow:
    course: str
    course_id: int
    team: str
    due_date: date
    status: str
    progress: int
    completed_at: object
    last_activity: object


ROW_STATUSES = {"completed": _("Completed"), "open": _("Open"), "overdue": _("Overdue")}


def member_of(*, organisation: Organisation, membership_id: int) -> Membership:
    """One member of ``organisation`` (404 for anyone else's)."""
    return get_object_or_404(
        Membership.objects.select_related("user").prefetch_related("teams"),
        organisation=organisation,
        pk=membership_id,
    )


def person_assignments(*, membership: Membership, today: date | None = None) -> list[PersonAssignmentRow]:
    """The organisation's assignments to this person with their latest enrollment: one query."""
    today = today or timezone.localdate()
    latest = Enrollment.objects.filter(
        learner_id=membership.user_id, course_id=OuterRef("assignment__course_id")
    ).order_by("-cycle")
    rows = (
        PersonAssignment.objects.filter(membership=membership)
        .select_related("assignment__course", "assignment__team")
        .annotate(
            enrollment_status=Subquery(latest.values("status")[:1]),
            enrollment_progress=Subquery(latest.values("progress_percent")[:1]),
            enrollment_completed_at=Subquery(latest.values("completed_at")[:1]),
            enrollment_updated_at=Subquery(latest.values("updated_at")[:1]),
        )
        .order_by("assignment__due_date", "pk")
    )
    result = []
    for row in rows:
        done = row.enrollment_status == Enrollment.Status.COMPLETED
        status = "completed" if done else ("overdue" if row.assignment.due_date < today else "open")
        result.append(
            PersonAssignmentRow(
                course=row.assignment.course.title,
                course_id=row.assignment.course_id,
                team=row.assignment.team.name if row.assignment.team_id else "",
                due_date=row.assignment.due_date,
                status=status,
                progress=100 if done else (row.enrollment_progress or 0),
                completed_at=row.enrollment_completed_at,
                last_activity=row.enrollment_updated_at,
            )
        )
    return result


def person_certificates(*, membership: Membership) -> list[Certificate]:
    """The person's certificates for the courses this organisation assigned to them (not their other learning)."""
    return list(
        Certificate.objects.filter(
            learner_id=membership.user_id,
            enrollment__course_id__in=_assigned_courses(membership.pk),
        ).order_by("-issued_at")
    )


def open_invitations(*, organisation):
    """Invitations not accepted yet, newest first (expired ones too: they can be sent again)."""
    return Invitation.objects.filter(organisation=organisation, accepted_at__isnull=True).order_by("-created_at", "-pk")
