"""'Waar meld ik?' shows a member their organisation's own contacts above the national routes; nobody else."""

from http import HTTPStatus

import pytest

from tests.reporting.helpers import OFFICER_A, OFFICER_B, officer_set

pytestmark = pytest.mark.django_db

PAGE = "/waar-meld-ik/"


def test_a_member_sees_their_organisations_contact_above_the_national_routes(client, org_a, member_a):
    officer_set(org_a, OFFICER_A)
    client.force_login(member_a)

    html = client.get(PAGE).content.decode()

    assert "Anna Aandacht" in html and "Gemeente Aadorp" in html
    assert 'href="tel:0201234567"' in html and 'href="mailto:aandacht@aadorp.example"' in html
    assert html.index("Anna Aandacht") < html.index("Meld Misdaad Anoniem")
    assert "Landelijke meldroutes" in html


def test_a_member_of_another_organisation_and_a_visitor_see_only_the_national_routes(client, org_a, org_b, member_b):
    officer_set(org_a, OFFICER_A)
    officer_set(org_b, OFFICER_B)
    client.force_login(member_b)
    as_b = client.get(PAGE).content.decode()
    client.logout()
    as_visitor = client.get(PAGE).content.decode()

    assert "Bert Beedorp" in as_b
    assert "Anna Aandacht" not in as_b and "Gemeente Aadorp" not in as_b
    assert "Anna Aandacht" not in as_visitor and "Bert Beedorp" not in as_visitor
    assert "0900-8844" in as_visitor and "Landelijke meldroutes" not in as_visitor


def test_an_organisation_without_contacts_leaves_the_national_page_as_it_was(client, member_a):
    client.force_login(member_a)

    html = client.get(PAGE).content.decode()

    assert "In uw eigen organisatie" not in html and "0900-8844" in html


def test_professionals_do_not_get_the_pupils_routes_or_voice(client, member_a):
    client.force_login(member_a)

    html = client.get(PAGE).content.decode()

    assert "Kindertelefoon" not in html and "Helpwanted" not in html
    assert "Wat gebeurt er als je het aan een volwassene vertelt?" not in html


def test_the_page_offers_the_signal_cards_of_every_audience(client):
    html = client.get(PAGE).content.decode()

    for slug in ("gemeente", "docenten", "jongeren"):
        assert f'href="/waar-meld-ik/signaalkaart/{slug}/"' in html


def test_queries_do_not_grow_with_the_number_of_organisations_and_contacts(
    client, django_assert_max_num_queries, org_a, member_a
):
    from tests.organisations.factories import MembershipFactory, OrganisationFactory

    officer_set(org_a, OFFICER_A)
    client.force_login(member_a)
    client.get(PAGE)
    with django_assert_max_num_queries(12) as one:
        assert client.get(PAGE).status_code == HTTPStatus.OK
    for number in range(5):
        other = OrganisationFactory(name=f"School {number}")
        MembershipFactory(organisation=other, user=member_a)
        officer_set(other, {**OFFICER_B, "name": f"Contact {number}"})
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(PAGE).content.decode()
    assert "Contact 4" in html
