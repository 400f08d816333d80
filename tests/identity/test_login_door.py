"""The login page's door to an organisation's own sign-in: there once an organisation has one, naming none."""

import pytest

from identity.models import OrganisationSSO
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_without_any_organisation_s_sign_in_the_login_page_has_no_door(client):
    assert "/inloggen/organisatie/" not in client.get("/accounts/login/").content.decode()


def test_the_door_keeps_where_the_person_was_going_and_names_no_organisation(client):
    OrganisationSSO.objects.create(
        organisation=OrganisationFactory(name="Gemeente Geheim"), slug="geheim", issuer="https://id.example",
        client_id="c", client_secret="s",
    )  # fmt: skip

    html = client.get("/accounts/login/?next=/leren/").content.decode()

    assert 'href="/inloggen/organisatie/?next=/leren/"' in html or "/inloggen/organisatie/?next=%2Fleren%2F" in html
    assert "Gemeente Geheim" not in html and "/accounts/oidc/geheim/" not in html
