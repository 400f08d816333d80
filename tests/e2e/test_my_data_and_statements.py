"""A person's own data and the statements, as they use them: on a 320 px phone, by keyboard, readable by a screen
reader (axe-core), and the door to their organisation's sign-in."""

import zipfile
from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import expect

from accounts.models import User
from identity.models import OrganisationSSO
from tests.certificates.factories import issued_certificate
from tests.e2e.conftest import assert_accessible, assert_no_horizontal_scroll, log_in, tab_to
from tests.factories import PASSWORD, UserFactory
from tests.organisations.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 320, "height": 720}


@pytest.fixture(autouse=True)
def statements():
    """A flushed database lost the statements that a data migration made; they come back the same way."""
    import_module("privacy.migrations.0002_default_statements").create_statements(apps, None)


def _check(page) -> None:
    assert page.get_by_role("heading", level=1).count() == 1
    assert_accessible(page)
    assert_no_horizontal_scroll(page)


def test_a_staff_member_downloads_their_data_and_deletes_their_account_by_keyboard(new_page, tmp_path):
    person = UserFactory(email="sanne@gemeente.example", first_name="Sanne", last_name="de Vries")
    certificate = issued_certificate(learner=person, title="Herken de signalen")
    page = new_page(**PHONE)
    log_in(page, person.email, PASSWORD)

    tab_to(page, page.locator("footer").get_by_role("link", name="Mijn gegevens"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/mijn-gegevens/")
    _check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Mijn gegevens downloaden").click()
    archive = tmp_path / "export.zip"
    download.value.save_as(archive)
    with zipfile.ZipFile(archive) as opened:
        assert "overzicht.html" in opened.namelist()
        assert "Herken de signalen" in opened.read("certificates.json").decode()

    page.get_by_role("link", name="Mijn account verwijderen…").click()
    _check(page)
    expect(page.get_by_text("Uw certificaat wordt ingetrokken")).to_be_visible()
    page.get_by_label("Uw wachtwoord").fill("not-my-password")
    page.get_by_label("Ik begrijp dat dit niet ongedaan kan worden gemaakt.").check()
    page.get_by_role("button", name="Mijn account verwijderen").click()
    expect(page.get_by_text("Dat is niet uw wachtwoord.")).to_be_visible()
    _check(page)
    page.get_by_label("Uw wachtwoord").fill(PASSWORD)
    page.get_by_label("Ik begrijp dat dit niet ongedaan kan worden gemaakt.").check()
    page.get_by_role("button", name="Mijn account verwijderen").click()

    expect(page.get_by_text("Uw account en alles over u zijn verwijderd.")).to_be_visible()
    assert not User.objects.filter(email=person.email).exists()
    page.goto(f"/certificaten/controleren/{certificate.code}/")
    expect(page.locator(".verify-result")).to_contain_text("Ingetrokken")
    expect(page.locator(".verify-result")).not_to_contain_text("Sanne")


@pytest.mark.parametrize("name", ["Privacyverklaring", "Toegankelijkheidsverklaring"])
def test_the_statements_are_reached_from_the_footer_and_read_well_on_a_phone(new_page, name):
    page = new_page(**PHONE)
    page.goto("/")
    page.locator("footer").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    _check(page)


def test_the_login_page_leads_to_the_organisation_s_sign_in(new_page):
    OrganisationSSO.objects.create(
        organisation=OrganisationFactory(), slug="noord", issuer="https://id.example", client_id="c", client_secret="s"
    )
    page = new_page(**PHONE)
    page.goto("/accounts/login/")
    _check(page)
    page.get_by_role("link", name="Inloggen met uw organisatie").click()
    _check(page)
    page.get_by_label("Uw e-mailadres op het werk").fill("piet@nergens.example")
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_text("Geen organisatie laat adressen van nergens.example inloggen")).to_be_visible()
    _check(page)
