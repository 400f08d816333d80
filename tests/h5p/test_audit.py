"""Uploading and deleting H5P packages (code that runs in learners' browsers) is on the audit trail."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from h5p.models import H5PActivity
from h5p.wagtail_hooks import ACTIVITY_DELETED, PACKAGE_UPLOADED
from tests.h5p.factories import package_bytes, upload

pytestmark = pytest.mark.django_db


def test_an_upload_and_a_deletion_are_logged_with_the_editor(client, editor):
    client.force_login(editor)
    client.post(
        reverse("wagtailsnippets_h5p_h5pactivity:add"),
        {"title": "", "package": upload(package_bytes(), "kaart.h5p"), "is_published": "on"},
    )
    activity = H5PActivity.objects.get()
    client.post(reverse("wagtailsnippets_h5p_h5pactivity:delete", args=[activity.pk]))

    uploaded, deleted = (
        ModelLogEntry.objects.get(action=PACKAGE_UPLOADED),
        ModelLogEntry.objects.get(action=ACTIVITY_DELETED),
    )
    assert (uploaded.user, uploaded.object_id) == (editor, str(activity.pk))
    assert uploaded.data == {"main_library": activity.main_library, "package": "kaart.h5p"}
    assert (deleted.user, deleted.data["main_library"]) == (editor, activity.main_library)
    assert not H5PActivity.objects.exists()
