"""The front door: the home page leads each audience to its start, login lands on "Mijn leren", the header has
the catalogue, and the shared components render the way the style guide shows them."""

import re
from datetime import timedelta
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from courses.services import enrollment_create
from elearning.models import HomePage
from organisations.assignments import assignment_create
from tests.courses.factories import catalogue, course_with_lessons
from tests.factories import PASSWORD
from tests.organisations.factories import MembershipFactory

pytestmark = pytest.mark.django_db

CSS = (Path(settings.BASE_DIR) / "static" / "css" / "signaal.css").read_text()


def test_home_page_leads_every_audience_to_its_start_in_one_click(client):
    catalogue()

    html = client.get("/").content.decode()

    for href in (
        reverse("classrooms:join"),
        reverse("classrooms:code_login"),
        "/cursussen/?audience=teachers",
        "/cursussen/?audience=staff",
        reverse("certificates:verify"),
        "/waar-meld-ik/",
    ):
        assert f'href="{href}"' in html, href
    assert "Doe mee met je klas" in html and "Kom terug met je code" in html


def test_home_page_texts_have_dutch_defaults_and_are_editable():
    home = HomePage.objects.get()
    assert "klascode" in home.pupils_text and home.teachers_text and home.staff_text

    home.staff_text = "Voor de balie en de wijkteams."
    home.save_revision().publish()


def test_every_page_has_the_logo_favicon_and_the_catalogue_in_the_header(client):
    catalogue()

    html = client.get(reverse("certificates:verify")).content.decode()

    assert re.search(r'<img src="/static/img/logo-inverse\.svg" alt="Signaal, naar de startpagina"', html)
    assert 'rel="icon" href="/static/img/favicon.svg"' in html
    assert 'href="/cursussen/">Cursussen</a>' in html


def test_login_lands_on_mijn_leren(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("dashboard")


def test_language_switch_submits_on_change_and_keeps_its_button_for_no_script(client):
    html = client.get("/").content.decode()

    assert '<script nonce="' in html and 'src="/static/js/language-switch.js"' in html
    assert html.count('<noscript><button type="submit"') == html.count("data-language-switch")


def test_style_guide_shows_each_component_and_stays_out_of_search_engines(client):
    response = client.get("/stijlgids/")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    for css_class in (
        "button--danger",
        "button--secondary",
        "badge--valid",
        "card",
        "alert--error",
        "field--error",
        "progress__bar",
        "stepper__step--current",
    ):
        assert css_class in html, css_class
        assert f".{css_class}" in CSS, css_class


def test_a_status_badge_is_never_squeezed_to_one_letter_wide():
    """ "Geldig" stacked letter by letter: the lesson icon rule (.status, 1.4rem wide) styled the certificate's word."""
    assert not re.search(r"\.status\s*\{[^}]*[^-]width:", CSS)
    badge = re.search(r"\.badge \{([^}]*)\}", CSS).group(1)
    assert "white-space: nowrap" in badge
    certificate_css = (Path(settings.BASE_DIR) / "static" / "css" / "certificate.css").read_text()
    assert not re.search(r"^\s*\.status\b", certificate_css, re.M), "one stylesheet styles status words"


def test_a_modifier_class_outweighs_the_bare_button_rule():
    """button:not(.link-button) weighed (0,1,1): a single class such as .button--secondary lost to it."""
    assert "button:not(.link-button)" not in CSS.replace(":where(button:not(.link-button))", "")


def test_legends_sit_inside_their_box():
    assert re.search(r"fieldset > legend \{[^}]*float: left;[^}]*width: 100%", CSS)


def _staff_with_assigned_course(*, started: bool):
    course = course_with_lessons(2, title="Herken de signalen")
    membership = MembershipFactory()
    assignment_create(
        organisation=membership.organisation,
        course=course,
        due_date=timezone.localdate() + timedelta(days=30),
        memberships=[membership],
    )
    if started:
        enrollment_create(learner=membership.user, course=course)
    return membership.user, course


def test_an_assigned_course_shows_once_on_the_dashboard_with_one_state(client):
    user, course = _staff_with_assigned_course(started=True)
    client.force_login(user)

    html = client.get(reverse("dashboard")).content.decode()

    assert html.count(f">{course.title}</a>") == 1
    assert 'id="in-progress-heading"' not in html  # not again as "in progress" beside "Niet begonnen"
    assert 'class="badge badge--neutral">Niet begonnen</span>' in html


def test_staff_who_took_a_course_shared_with_teachers_see_no_class_block(client):
    course = course_with_lessons(1, title="Kennismaken", for_staff=True, for_teachers=True)
    membership = MembershipFactory()
    enrollment_create(learner=membership.user, course=course)
    client.force_login(membership.user)

    html = client.get(reverse("dashboard")).content.decode()

    assert 'id="classes-heading"' not in html


def test_a_teacher_of_a_teachers_course_sees_the_class_block(client, user):
    course = course_with_lessons(1, title="Mensenhandel, niet op school", for_staff=False, for_teachers=True)
    enrollment_create(learner=user, course=course)
    client.force_login(user)

    assert 'id="classes-heading"' in client.get(reverse("dashboard")).content.decode()
