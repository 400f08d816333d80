"""Journey: a coordinator sets the organisation's own reporting routes; a member and a pupil find their routes."""

import pytest

from organisations.models import Organisation, ReportingContact
from tests.classrooms.factories import pupil_client_login, pupil_make, school_class_make
from tests.e2e.conftest import assert_accessible, assert_no_horizontal_scroll, log_in, page_logged_in
from tests.factories import PASSWORD
from tests.organisations.factories import MembershipFactory, OrganisationFactory, coordinator_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _local_routes_provider(settings):
    """Until ``REPORTING_LOCAL_ROUTES`` is in base.py, the test puts it where it will go."""
    if not getattr(settings, "REPORTING_LOCAL_ROUTES", ""):
        settings.REPORTING_LOCAL_ROUTES = "organisations.contacts.local_routes"


def test_a_coordinator_sets_a_contact_that_members_then_find(new_page, client, live_server):
    school = OrganisationFactory(name="Het Aadorp College", kind=Organisation.Kind.SCHOOL)
    coordinator = coordinator_of(school)
    page = new_page()
    log_in(page, coordinator.user.email, PASSWORD)

    page.goto(f"/organisatie/{school.pk}/meldroutes/")
    assert_accessible(page)
    officer = page.get_by_role("group", name="Aandachtsfunctionaris mensenhandel")
    officer.get_by_label("Naam").fill("Anna Aandacht")
    officer.get_by_label("Telefoonnummer").fill("12345")
    officer.get_by_label("Website").fill("http://www.aadorp.example")
    page.get_by_role("button", name="Meldroutes opslaan").click()
    page.get_by_text("Nog niet opgeslagen").wait_for()
    assert officer.get_by_label("Naam").input_value() == "Anna Aandacht"
    assert officer.get_by_label("Telefoonnummer").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    assert not ReportingContact.objects.exists()

    officer.get_by_label("Telefoonnummer").fill("020-123 45 67")
    officer.get_by_label("Website").fill("www.aadorp.example")
    pupils = page.get_by_role("group", name="Aanspreekpunt voor leerlingen")
    pupils.get_by_label("Naam").fill("Mevrouw Zorg, vertrouwenspersoon")
    pupils.get_by_label("Telefoonnummer").fill("06-12345678")
    page.get_by_role("button", name="Meldroutes opslaan").click()
    page.get_by_text("De meldroutes zijn opgeslagen.").wait_for()

    teacher = MembershipFactory(organisation=school)
    phone = new_page(width=320, height=640)
    log_in(phone, teacher.user.email, PASSWORD)
    phone.goto("/waar-meld-ik/")
    phone.get_by_role("heading", name="In uw eigen organisatie").wait_for()
    assert phone.get_by_text("Anna Aandacht").is_visible()
    assert_no_horizontal_scroll(phone)
    assert_accessible(phone)

    school_class = school_class_make(teacher=teacher.user, organisation=school)
    pupil_client_login(client, pupil_make(school_class, nickname="Vos"))
    pupil_phone = page_logged_in(new_page, client, live_server, width=320, height=640)
    pupil_phone.goto("/klas/hulp/")
    pupil_phone.get_by_role("heading", name="Bij jou op school").wait_for()
    assert pupil_phone.get_by_text("Mevrouw Zorg, vertrouwenspersoon").is_visible()
    assert pupil_phone.get_by_text("Anna Aandacht").count() == 0
    assert pupil_phone.get_by_role("link", name="0800-0432").is_visible()
    assert_no_horizontal_scroll(pupil_phone)
    assert_accessible(pupil_phone)
