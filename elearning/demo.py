"""Demo data for a newcomer's first look: one account per role. Loading it twice changes nothing."""

from dataclasses import dataclass

from accounts.services import user_create_verified
from courses.demo import demo_course_load
from h5p.demo import demo_activities_load
from quizzes.demo import demo_quizzes_load

DEMO_PASSWORD = "signaal-demo"


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


def demo_content_load():
    """Demo quizzes and H5P activities, and a small course that shows every kind of lesson block."""
    quizzes = demo_quizzes_load()
    activities = demo_activities_load()
    quiz = next(iter(quizzes.values()), None)
    activity = next(iter(activities.values()), None)
    return demo_course_load(quiz=quiz, h5p_activity=activity)
