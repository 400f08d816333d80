""" "Mijn leren": a page made of sections that apps contribute. Adding a section is one line here."""

from collections.abc import Callable
from dataclasses import dataclass, field


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


def dashboard_sections(request) -> list[DashboardSection]:
    sections = (provider(request, DashboardSection) for provider in _sections())
    return [section for section in sections if section is not None]
