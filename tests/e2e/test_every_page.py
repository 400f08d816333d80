"""Every page of every role, with the real courses and the demo accounts: reached by clicking where a person would,
readable by a screen reader (axe-core: no serious or critical violations), no errors in the console and nothing
that scrolls sideways on a 320 px phone.

The same tour renders the screenshots in docs/screenshots/ (`make screenshots` sets SIGNAAL_SCREENSHOTS).
"""

import io
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from classrooms.demo import DEMO_JOIN_CODE
from classrooms.models import SchoolClass
from courses.models import CoursePage, LessonPage
from elearning.demo import DEMO_PASSWORD, STAFF_COURSE_SLUG
from organisations.models import Organisation
from tests.e2e.conftest import assert_accessible, assert_no_horizontal_scroll, log_in
from tests.factories import mfa_enable

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(os.environ["SIGNAAL_SCREENSHOTS"]) if os.environ.get("SIGNAAL_SCREENSHOTS") else None
PHONE = {"width": 320, "height": 720}


@pytest.fixture
def demo():
    call_command("load_demo_data", stdout=io.StringIO())


class Tour:
    """One person's device: every stop is checked the same way, and photographed when screenshots are asked for."""

    def __init__(self, page, role: str):
        self.page = page
        self.role = role
        self.errors: list[str] = []
        page.on(
            "console", lambda message: message.type == "error" and self.errors.append(f"{page.url}: {message.text}")
        )
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        page.on(
            "response",
            lambda response: response.status >= 400 and self.errors.append(f"{response.status} {response.url}"),
        )

    def stop(self, name: str, path: str | None = None, *, photo: bool = False) -> None:
        """Check the page at ``path`` (or the one the browser is on); ``photo`` marks a role's main pages."""
        page = self.page
        if path is not None:
            response = page.goto(path)
            assert response.status == 200, f"{self.role}/{name}: {path} answered {response.status}"
        page.wait_for_load_state("networkidle")
        assert page.get_by_role("heading", level=1).count() >= 1, f"{page.url} has no page heading"
        assert_accessible(page)
        photo = photo and SCREENSHOTS
        if photo:
            self._photograph(name, 1280)
        page.set_viewport_size(PHONE)
        assert_no_horizontal_scroll(page)
        if photo:
            page.set_viewport_size({"width": 375, "height": 812})
            self._photograph(name, 375)
        page.set_viewport_size({"width": 1280, "height": 900})
        assert not self.errors, "console errors:\n" + "\n".join(self.errors)

    def _photograph(self, name: str, width: int) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", f"{self.role}-{name}".lower()).strip("-")
        self.page.screenshot(path=str(SCREENSHOTS / f"{slug}-{width}.png"))


def test_a_visitor_finds_the_courses_the_routes_and_the_certificate_check(new_page, demo):
    tour = Tour(new_page(), "bezoeker")
    tour.stop("home", "/", photo=True)
    tour.page.get_by_role("link", name="Cursussen", exact=True).first.click()
    tour.stop("catalogus", photo=True)
    tour.page.get_by_role("main").get_by_role("link", name=re.compile("Herken de signalen")).first.click()
    tour.stop("cursus")
    tour.stop("waar-meld-ik", "/waar-meld-ik/", photo=True)
    tour.stop("certificaat-controleren", "/certificaten/controleren/", photo=True)
    tour.stop("inloggen", "/accounts/login/")
    tour.stop("wachtwoord-vergeten", "/accounts/password/reset/")
    tour.stop("stijlgids", "/stijlgids/")
    tour.page.get_by_role("contentinfo").get_by_role("link", name="Privacyverklaring").click()
    tour.stop("privacyverklaring")
    tour.page.get_by_role("contentinfo").get_by_role("link", name="Toegankelijkheidsverklaring").click()
    tour.stop("toegankelijkheidsverklaring")


