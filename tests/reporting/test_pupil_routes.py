"""Pupils get the pupils' routes, in "je", with their own school's contact for pupils when it set one."""

import re

import pytest
from django.urls import reverse

from organisations.models import Organisation
from tests.classrooms.factories import pupil_client_login, pupil_make, school_class_make
from tests.content.course_rules import PUPIL_FORBIDDEN, ROUTE_NUMBERS, ROUTE_SITES
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from tests.reporting.helpers import OFFICER_A, PUPIL_CONTACT, officer_set, pupil_contact_set

pytestmark = pytest.mark.django_db

PUPIL_ROUTES = ["0800-0432", "0800-2000", "0800-0188", "helpwanted.nl", "0800-0113", "112", "die je vertrouwt"]
AFTER_TELLING = "Wat gebeurt er als je het aan een volwassene vertelt?"


@pytest.fixture
def school():
    return OrganisationFactory(name="Het Aadorp College", kind=Organisation.Kind.SCHOOL)


def _pupil_of(school, client):
    teacher = MembershipFactory(organisation=school).user
    school_class = school_class_make(teacher=teacher, organisation=school)
    return pupil_client_login(client, pupil_make(school_class))


def _main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("page", ["/waar-meld-ik/", reverse("classrooms:help")])
def test_a_pupil_gets_every_pupil_route_and_what_happens_after_telling(client, school, page):
    _pupil_of(school, client)

    html = _main(client.get(page).content.decode())

    for route in PUPIL_ROUTES:
        assert route in html, route
    assert AFTER_TELLING in html
    assert 'href="/waar-meld-ik/signaalkaart/jongeren/"' in html


@pytest.mark.parametrize("page", ["/waar-meld-ik/", reverse("classrooms:help")])
def test_a_pupil_reads_no_professional_routes_or_voice(client, school, page):
    _pupil_of(school, client)

    text = re.sub(r"<[^>]+>", " ", _main(client.get(page).content.decode()))

    assert "Meld Misdaad Anoniem" not in text and "CoMensha" not in text and "0900-8844" not in text
    assert not PUPIL_FORBIDDEN.search(text), PUPIL_FORBIDDEN.search(text)


def test_every_number_and_site_a_pupil_is_given_is_one_of_the_checked_routes(client, school):
    _pupil_of(school, client)

    html = _main(client.get("/waar-meld-ik/").content.decode())

    numbers = set(re.findall(r'href="tel:([^"]+)"', html))
    assert numbers <= {number.replace("-", "").replace(" ", "") for number in ROUTE_NUMBERS}
    sites = {site.removeprefix("www.") for site in re.findall(r'class="route__web">([^<]+)<', html)}
    assert "helpwanted.nl" in sites and sites <= ROUTE_SITES
    assert 'href="http' not in html  # the sites as text: pupil pages link to no other site


def test_a_pupil_sees_their_schools_contact_for_pupils_and_not_its_staff_contacts(client, school):
    pupil_contact_set(school)
    officer_set(school, OFFICER_A)
    _pupil_of(school, client)

    for page in ("/waar-meld-ik/", reverse("classrooms:help")):
        html = client.get(page).content.decode()
        assert PUPIL_CONTACT["name"] in html and "Bij jou op school" in html
        assert "Anna Aandacht" not in html


def test_a_pupil_of_another_school_and_the_staff_do_not_see_that_contact(client, school):
    pupil_contact_set(school)
    other_school = OrganisationFactory(kind=Organisation.Kind.SCHOOL)
    _pupil_of(other_school, client)
    assert PUPIL_CONTACT["name"] not in client.get("/waar-meld-ik/").content.decode()

    client.logout()
    client.force_login(MembershipFactory(organisation=school).user)
    assert PUPIL_CONTACT["name"] not in client.get("/waar-meld-ik/").content.decode()


def test_a_class_without_a_school_uses_the_contact_of_the_teachers_school(client, school):
    pupil_contact_set(school)
    teacher = MembershipFactory(organisation=school).user
    pupil_client_login(client, pupil_make(school_class_make(teacher=teacher)))

    assert PUPIL_CONTACT["name"] in client.get("/waar-meld-ik/").content.decode()
