"""Journey 3: a coordinator imports a staff list, assigns a course to a team, reads the report and exports it."""

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from organisations.demo import SAMPLE_ROSTER
from organisations.models import Invitation, PersonAssignment
from tests.courses.factories import course_with_lessons
from tests.e2e.conftest import assert_accessible, assert_no_horizontal_scroll, log_in
from tests.factories import PASSWORD
from tests.organisations.factories import MembershipFactory, OrganisationFactory, TeamFactory, coordinator_of

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def municipality():
    organisation = OrganisationFactory(name="Gemeente Voorbeeld")
    for name in ("Wmo-loket", "Handhaving", "Publiekszaken"):
        TeamFactory(organisation=organisation, name=name)
    course_with_lessons(2, title="Herken de signalen")
    return organisation


def test_coordinator_imports_assigns_reports_and_exports(new_page, municipality):
    coordinator = coordinator_of(municipality)
    page = new_page()
    log_in(page, coordinator.user.email, PASSWORD)

    page.goto(f"/organisatie/{municipality.pk}/importeren/")
    assert_accessible(page)
    page.get_by_label("Personeelslijst (CSV)").set_input_files(str(SAMPLE_ROSTER))
    page.get_by_role("button", name="Controleer het bestand").click()
    page.get_by_text("6 nieuwe mensen worden uitgenodigd.").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Importeer en verstuur uitnodigingen").click()
    page.get_by_text("6 uitnodigingen verstuurd.").wait_for()
    assert Invitation.objects.filter(organisation=municipality).count() == 6

    member = MembershipFactory(organisation=municipality)
    municipality.teams.get(name="Wmo-loket").members.add(member)
    page.goto(f"/organisatie/{municipality.pk}/toewijzen/")
    assert_accessible(page)
    page.get_by_label("Cursus").select_option(label="Herken de signalen")
    page.get_by_label("Uiterste datum").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    page.get_by_label("Wmo-loket").check()
    page.get_by_role("button", name="Toewijzen").click()
    page.get_by_text("Cursus toegewezen.").wait_for()
    assert PersonAssignment.objects.filter(membership=member).exists()

    assert_accessible(page)  # the report
    assert page.get_by_role("cell", name="Herken de signalen").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1][2] == member.user.email


def test_coordinator_assigns_with_the_keyboard_only(new_page, municipality):
    coordinator = coordinator_of(municipality)
    MembershipFactory(organisation=municipality)
    page = new_page()
    log_in(page, coordinator.user.email, PASSWORD)
    page.goto(f"/organisatie/{municipality.pk}/toewijzen/")

    page.get_by_label("Cursus").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.type((timezone.localdate() + timedelta(days=20)).strftime("%d%m%Y"))
    page.get_by_label("Handhaving").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")

    page.get_by_text("Cursus toegewezen.").wait_for()


def test_report_and_forms_fit_a_320_pixel_phone(new_page, municipality):
    coordinator = coordinator_of(municipality)
    page = new_page(width=320, height=700)
    log_in(page, coordinator.user.email, PASSWORD)

    for path in ("", "toewijzen/", "leden/"):
        page.goto(f"/organisatie/{municipality.pk}/{path}")
        assert_no_horizontal_scroll(page)
