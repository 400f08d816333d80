"""The reporting-routes block in a lesson shows a member their organisation's contacts, and only them.

Lesson bodies are cached per revision and shared by every learner (`courses.rendering`), so the block may
add a reader's own contacts only when it is rendered for that reader's request, never into the cache.
"""

import json

import pytest

from courses.services import enrollment_create
from reporting.models import ReportingRoute
from tests.courses.factories import course_with_lessons, lesson_add
from tests.reporting.helpers import OFFICER_A, OFFICER_B, officer_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(db):
    course = course_with_lessons(0, title="Herken de signalen")
    routes = list(ReportingRoute.objects.filter(name__in=["Politie", "CoMensha"]).values_list("pk", flat=True))
    body = [
        {"type": "text", "value": "<p>Wat doet u met een signaal?</p>"},
        {"type": "reporting_routes", "value": {"heading": "Waar meldt u het?", "routes": routes}},
    ]
    return lesson_add(course, title="Wat doet u?", body=json.dumps(body))


def _lesson_html(client, lesson, user) -> str:
    enrollment_create(learner=user, course=lesson.get_parent().specific)
    client.force_login(user)
    response = client.get(lesson.url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_member_sees_their_own_contact_in_the_lesson_and_the_other_organisation_does_not(
    client, lesson, org_a, org_b, member_a, member_b
):
    officer_set(org_a, OFFICER_A)
    officer_set(org_b, OFFICER_B)

    as_a = _lesson_html(client, lesson, member_a)
    as_b = _lesson_html(client, lesson, member_b)

    assert "Anna Aandacht" in as_a and "Bert Beedorp" not in as_a
    assert "Bert Beedorp" in as_b and "Anna Aandacht" not in as_b
    for html in (as_a, as_b):
        assert "0900-8844" in html and "033-448 11 86" in html  # the routes the editor chose
        assert "0800-7000" not in html  # and only those


def test_without_an_organisation_the_lesson_shows_the_chosen_national_routes(client, lesson):
    from tests.factories import UserFactory

    html = _lesson_html(client, lesson, UserFactory())

    assert "0900-8844" in html and "In uw eigen organisatie" not in html


def test_the_cached_lesson_body_never_holds_a_members_contact(client, lesson, org_a, member_a, org_b, member_b):
    """The routes block is rendered per request, outside the cached body: one member's contact never reaches another."""
    officer_set(org_a, OFFICER_A)

    first = _lesson_html(client, lesson, member_a)
    second = _lesson_html(client, lesson, member_b)

    assert "Anna Aandacht" in first and "Anna Aandacht" not in second
    assert "0900-8844" in second


def test_the_lessons_queries_do_not_grow_with_a_members_organisations(
    client, lesson, org_a, member_a, django_assert_max_num_queries
):
    from tests.organisations.factories import MembershipFactory, OrganisationFactory

    officer_set(org_a, OFFICER_A)
    _lesson_html(client, lesson, member_a)
    with django_assert_max_num_queries(30) as one:
        client.get(lesson.url)
    for number in range(5):
        other = OrganisationFactory(name=f"Gemeente {number}")
        MembershipFactory(organisation=other, user=member_a)
        officer_set(other, {**OFFICER_B, "name": f"Contact {number}"})
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(lesson.url).content.decode()
    assert "Contact 4" in html and "Anna Aandacht" in html
