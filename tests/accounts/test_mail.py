"""Every mail has a plain-text and an HTML part in the platform's identity, with links on the configured base URL."""

import re

import pytest
from django.core import mail

from organisations.services import invitation_create
from tests.certificates.factories import completed_enrollment
from tests.factories import UserFactory
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

BASE_URL = "https://signaal.example"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE_URL + "/"


def _html(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def _assert_in_shape(message):
    html = _html(message)
    assert message.body.strip()
    assert "Signaal" in html and "<img" not in html
    for part in (message.body, html):
        assert "127.0.0.1" not in part and ":8000" not in part and "testserver" not in part
        for link in re.findall(r"https?://[^\s\"'<>]+", part):
            assert link.startswith(BASE_URL), link


def test_allauths_signup_mail_greets_from_the_platform_not_the_host(client):
    client.post(
        "/accounts/signup/",
        {"email": "nieuw@example.org", "password1": "een-lang-wachtwoord", "password2": "een-lang-wachtwoord"},
    )
    [message] = mail.outbox
    _assert_in_shape(message)
    assert message.subject.startswith("[Signaal] ")
    assert "Hallo," in message.body
    assert re.search(BASE_URL + r"/accounts/confirm-email/\S+", message.body)


def test_a_password_reset_mail_links_to_the_base_url(client):
    UserFactory(email="vergeten@example.org")
    client.post("/accounts/password/reset/", {"email": "vergeten@example.org"})
    [message] = mail.outbox
    _assert_in_shape(message)
    assert BASE_URL + "/accounts/password/reset/key/" in message.body


def test_an_invitation_has_both_parts(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(organisation=OrganisationFactory(name="Gemeente Utrecht"), email="cem@example.org")
    [message] = mail.outbox
    _assert_in_shape(message)
    assert BASE_URL + "/organisatie/uitnodiging/" in message.body
    assert f'href="{BASE_URL}/organisatie/uitnodiging/' in _html(message)


def test_the_certificate_mail_has_both_parts_and_the_pdf(mailoutbox):
    completed_enrollment(learner=UserFactory(first_name="Eva"), title="Herken de signalen")
    [message] = mailoutbox
    _assert_in_shape(message)
    [(_name, _content, mimetype)] = message.attachments
    assert mimetype == "application/pdf"
