"""Journey: a coordinator searches the member list, opens a person and removes them after the confirmation page;
the pages pass axe and fit a phone."""

import pytest

from organisations.models import FormerMember, Membership
from tests.e2e.conftest import assert_accessible, assert_no_horizontal_scroll, log_in
from tests.factories import PASSWORD
from tests.organisations.factories import MembershipFactory, OrganisationFactory, TeamFactory, coordinator_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def municipality():
    organisation = OrganisationFactory(name="Gemeente Voorbeeld")
    team = TeamFactory(organisation=organisation, name="Wmo-loket")
    for first, last in (("Anna", "Jansen"), ("Bram", "Bakker"), ("Cor", "Visser")):
        member = MembershipFactory(organisation=organisation, user__first_name=first, user__last_name=last)
        team.members.add(member)
    return organisation


def test_coordinator_finds_a_person_and_removes_them_after_confirming(new_page, municipality):
    coordinator = coordinator_of(municipality)
    page = new_page()
    log_in(page, coordinator.user.email, PASSWORD)

    page.goto(f"/organisatie/{municipality.pk}/leden/")
    assert_accessible(page)
    page.get_by_label("Zoeken op naam of e-mailadres").fill("bakker")
    page.get_by_role("button", name="Tonen").click()
    page.get_by_text("1 persoon").wait_for()
    assert page.get_by_role("link", name="Anna Jansen").count() == 0

    page.get_by_role("link", name="Bram Bakker").click()
    page.get_by_role("heading", name="Bram Bakker").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Verwijderen…").click()

    page.get_by_role("heading", name="Bram Bakker verwijderen uit Gemeente Voorbeeld?").wait_for()
    assert page.get_by_text("Wat van de persoon zelf blijft").is_visible()
    assert_accessible(page)
    assert Membership.objects.filter(user__last_name="Bakker").exists()  # the page itself changes nothing
    page.get_by_role("button", name="Ja, verwijder uit de organisatie").click()

    page.get_by_text("Bram Bakker is uit de organisatie verwijderd.").wait_for()
    assert not Membership.objects.filter(user__last_name="Bakker").exists()
    assert FormerMember.objects.filter(name="Bram Bakker").exists()
    assert page.get_by_role("link", name="Bram Bakker").count() == 0


def test_the_people_pages_fit_a_320_pixel_phone(new_page, municipality):
    coordinator = coordinator_of(municipality)
    person = Membership.objects.filter(organisation=municipality, user__first_name="Anna").get()
    page = new_page(width=320, height=700)
    log_in(page, coordinator.user.email, PASSWORD)

    for path in ("leden/", f"leden/{person.pk}/", f"leden/{person.pk}/verwijderen/", "oud-leden/"):
        page.goto(f"/organisatie/{municipality.pk}/{path}")
        assert_no_horizontal_scroll(page)


def test_the_report_with_filters_and_reminders_and_the_calendar_page_pass_axe_on_a_phone(new_page, municipality):
    from datetime import timedelta

    from django.utils import timezone

    from organisations.assignments import assignment_create
    from organisations.models import Assignment, Team
    from tests.courses.factories import course_with_lessons

    course = course_with_lessons(1, title="Herken de signalen")
    assignment_create(
        organisation=municipality,
        course=course,
        due_date=timezone.localdate() + timedelta(days=3),
        teams=[Team.objects.get(organisation=municipality)],
    )
    Assignment.objects.update(due_date=timezone.localdate() - timedelta(days=1))  # everyone overdue
    coordinator = coordinator_of(municipality)
    page = new_page(width=320, height=700)
    log_in(page, coordinator.user.email, PASSWORD)

    page.goto(f"/organisatie/{municipality.pk}/")
    page.get_by_role("button", name="Stuur nu een herinnering").wait_for()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Stuur nu een herinnering").click()
    page.get_by_text("Herinnering verstuurd aan 3 mensen.").wait_for()

    page.goto("/organisatie/agenda/")
    page.get_by_role("button", name="Mijn agendalink maken").click()
    assert page.get_by_label("Agendalink").input_value().endswith(".ics")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
