"""Revoking a certificate is on the audit trail: who revoked it and why."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from wagtail.models import ModelLogEntry

from certificates.audit import CERTIFICATE_REVOKED
from certificates.services import certificate_revoke
from tests.certificates.factories import issued_certificate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_revoking_in_the_admin_logs_who_and_why(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    certificate = issued_certificate()

    client.post(
        reverse("admin:certificates_certificate_changelist"),
        {"action": "revoke", ACTION_CHECKBOX_NAME: [certificate.pk], "apply": "1", "reason": "Toets niet zelf gemaakt"},
    )

    entry = ModelLogEntry.objects.get(action=CERTIFICATE_REVOKED)
    assert (entry.user, entry.object_id) == (admin, str(certificate.pk))
    assert entry.data == {"reason": "Toets niet zelf gemaakt", "learner": certificate.learner_id}
    assert certificate.learner_name not in entry.label
    assert str(entry.message) == "Certificaat ingetrokken: Toets niet zelf gemaakt"


def test_revoking_twice_logs_once():
    certificate = issued_certificate()
    certificate_revoke(certificate=certificate, reason="Fout")
    certificate_revoke(certificate=certificate, reason="Nog eens")
    assert ModelLogEntry.objects.filter(action=CERTIFICATE_REVOKED).count() == 1
