"""The due date field works in every browser and locale: it speaks ISO and keeps its value after an error."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from organisations.forms import AssignmentForm
from tests.courses.factories import course_with_lessons
from tests.organisations.factories import OrganisationFactory, coordinator_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_default_due_date_is_written_as_the_date_input_reads_it(language):
    with translation.override(language):
        html = str(AssignmentForm(organisation=OrganisationFactory())["due_date"])

    expected = (timezone.localdate() + timedelta(days=30)).isoformat()
    assert 'type="date"' in html and f'value="{expected}"' in html


def test_the_due_date_is_kept_after_an_error(client):
    organisation = OrganisationFactory()
    course = course_with_lessons(1)
    client.force_login(coordinator_of(organisation).user)

    response = client.post(
        reverse("organisations:assign", args=[organisation.pk]), {"course": course.pk, "due_date": "2099-03-04"}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST  # no team or person chosen
    assert 'value="2099-03-04"' in response.text


def test_a_date_typed_the_dutch_way_is_accepted_and_shown_back_as_iso():
    form = AssignmentForm({"due_date": "04-03-2099"}, organisation=OrganisationFactory())

    assert not form.is_valid()  # no course: the form comes back with its errors
    assert form.cleaned_data["due_date"].isoformat() == "2099-03-04"
    assert 'value="2099-03-04"' in str(form["due_date"])


def test_a_date_that_is_no_date_is_refused_and_kept_to_correct():
    form = AssignmentForm({"due_date": "morgen"}, organisation=OrganisationFactory())

    assert "due_date" in form.errors
    assert 'value="morgen"' in str(form["due_date"])
