""" "Mijn leren": a page made of sections that apps contribute. Adding a section is one line here."""

from collections.abc import Callable
from dataclasses import dataclass, field

ASSIGNMENTS_TEMPLATE = "organisations/dashboard/assignments.html"
IN_PROGRESS_TEMPLATE = "courses/dashboard/in_progress.html"


@dataclass
class DashboardSection:
    template_name: str
    context: dict = field(default_factory=dict)


def _sections() -> list[Callable]:
    from certificates.dashboard import certificates_section
    from classrooms.dashboard import classes_section
    from courses.dashboard import completed_courses_section, courses_in_progress_section
    from organisations.dashboard import assignments_section, coordinator_section

    return [
        coordinator_section,
        assignments_section,
        courses_in_progress_section,
        completed_courses_section,
        certificates_section,
        classes_section,
    ]


def _without_assigned_courses(sections: list[DashboardSection]) -> list[DashboardSection]:
    """A course that was assigned shows once, as the assignment (with its due date), not again "in progress".

    The apps do not know each other (courses sits below organisations), so the page that composes them decides.
    """
    by_template = {section.template_name: section for section in sections}
    assignments = by_template.get(ASSIGNMENTS_TEMPLATE)
    in_progress = by_template.get(IN_PROGRESS_TEMPLATE)
    if assignments is None or in_progress is None:
        return sections
    assigned = {row.assignment.course_id for row in assignments.context["assignments"]}
    remaining = [e for e in in_progress.context["enrollments"] if e.course_id not in assigned]
    if remaining:
        in_progress.context["enrollments"] = remaining
        return sections
    # Everything in progress is an assignment: the section would only say "no courses in progress" beside it.
    return [section for section in sections if section is not in_progress]


def dashboard_sections(request) -> list[DashboardSection]:
    sections = (provider(request, DashboardSection) for provider in _sections())
    return _without_assigned_courses([section for section in sections if section is not None])
