from http import HTTPStatus

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from reporting.models import ReportingRoute

pytestmark = pytest.mark.django_db

NATIONAL_NUMBERS = ["112", "0900-8844", "0800-7000", "0800-2000", "0800-5151", "033-448 11 86"]


def test_home_page_is_the_site_root_in_dutch(client):
    response = client.get("/")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert 'href="#main"' in html
    assert "<main" in html and "<header" in html and "<footer" in html


def test_every_page_footer_links_to_waar_meld_ik(client):
    html = client.get("/").content.decode()

    assert 'href="/waar-meld-ik/"' in html


def test_waar_meld_ik_lists_every_national_route_with_when_to_use_it(client):
    response = client.get("/waar-meld-ik/")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for number in NATIONAL_NUMBERS:
        assert number in html
    assert "CoMensha" in html and "Veilig Thuis" in html and "Meld Misdaad Anoniem" in html
    assert 'href="tel:09008844"' in html


def test_a_route_edited_once_changes_everywhere(client):
    ReportingRoute.objects.filter(name="Politie").update(phone="0900-1234")

    html = client.get("/waar-meld-ik/").content.decode()

    assert "0900-1234" in html and "0900-8844" not in html


def test_unknown_url_gives_a_friendly_404_in_dutch(client):
    response = client.get("/bestaat-niet/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Pagina niet gevonden" in response.content.decode()


def test_unknown_url_gives_a_friendly_404_in_english_for_a_reader_who_chose_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    response = client.get("/does-not-exist/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Page not found" in response.content.decode()


def test_an_english_browser_still_gets_dutch_until_it_chooses():
    html = Client(headers={"accept-language": "en-GB,en;q=0.9"}).get("/").content.decode()

    assert '<html lang="nl">' in html


def test_language_switch_remembers_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == HTTPStatus.FOUND

    html = client.get("/").content.decode()

    assert '<html lang="en">' in html
    assert "Where do I report?" in html


def test_server_error_page_leaks_nothing():
    response = server_error(RequestFactory().get("/"))

    html = response.content.decode()
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert "Er ging iets mis" in html
    assert "Traceback" not in html and "SECRET" not in html and "settings" not in html
