"""Demo data for a newcomer's first look: one account per role, an organisation and a class.

The courses, the demo course and its quizzes are content files (``content/``), loaded by ``load_courses``
before this runs. The accounts stay code: they are people, not content, and each goes through a service.
Loading it twice changes nothing (every step finds what it made before).
"""

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from accounts.models import User
from accounts.services import user_create_verified
from classrooms.demo import demo_classroom_load
from courses.models import CoursePage
from organisations.assignments import assignment_create
from organisations.demo import demo_organisation_load

DEMO_PASSWORD = "signaal-demo"
DEMO_COURSES = Path(__file__).resolve().parent.parent / "content" / "demo" / "courses"
DEMO_COURSE_SLUG = "kennismaken-met-signaal"
STAFF_COURSE_SLUG = "herken-de-signalen"


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    first_name: str
    last_name: str
    is_superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("editor / admin", "redacteur@signaal.example", "Eva", "de Redacteur", is_superuser=True),
    DemoAccount("coordinator", "coordinator@signaal.example", "Cor", "Dinator"),
    DemoAccount("municipal staff member", "medewerker@signaal.example", "Mo", "Medewerker"),
    DemoAccount("teacher", "docent@signaal.example", "Dirk", "Docent"),
]


@dataclass
class DemoSummary:
    accounts: list[tuple[DemoAccount, bool]]
    demo_course: CoursePage
    class_code: str


def demo_accounts_load() -> list[tuple[DemoAccount, bool]]:
    return [
        (
            account,
            user_create_verified(
                email=account.email,
                password=DEMO_PASSWORD,
                first_name=account.first_name,
                last_name=account.last_name,
                is_superuser=account.is_superuser,
            )[1],
        )
        for account in DEMO_ACCOUNTS
    ]


def demo_load() -> DemoSummary:
    """Accounts, organisation, assignment and class; the courses must be loaded first (``load_demo_data``)."""
    accounts = demo_accounts_load()
    users = {account.role: User.objects.get(email=account.email) for account, _created in accounts}
    demo_course = CoursePage.objects.get(slug=DEMO_COURSE_SLUG)
    organisation = demo_organisation_load(
        coordinator=users["coordinator"], staff_member=users["municipal staff member"]
    )
    staff_course = CoursePage.objects.live().filter(slug=STAFF_COURSE_SLUG).first() or demo_course
    assignment_create(
        organisation=organisation,
        course=staff_course,
        due_date=timezone.localdate() + timedelta(days=30),
        teams=[organisation.teams.get(name="Wmo-loket")],
    )
    school_class = demo_classroom_load(
        teacher=users["teacher"], courses=list(CoursePage.objects.live().filter(for_pupils=True))
    )
    return DemoSummary(accounts=accounts, demo_course=demo_course, class_code=school_class.join_code)
