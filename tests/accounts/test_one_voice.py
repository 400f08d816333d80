"""Forms, dates and reporting routes speak the reader's language, in one voice."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from reporting.models import ReportingRoute

pytestmark = pytest.mark.django_db


def _signup(client, password: str) -> str:
    data = {"email": "nieuw@example.org", "password1": password, "password2": password}
    return client.post("/accounts/signup/", data).content.decode()


def test_password_errors_are_dutch_in_dutch_forms(client):
    html = _signup(client, "kort")
    assert "Dit wachtwoord is te kort. Het moet minstens 10 tekens lang zijn." in html
    assert "too short" not in html


def test_password_errors_are_english_in_english_forms(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "This password is too short. It must contain at least 10 characters." in _signup(client, "kort")


def test_a_time_at_the_end_of_a_sentence_reads_well_in_english():
    moment = timezone.make_aware(datetime.datetime(2026, 3, 5, 1, 4))
    template = Template('{{ moment|date:"DATETIME_FORMAT" }}.')
    with translation.override("en"):
        text = template.render(Context({"moment": moment}))
    assert text == "5 March 2026, 01:04."


def test_a_reporting_route_link_does_not_glue_english_to_a_dutch_name(client, settings):
    ReportingRoute.objects.create(name="Politie", url="https://www.politie.nl/", when_to_use="Aangifte doen.")
    template = Template('{% include "includes/reporting_routes.html" %}')
    with translation.override("en"):
        html = template.render(Context({"routes": ReportingRoute.objects.all()}))
    assert "Website of Politie" not in html
    assert "Go to the website" in html
