"""The privacy and accessibility statements: editable pages with a default text, linked from every page's footer."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from privacy.models import AccessibilityStatementPage, PrivacyStatementPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FOOTER_LINKS = ['href="/privacy/">Privacyverklaring</a>', 'href="/toegankelijkheid/">Toegankelijkheidsverklaring</a>']


def _footer(html: str) -> str:
    return html[html.index("<footer") :]


def test_a_new_site_has_both_statements_live_under_the_home_page():
    privacy = PrivacyStatementPage.objects.get()
    accessibility = AccessibilityStatementPage.objects.get()

    assert privacy.live and accessibility.live
    assert privacy.get_parent().specific_class.__name__ == "HomePage"
    assert "Autoriteit Persoonsgegevens" in privacy.body and "Mijn gegevens" in privacy.body
    for promise in ("WCAG 2.1", "axe-core", "toetsenbord", "320 pixels"):
        assert promise in accessibility.body


@pytest.mark.parametrize("path", ["/", "/waar-meld-ik/", "/accounts/login/", "/certificaten/controleren/"])
def test_every_page_s_footer_links_to_both_statements(client, path):
    response = client.get(path)

    assert response.status_code == HTTPStatus.OK
    for link in FOOTER_LINKS:
        assert link in _footer(response.content.decode())


def test_a_logged_in_learner_s_dashboard_links_to_them_too(client):
    client.force_login(UserFactory())
    html = client.get(reverse("dashboard")).content.decode()
    for link in FOOTER_LINKS:
        assert link in _footer(html)


@pytest.mark.parametrize(
    ("path", "heading", "text"),
    [
        ("/privacy/", "Privacyverklaring", "Uw rechten"),
        ("/toegankelijkheid/", "Toegankelijkheidsverklaring", "axe-core"),
    ],
)
def test_the_statements_are_readable_pages(client, path, heading, text):
    response = client.get(path)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html and text in html


def test_an_editor_s_change_of_the_text_shows_at_once(client):
    page = PrivacyStatementPage.objects.get()
    page.body = "<p>Onze eigen tekst.</p>"
    page.save_revision().publish()

    assert "Onze eigen tekst." in client.get("/privacy/").content.decode()


def test_a_deleted_statement_loses_its_link_and_no_page_breaks(client):
    client.get("/")  # the links are cached now
    PrivacyStatementPage.objects.get().delete()

    response = client.get("/")

    assert response.status_code == HTTPStatus.OK
    footer = _footer(response.content.decode())
    assert "/privacy/" not in footer
    assert FOOTER_LINKS[1] in footer
    assert client.get("/privacy/").status_code == HTTPStatus.NOT_FOUND


def test_an_unpublished_statement_loses_its_link(client):
    client.get("/")
    AccessibilityStatementPage.objects.get().unpublish()

    footer = _footer(client.get("/").content.decode())

    assert "/toegankelijkheid/" not in footer and FOOTER_LINKS[0] in footer


def test_the_links_cost_no_query_once_cached(client, django_assert_num_queries):
    from privacy.selectors import statement_links

    statement_links()
    with django_assert_num_queries(0):
        assert set(statement_links()) == {"privacy", "accessibility"}
