"""The assignments section of "Mijn leren": what the learner's organisations asked of them, by when."""

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from courses.models import Enrollment
from organisations.models import PersonAssignment


class AssignmentStatus:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    OVERDUE = "overdue"


def learner_assignments(*, learner) -> list[PersonAssignment]:
    """One query: each assignment with the learner's latest enrollment state for its course."""
    latest = Enrollment.objects.filter(learner=learner, course_id=OuterRef("assignment__course_id")).order_by("-cycle")
    rows = list(
        PersonAssignment.objects.filter(membership__user=learner, assignment__course__live=True)
        .select_related("assignment__course", "assignment__organisation")
        .annotate(
            enrollment_status=Subquery(latest.values("status")[:1]),
            enrollment_progress=Subquery(latest.values("progress_percent")[:1]),
        )
        .order_by("assignment__due_date")
    )
    today = timezone.localdate()
    for row in rows:
        if row.enrollment_status == Enrollment.Status.COMPLETED:
            row.status = AssignmentStatus.COMPLETED
        elif row.assignment.due_date < today:
            row.status = AssignmentStatus.OVERDUE
        elif row.enrollment_progress:
            row.status = AssignmentStatus.IN_PROGRESS
        else:
            row.status = AssignmentStatus.NOT_STARTED
    return rows


def assignments_section(request, section_class):
    assignments = learner_assignments(learner=request.user)
    if not assignments:
        return None
    return section_class("organisations/dashboard/assignments.html", {"assignments": assignments})


def coordinator_section(request, section_class):
    from organisations.selectors import managed_organisations

    organisations = managed_organisations(user=request.user)
    if not organisations:
        return None
    return section_class("organisations/dashboard/coordinator.html", {"organisations": organisations})