def test_a_pupil_joins_from_the_home_page_and_walks_every_lesson(new_page, demo):
    tour = Tour(new_page(width=375, height=812), "leerling")
    page = tour.page
    page.goto("/")
    page.get_by_role("main").get_by_role("link", name="Doe mee met je klas").first.click()
    tour.stop("meedoen")
    page.get_by_label("Klascode").fill(DEMO_JOIN_CODE)
    page.get_by_label("Bijnaam").fill("Stille Uil")
    page.get_by_role("button", name="Doe mee").click()
    tour.stop("welkom")
    page.get_by_role("link", name="Naar mijn lessen").click()
    tour.stop("mijn-lessen", photo=True)

    school_class = SchoolClass.objects.get(join_code=DEMO_JOIN_CODE)
    for course in CoursePage.objects.filter(for_pupils=True, pk__in=school_class.courses.values("pk")):
        for number, lesson in enumerate(LessonPage.objects.child_of(course).live().order_by("path"), start=1):
            tour.stop(f"{course.slug}-les-{number}", lesson.url, photo=number == 1)
    tour.stop("hulp", "/klas/hulp/")


def test_a_staff_member_walks_the_assigned_course_and_their_account(new_page, demo):
    staff_member = User.objects.get(email="medewerker@signaal.example")
    tour = Tour(new_page(), "medewerker")
    page = tour.page
    log_in(page, staff_member.email, DEMO_PASSWORD)
    tour.stop("mijn-leren", photo=True)

    course = CoursePage.objects.get(slug=STAFF_COURSE_SLUG)
    tour.stop("cursus", course.url)
    for number, lesson in enumerate(LessonPage.objects.child_of(course).live().order_by("path"), start=1):
        tour.stop(f"les-{number}", lesson.url, photo=number == 2)
    tour.stop("certificaten", "/certificaten/")
    tour.stop("e-mailadressen", "/accounts/email/")
    tour.stop("wachtwoord", "/accounts/password/change/")
    tour.stop("tweestapsverificatie", "/accounts/2fa/")
    page.get_by_role("contentinfo").get_by_role("link", name="Mijn gegevens").click()
    tour.stop("mijn-gegevens")
    tour.stop("account-verwijderen", "/mijn-gegevens/account-verwijderen/")
    tour.stop("agenda", "/organisatie/agenda/")


def test_a_teacher_runs_the_demo_class(new_page, demo):
    teacher = User.objects.get(email="docent@signaal.example")
    school_class = SchoolClass.objects.get(join_code=DEMO_JOIN_CODE)
    tour = Tour(new_page(), "docent")
    page = tour.page
    log_in(page, teacher.email, DEMO_PASSWORD)
    tour.stop("mijn-leren")
    page.get_by_role("link", name="Naar mijn klassen").click()
    tour.stop("klassen")
    page.get_by_role("link", name=school_class.name).first.click()
    tour.stop("klas", photo=True)
    tour.stop("voortgang", f"/klas/{school_class.pk}/voortgang/")
    tour.stop("klaskaart", f"/klas/{school_class.pk}/kaart/")
    tour.stop("codestrookjes", f"/klas/{school_class.pk}/codestrookjes/")
    lesson = LessonPage.objects.live().filter(path__startswith=school_class.courses.first().path).last()
    tour.stop("digibord", photo=True, path=f"/klas/{school_class.pk}/les/{lesson.pk}/projector/")


def test_a_coordinator_runs_the_organisation(new_page, demo):
    coordinator = User.objects.get(email="coordinator@signaal.example")
    mfa_enable(coordinator)
    organisation = Organisation.objects.get(memberships__user=coordinator)
    tour = Tour(new_page(), "coordinator")
    page = tour.page
    log_in(page, coordinator.email, DEMO_PASSWORD)
    tour.stop("mijn-leren")
    page.get_by_role("link", name="Rapportage").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    for name, suffix in [
        ("rapportage", ""),
        ("leden", "leden/"),
        ("teams", "teams/"),
        ("importeren", "importeren/"),
        ("toewijzen", "toewijzen/"),
        ("logboek", "logboek/"),
        ("meldroutes", "meldroutes/"),
        ("oud-leden", "oud-leden/"),
    ]:
        tour.stop(name, f"/organisatie/{organisation.pk}/{suffix}", photo=name in ("rapportage", "leden"))
    page.goto(f"/organisatie/{organisation.pk}/leden/")
    page.get_by_role("main").get_by_role("link", name=re.compile("Medewerker")).first.click()
    tour.stop("persoon", photo=True)
