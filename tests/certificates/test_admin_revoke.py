from http import HTTPStatus

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from certificates.models import Certificate
from tests.certificates.conftest import dutch
from tests.certificates.factories import issued_certificate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:certificates_certificate_changelist")


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_an_admin_revokes_a_certificate_with_a_reason(admin_client, client):
    certificate = issued_certificate()
    other = issued_certificate()

    asked = admin_client.post(CHANGELIST, {"action": "revoke", ACTION_CHECKBOX_NAME: [certificate.pk]})
    assert asked.status_code == HTTPStatus.OK
    assert 'name="reason"' in asked.text
    done = admin_client.post(
        CHANGELIST,
        {"action": "revoke", ACTION_CHECKBOX_NAME: [certificate.pk], "apply": "1", "reason": "Toets niet zelf gemaakt"},
    )

    assert done.status_code == HTTPStatus.FOUND
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_reason == "Toets niet zelf gemaakt"
    assert not Certificate.objects.get(pk=other.pk).is_revoked
    page = client.get(reverse("certificates:verify_code", args=[certificate.code]))
    assert dutch("Revoked") in page.text


def test_revoking_needs_a_reason(admin_client):
    certificate = issued_certificate()
    response = admin_client.post(
        CHANGELIST, {"action": "revoke", ACTION_CHECKBOX_NAME: [certificate.pk], "apply": "1", "reason": "  "}
    )
    assert response.status_code == HTTPStatus.OK  # the form again, with its error
    assert "errorlist" in response.text
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_certificates_cannot_be_added_or_deleted_in_the_admin(admin_client):
    certificate = issued_certificate()
    assert admin_client.get(reverse("admin:certificates_certificate_add")).status_code == HTTPStatus.FORBIDDEN
    delete_url = reverse("admin:certificates_certificate_delete", args=[certificate.pk])
    assert admin_client.get(delete_url).status_code == HTTPStatus.FORBIDDEN
    change = admin_client.get(reverse("admin:certificates_certificate_change", args=[certificate.pk]))
    assert change.status_code == HTTPStatus.OK
    assert certificate.display_code in change.text


def test_staff_without_permission_cannot_revoke(client):
    certificate = issued_certificate()
    client.force_login(UserFactory(is_staff=True))
    client.post(CHANGELIST, {"action": "revoke", ACTION_CHECKBOX_NAME: [certificate.pk], "apply": "1", "reason": "x"})
    certificate.refresh_from_db()
    assert not certificate.is_revoked
