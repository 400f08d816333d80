"""A person deletes their own account: no row anywhere still points at them; certificates say "revoked on request"."""

from http import HTTPStatus

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse
from wagtail.models import ModelLogEntry

from certificates.models import Certificate
from organisations.models import FormerMember, Invitation
from privacy.forms import WRONG_PASSWORD
from privacy.services import CERTIFICATE_ERASED_REASON, account_delete
from tests.classrooms.test_deletion import _rows_pointing_at, _still_there
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _pointing_at(label: str, pk, user_pk) -> list[str]:
    """The fields of row (label, pk) that still point at the user ``user_pk``."""
    model = apps.get_model(label)
    row = model._default_manager.filter(pk=pk).first()
    if row is None:
        return []
    return [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey | models.OneToOneField)
        and field.related_model is get_user_model()
        and getattr(row, field.attname) == user_pk
    ]


def test_deleting_an_account_leaves_no_row_that_points_at_the_person(person, bystander):
    user_pk = person.pk
    rows = _rows_pointing_at(get_user_model(), {user_pk})
    labels = {label for label, _pk in rows}
    assert {"organisations.Membership", "courses.Enrollment", "quizzes.QuizAttempt", "h5p.H5PStatement"} <= labels
    assert {"certificates.Certificate", "classrooms.SchoolClass", "wagtailcore.ModelLogEntry"} <= labels
    assert {"socialaccount.SocialAccount", "account.EmailAddress", "h5p.H5PContentState"} <= labels
    bystander_rows = _rows_pointing_at(get_user_model(), {bystander.pk})

    account_delete(user=person)

    assert {
        (label, pk, tuple(_pointing_at(label, pk, user_pk))) for label, pk in rows if _pointing_at(label, pk, user_pk)
    } == set()
    assert not get_user_model().objects.filter(pk=user_pk).exists()
    left = {label for label, pk in rows if apps.get_model(label)._default_manager.filter(pk=pk).exists()}
    assert left <= {"certificates.Certificate", "wagtailcore.ModelLogEntry"}
    assert _still_there(bystander_rows) == bystander_rows


def test_nothing_left_names_the_person(person):
    from wagtail.log_actions import log

    email = person.email
    log(instance=person, action="wagtail.edit", user=None)  # an entry about the account itself, titled by its name
    account_delete(user=person)

    assert not Invitation.objects.filter(email__iexact=email).exists()
    assert not FormerMember.objects.filter(email__iexact=email).exists()
    assert not ModelLogEntry.objects.filter(label__iexact=email).exists()
    assert not [entry.data for entry in ModelLogEntry.objects.all() if email in str(entry.data)]
    assert not Certificate.objects.filter(learner_name__icontains="Sanne").exists()
    assert not ModelLogEntry.objects.filter(label__icontains="Sanne").exists()


def test_certificates_verify_as_revoked_on_request_without_a_name(client, person):
    certificate = Certificate.objects.get(learner=person)

    account_delete(user=person)

    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_reason == CERTIFICATE_ERASED_REASON
    assert certificate.learner_name == "" and not certificate.pdf
    html = client.get(reverse("certificates:verify_code", args=[certificate.code])).content.decode()
    assert "ingetrokken op verzoek van de houder" in html and "Sanne" not in html and "de Vries" not in html
    assert "<dt>Naam</dt>" not in html


def test_the_person_is_told_what_happens_before_confirming(client, person):
    client.force_login(person)

    response = client.get(reverse("privacy:account_delete"))

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Uw certificaat wordt ingetrokken" in html and "ingetrokken op verzoek" in html
    assert "Uw klas Klas 0 wordt verwijderd, met 1 leerling" in html
    assert f"U verlaat Gemeente Oost {person.pk}" in html
    assert get_user_model().objects.filter(pk=person.pk).exists()


def test_a_wrong_password_deletes_nothing(client, person):
    client.force_login(person)

    response = client.post(reverse("privacy:account_delete"), {"password": "not-it", "confirm": "on"})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert str(WRONG_PASSWORD) in response.content.decode() or "Dat is niet uw wachtwoord" in response.content.decode()
    assert get_user_model().objects.filter(pk=person.pk).exists()
    assert Certificate.objects.get(learner=person).learner_name == "Sanne de Vries"


def test_without_ticking_the_box_nothing_is_deleted(client, person):
    client.force_login(person)
    response = client.post(reverse("privacy:account_delete"), {"password": PASSWORD})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert get_user_model().objects.filter(pk=person.pk).exists()


def test_the_password_and_the_box_delete_the_account_and_end_the_session(client, person):
    client.force_login(person)

    response = client.post(reverse("privacy:account_delete"), {"password": PASSWORD, "confirm": "on"}, follow=True)

    assert response.status_code == HTTPStatus.OK
    assert "Uw account en alles over u zijn verwijderd." in response.content.decode()
    assert not get_user_model().objects.filter(pk=person.pk).exists()
    assert not response.wsgi_request.user.is_authenticated
    assert client.get(reverse("privacy:my_data")).status_code == HTTPStatus.FOUND


def test_another_session_of_the_deleted_person_is_anonymous_at_once(client, person):
    from django.test import Client

    other_device = Client()
    other_device.force_login(person)
    client.force_login(person)
    client.post(reverse("privacy:account_delete"), {"password": PASSWORD, "confirm": "on"})

    assert other_device.get(reverse("privacy:my_data")).status_code == HTTPStatus.FOUND


def test_someone_without_a_password_must_sign_in_with_sso_again_first(client, person):
    person.set_unusable_password()
    person.save()
    client.force_login(person)

    page = client.get(reverse("privacy:account_delete"))
    posted = client.post(reverse("privacy:account_delete"), {"confirm": "on"})

    assert "opnieuw in te loggen via uw organisatie" in page.content.decode()
    assert "/inloggen/organisatie/?next=%2Fmijn-gegevens%2Faccount-verwijderen%2F" in page.content.decode()
    assert posted.status_code == HTTPStatus.BAD_REQUEST
    assert get_user_model().objects.filter(pk=person.pk).exists()
