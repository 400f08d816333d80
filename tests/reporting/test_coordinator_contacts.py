"""A coordinator sets the organisation's own reporting routes; nobody else can, and bad input loses nothing."""

from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from organisations.contacts_forms import NAME_MISSING, PHONE_INVALID, UNREACHABLE, URL_NOT_HTTPS, dutch_phone_clean
from organisations.models import Organisation, ReportingContact
from tests.organisations.factories import MembershipFactory, OrganisationFactory, coordinator_of
from tests.reporting.helpers import OFFICER_A, officer_set

pytestmark = pytest.mark.django_db

OFFICER = "trafficking_officer"


def _url(organisation) -> str:
    return reverse("organisations:reporting_contacts", args=[organisation.pk])


def _post(client, organisation, **parts):
    data = {}
    for kind, values in parts.items():
        data.update({f"{kind}-{field}": value for field, value in values.items()})
    return client.post(_url(organisation), data)


@pytest.fixture
def coordinator_client(client, org_a):
    client.force_login(coordinator_of(org_a).user)
    return client


def test_a_coordinator_saves_a_contact_and_sees_it_again(coordinator_client, org_a):
    response = _post(coordinator_client, org_a, **{OFFICER: OFFICER_A})

    assert response.status_code == HTTPStatus.FOUND
    contact = ReportingContact.objects.get(organisation=org_a)
    assert (contact.kind, contact.name, contact.phone) == (OFFICER, "Anna Aandacht", "020-123 45 67")
    html = coordinator_client.get(_url(org_a)).content.decode()
    assert 'value="Anna Aandacht"' in html and "De meldroutes zijn opgeslagen." in html


def test_an_emptied_part_removes_that_contact_and_leaves_the_others(coordinator_client, org_a):
    officer_set(org_a, OFFICER_A)
    care = {"name": "Zorgcoördinatie regio Aadorp", "phone": "088-123 45 67"}

    _post(coordinator_client, org_a, **{OFFICER: {"name": "", "phone": ""}, "care_coordinator": care})

    assert list(ReportingContact.objects.values_list("kind", flat=True)) == ["care_coordinator"]


def test_a_website_typed_without_https_gets_it(coordinator_client, org_a):
    _post(coordinator_client, org_a, **{OFFICER: {"name": "Team Zorg", "url": "www.aadorp.example/zorg"}})

    assert ReportingContact.objects.get().url == "https://www.aadorp.example/zorg"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", PHONE_INVALID),
        ("phone", "+32 2 123 45 67", PHONE_INVALID),
        ("phone", "bel 020-1234567", PHONE_INVALID),
        ("url", "http://www.aadorp.example", URL_NOT_HTTPS),
        ("email", "geen-adres", EmailValidator.message),
    ],
)
def test_bad_input_is_refused_with_a_clear_error_and_keeps_what_was_typed(
    coordinator_client, org_a, field, value, message
):
    typed = {**OFFICER_A, field: value}

    response = _post(coordinator_client, org_a, **{OFFICER: typed})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    with translation.override("nl"):
        assert escape(str(message)) in html
    assert 'value="Anna Aandacht"' in html and f'value="{value}"' in html
    assert "Nog niet opgeslagen" in html
    assert not ReportingContact.objects.exists()


def test_a_contact_without_a_name_or_a_way_to_reach_it_is_refused(coordinator_client, org_a):
    response = _post(coordinator_client, org_a, **{OFFICER: {"note": "Bel de balie"}})

    html = response.content.decode()
    assert response.status_code == HTTPStatus.BAD_REQUEST
    with translation.override("nl"):
        assert escape(str(NAME_MISSING)) in html and escape(str(UNREACHABLE)) in html
    assert "Bel de balie" in html
    assert not ReportingContact.objects.exists()


def test_one_bad_part_saves_nothing_of_the_good_parts(coordinator_client, org_a):
    good = {"name": "Zorgcoördinatie", "phone": "088-123 45 67"}

    _post(coordinator_client, org_a, care_coordinator=good, **{OFFICER: {**OFFICER_A, "phone": "999"}})

    assert not ReportingContact.objects.exists()


def test_a_school_also_sets_a_contact_for_pupils_a_municipality_does_not(client):
    school = OrganisationFactory(kind=Organisation.Kind.SCHOOL)
    client.force_login(coordinator_of(school).user)
    assert "Aanspreekpunt voor leerlingen" in client.get(_url(school)).content.decode()

    municipality = OrganisationFactory()
    client.force_login(coordinator_of(municipality).user)
    assert "Aanspreekpunt voor leerlingen" not in client.get(_url(municipality)).content.decode()


def test_a_coordinator_of_another_organisation_gets_a_404_and_changes_nothing(client, org_a, org_b):
    officer_set(org_a, OFFICER_A)
    client.force_login(coordinator_of(org_b).user)

    assert client.get(_url(org_a)).status_code == HTTPStatus.NOT_FOUND
    response = _post(client, org_a, **{OFFICER: {**OFFICER_A, "name": "Indringer"}})

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert ReportingContact.objects.get().name == "Anna Aandacht"


def test_a_plain_member_and_a_visitor_cannot_open_the_page(client, org_a):
    client.force_login(MembershipFactory(organisation=org_a).user)
    assert client.get(_url(org_a)).status_code == HTTPStatus.NOT_FOUND
    client.logout()
    assert client.get(_url(org_a)).status_code == HTTPStatus.FOUND  # to the login page


@pytest.mark.parametrize(
    "number",
    [
        "020-123 45 67",
        "0201234567",
        "06-12345678",
        "+31 6 12345678",
        "0031 20 123 4567",
        "0800-2000",
        "0900-8844",
        "0800-0432",
        "088-123 45 67",
        "14 020",
        "14 0570",
        "(020) 123 45 67",
    ],
)
def test_dutch_phone_numbers_are_accepted_as_typed(number):
    assert dutch_phone_clean(f" {number} ") == number


@pytest.mark.parametrize("number", ["112", "020-123", "06-123456789", "+44 20 7946 0958", "0800-20", "abc", "14 20"])
def test_other_numbers_are_refused(number):
    with pytest.raises(ValidationError):
        dutch_phone_clean(number)
