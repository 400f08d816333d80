"""'Mijn gegevens': a person downloads everything the platform holds about them, as a ZIP."""

import io
import json
import zipfile
from http import HTTPStatus

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisations.audit import INVITATION_ACCEPTED, ROLE_CHANGED
from privacy.export import EXPORTED, NOT_EXPORTED, PAGE_OWNER_FIELDS, personal_data
from tests.classrooms.factories import pupil_client_login, pupil_make, school_class_make
from tests.factories import UserFactory
from tests.privacy.conftest import give_everything

pytestmark = pytest.mark.django_db

KINDS = {
    "account", "memberships", "classes", "enrolments", "progress", "quiz_answers",
    "h5p_statements", "h5p_results", "h5p_state", "certificates", "audit_entries",
}  # fmt: skip


def _zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(
        io.BytesIO(b"".join(response.streaming_content if response.streaming else [response.content]))
    )


def test_every_model_that_points_at_a_person_is_exported_or_left_out_for_a_reason():
    user_model = get_user_model()
    pointing = {
        model._meta.label
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey | models.OneToOneField)
        and field.related_model is user_model
        and not (field.name in PAGE_OWNER_FIELDS and hasattr(model, "get_url_parts"))
        and model._meta.app_label != "oauth2_provider"  # the SSO tests' own provider, installed only in tests
    }
    assert pointing - set(EXPORTED) - set(NOT_EXPORTED) == set()


def test_the_zip_holds_a_json_file_per_kind_and_a_readable_summary(client, person, bystander):
    client.force_login(person)

    response = client.get(reverse("privacy:download"))

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = _zip(response)
    assert {f"{kind}.json" for kind in KINDS} | {"overzicht.html"} <= set(archive.namelist())
    rows = {kind: json.loads(archive.read(f"{kind}.json")) for kind in KINDS}
    assert rows["account"][0]["email"] == "sanne@gemeente.example"
    assert {"email_address", "single_sign_on"} <= {row.get("kind") for row in rows["account"]}
    assert {row["kind"] for row in rows["memberships"]} == {"membership", "invitation", "former_membership"}
    assert {row["kind"] for row in rows["classes"]} == {"class_taught"}
    assert len(rows["enrolments"]) == 2  # the course and the certificate's course
    assert rows["progress"] and rows["h5p_statements"] and rows["h5p_results"] and rows["h5p_state"]
    assert {row["kind"] for row in rows["quiz_answers"]} == {"attempt", "answer"}
    assert rows["certificates"][0]["learner_name"] == "Sanne de Vries"
    by_person = {row["action"] for row in rows["audit_entries"] if row["by_this_person"]}
    about_person = {row["action"] for row in rows["audit_entries"] if not row["by_this_person"]}
    assert INVITATION_ACCEPTED in by_person and ROLE_CHANGED in about_person
    summary = archive.read("overzicht.html").decode()
    assert "<h1>Uw gegevens in Signaal</h1>" in summary and "Sanne" in summary
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert "ali@gemeente.example" not in everything and "Bakker" not in everything


def test_no_secret_is_in_the_export(client, person):
    client.force_login(person)
    archive = _zip(client.get(reverse("privacy:download")))
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert person.password not in everything
    assert "code_seed" not in everything and "token_hash" not in everything and "secret" not in everything


def test_the_export_costs_the_same_queries_for_one_row_or_many():
    few, many = UserFactory(), UserFactory()
    give_everything(few, times=1)
    give_everything(many, times=3)

    counts = []
    for user in (few, many):
        with CaptureQueriesContext(connection) as queries:
            personal_data(user=user)
        counts.append(len(queries))

    assert counts[0] == counts[1] <= 21  # one per kind (about 20), and the content types once
    assert len(personal_data(user=many).kinds["enrolments"]) == 6


def test_the_my_data_page_offers_the_download_and_the_deletion(client, person):
    client.force_login(person)

    response = client.get(reverse("privacy:my_data"))

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert reverse("privacy:download") in html and reverse("privacy:account_delete") in html
    assert f'href="{reverse("privacy:my_data")}"' in html[html.index("<footer") :]


@pytest.mark.parametrize("name", ["privacy:my_data", "privacy:download", "privacy:account_delete"])
def test_a_visitor_is_sent_to_the_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == HTTPStatus.FOUND and "/accounts/login/" in response["Location"]


def test_a_pupil_has_no_my_data_page(client):
    pupil = pupil_make(school_class_make(teacher=UserFactory()), "Uil")
    pupil_client_login(client, pupil)
    assert client.get(reverse("privacy:download")).status_code in (HTTPStatus.NOT_FOUND, HTTPStatus.FOUND)
