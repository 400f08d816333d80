"""An organisation admin (or the platform admin) sets up their provider; a domain belongs to one organisation."""

import html
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import override

from identity.forms import OrganisationSSOForm
from identity.messages import DOMAIN_TAKEN
from identity.models import OrganisationSSO, SSODomain
from identity.policies import password_login_refusal
from identity.selectors import sso_for_email
from organisations.models import Membership
from tests.organisations.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

FORM = {
    "slug": "gemeente-zuid",
    "issuer": "https://login.example/zuid/v2.0",
    "client_id": "signaal",
    "client_secret": "geheim-en-lang",
    "is_active": "on",
    "password_login": "on",
    "domains": "zuid.example, @Ambtenaar.Zuid.example",
}


def _taken(domain, organisation) -> str:
    with override("nl"):
        return str(DOMAIN_TAKEN) % {"domain": domain, "organisation": organisation}


@pytest.fixture
def org_admin(client):
    membership = MembershipFactory(role=Membership.Role.ADMIN, organisation__name="Gemeente Zuid")
    client.force_login(membership.user)
    return membership


def _claim(domain: str, name: str = "Gemeente Noord") -> OrganisationSSO:
    sso = OrganisationSSO.objects.create(
        organisation=OrganisationFactory(name=name), slug=name.lower().replace(" ", "-"),
        issuer="https://login.example/noord", client_id="x", client_secret="y",
    )  # fmt: skip
    SSODomain.objects.create(sso=sso, domain=domain)
    return sso


def test_an_organisation_admin_sets_up_single_sign_on_for_their_domains(client, org_admin):
    url = reverse("identity:settings", args=[org_admin.organisation_id])

    response = client.post(url, FORM)

    assert response.status_code == HTTPStatus.FOUND
    sso = OrganisationSSO.objects.get(organisation=org_admin.organisation)
    assert sorted(sso.domains.values_list("domain", flat=True)) == ["ambtenaar.zuid.example", "zuid.example"]
    assert sso_for_email(email="Piet@ZUID.example") == sso
    page = client.get(url).content.decode()
    assert "/accounts/oidc/gemeente-zuid/login/callback/" in page


def test_a_domain_of_another_organisation_is_refused_at_configuration_with_its_name(client, org_admin):
    _claim("zuid.example")

    response = client.post(reverse("identity:settings", args=[org_admin.organisation_id]), FORM)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert _taken("zuid.example", "Gemeente Noord") in html.unescape(response.content.decode())
    assert not OrganisationSSO.objects.filter(organisation=org_admin.organisation).exists()


def test_the_same_domain_twice_is_refused_in_the_django_admin_too():
    sso = _claim("zuid.example")
    other = _claim("west.example", "Gemeente West")
    duplicate = SSODomain(sso=other, domain="ZUID.example")

    with pytest.raises(ValidationError) as refused:
        duplicate.full_clean()

    assert _taken("zuid.example", "Gemeente Noord") in str(refused.value.message_dict["domain"])
    assert SSODomain.objects.filter(domain__iexact="zuid.example").get().sso == sso


def test_saving_again_keeps_the_own_domains(org_admin):
    form = OrganisationSSOForm(FORM)
    assert form.is_valid(), form.errors
    from identity.services import organisation_sso_save

    sso = organisation_sso_save(form=form, organisation=org_admin.organisation, saved_by=org_admin.user)
    again = OrganisationSSOForm({**FORM, "domains": "zuid.example"}, instance=sso)
    assert again.is_valid(), again.errors
    organisation_sso_save(form=again, organisation=org_admin.organisation, saved_by=org_admin.user)
    assert list(sso.domains.values_list("domain", flat=True)) == ["zuid.example"]


@pytest.mark.parametrize("bad", ["not a domain", "zuid", "-zuid.example"])
def test_a_malformed_domain_is_refused(bad):
    assert not OrganisationSSOForm({**FORM, "domains": bad}).is_valid()


def test_a_coordinator_may_not_change_who_gets_in(client):
    coordinator = MembershipFactory(role=Membership.Role.COORDINATOR)
    client.force_login(coordinator.user)
    url = reverse("identity:settings", args=[coordinator.organisation_id])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert client.post(url, FORM).status_code == HTTPStatus.NOT_FOUND
    assert not OrganisationSSO.objects.exists()


def test_an_admin_of_another_organisation_gets_a_404(client, org_admin):
    other = OrganisationFactory()
    assert client.get(reverse("identity:settings", args=[other.pk])).status_code == HTTPStatus.NOT_FOUND
    assert client.post(reverse("identity:settings", args=[other.pk]), FORM).status_code == HTTPStatus.NOT_FOUND


def test_password_login_refusal_names_the_organisation_only_when_switched_off():
    sso = _claim("noord.example")
    assert password_login_refusal(email="a@noord.example") is None
    sso.password_login = False
    sso.save()
    assert "Gemeente Noord" in password_login_refusal(email="a@NOORD.example")
    assert password_login_refusal(email="a@elders.example") is None
    sso.is_active = False
    sso.save()
    assert password_login_refusal(email="a@noord.example") is None


def test_the_platform_admin_configures_it_in_the_django_admin(admin_client):
    organisation = OrganisationFactory(name="Gemeente Oost")
    _claim("noord.example")
    url = "/django-admin/identity/organisationsso/add/"
    assert admin_client.get(url).status_code == HTTPStatus.OK
    data = {
        "organisation": organisation.pk, "slug": "oost", "issuer": "https://login.example/oost", "client_id": "c",
        "client_secret": "s", "is_active": "on", "password_login": "on", "mfa_acr_values": "",
        "domains-TOTAL_FORMS": "1", "domains-INITIAL_FORMS": "0", "domains-0-domain": "noord.example",
    }  # fmt: skip

    refused = admin_client.post(url, data)

    assert refused.status_code == HTTPStatus.OK
    assert _taken("noord.example", "Gemeente Noord") in html.unescape(refused.content.decode())
    assert not OrganisationSSO.objects.filter(organisation=organisation).exists()
    assert admin_client.post(url, {**data, "domains-0-domain": "oost.example"}).status_code == HTTPStatus.FOUND
    assert OrganisationSSO.objects.get(organisation=organisation).domains.get().domain == "oost.example"
