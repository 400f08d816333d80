"""Editors keep one national list; each route speaks to its audience in one voice, with checked numbers."""

import re

import pytest
from django.core.exceptions import ValidationError

from reporting.models import ReportingRoute
from reporting.selectors import national_routes
from tests.content.course_rules import PUPIL_FORBIDDEN, ROUTE_NUMBERS, ROUTE_SITES

pytestmark = pytest.mark.django_db


def test_pupils_get_the_pupil_routes_in_the_order_of_help(db):
    names = [route.name for route in national_routes(for_pupils=True)]

    assert names == [
        "112",
        "Een volwassene die je vertrouwt",
        "De Kindertelefoon",
        "Veilig Thuis",
        "Centrum Seksueel Geweld",
        "Helpwanted",
        "113 Zelfmoordpreventie",
    ]


def test_staff_and_teachers_keep_their_routes_and_get_no_pupil_only_ones(db):
    names = {route.name for route in national_routes(for_pupils=False)}

    assert {"112", "Politie", "Meld Misdaad Anoniem", "Veilig Thuis", "CoMensha"} <= names
    assert not names & {"De Kindertelefoon", "Helpwanted", "Een volwassene die je vertrouwt"}


def test_every_pupil_text_says_je_and_never_blames():
    for route in national_routes(for_pupils=True):
        assert route.text, route.name
        assert not PUPIL_FORBIDDEN.search(route.text), (route.name, route.text)


def test_every_number_and_site_of_the_national_routes_is_one_checked_in_domain_md():
    for route in ReportingRoute.objects.all():
        if route.phone:
            assert route.phone in ROUTE_NUMBERS, route.phone
        if route.url:
            host = re.sub(r"^https://(www\.)?", "", route.url).split("/")[0]
            assert host in ROUTE_SITES, route.url


def test_a_route_for_staff_needs_its_text_and_a_pupil_only_route_needs_a_pupil_text():
    with pytest.raises(ValidationError) as error:
        ReportingRoute(name="Nieuw", for_professionals=True, when_to_use="").clean()
    assert "when_to_use" in error.value.message_dict

    with pytest.raises(ValidationError) as error:
        ReportingRoute(name="Nieuw", for_professionals=False, pupil_text=" ").clean()
    assert "pupil_text" in error.value.message_dict


def test_editors_list_the_routes_with_their_audiences(admin_client):
    response = admin_client.get("/admin/snippets/reporting/reportingroute/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "De Kindertelefoon" in html and "Medewerkers en docenten" in html
