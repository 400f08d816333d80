"""Replacing and deleting an activity's package."""

import io
from pathlib import Path
from unittest import mock

import pytest

from h5p.models import H5PActivity, H5PContentState, H5PResult, H5PStatement
from h5p.services import activity_create, activity_delete, activity_update
from h5p.validation import PackageRejected
from tests.factories import UserFactory
from tests.h5p.factories import H5PActivityFactory, package_bytes

pytestmark = pytest.mark.django_db


def stored(settings, name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def test_replacing_the_package_re_extracts_keeps_attempts_and_discards_saved_state(
    settings, django_capture_on_commit_callbacks
):
    activity = H5PActivityFactory()
    learner = UserFactory()
    old_content, old_package, old_version = activity.content_path, activity.package.name, activity.package_version
    H5PResult.objects.create(learner=learner, activity=activity, scaled=0.5, completed=True, attempts=1)
    H5PStatement.objects.create(learner=learner, activity=activity, verb="http://x", statement={})
    H5PContentState.objects.create(learner=learner, activity=activity, data_type="state", sub_content_id="0", data="{}")
    new_package = package_bytes(**{"content/content.json": b'{"text": "Nieuw"}'})

    with django_capture_on_commit_callbacks(execute=True):
        activity_update(activity=activity, title="Nieuw", is_published=True, package=io.BytesIO(new_package))

    activity.refresh_from_db()
    assert activity.package_version != old_version
    assert stored(settings, f"{activity.content_path}/content/content.json").read_bytes() == b'{"text": "Nieuw"}'
    assert not stored(settings, old_content).exists()
    assert not stored(settings, old_package).exists()
    assert H5PResult.objects.filter(activity=activity).count() == 1
    assert H5PStatement.objects.filter(activity=activity).count() == 1
    assert not H5PContentState.objects.filter(activity=activity).exists()


def test_a_rejected_replacement_changes_nothing(settings):
    activity = H5PActivityFactory()
    before = sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())
    with pytest.raises(PackageRejected):
        activity_update(activity=activity, title="x", is_published=True, package=io.BytesIO(b"nope"))
    assert sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()) == before
    assert H5PActivity.objects.get().package_version == activity.package_version


def test_changing_only_the_title_keeps_the_files_and_the_saved_state():
    activity = H5PActivityFactory()
    H5PContentState.objects.create(
        learner=UserFactory(), activity=activity, data_type="state", sub_content_id="0", data="{}"
    )
    activity_update(activity=activity, title="Andere titel", is_published=False)
    assert H5PContentState.objects.count() == 1
    assert H5PActivity.objects.get().title == "Andere titel"


def test_deleting_removes_the_files_after_commit(settings, django_capture_on_commit_callbacks):
    activity = H5PActivityFactory()
    content, package = activity.content_path, activity.package.name
    with django_capture_on_commit_callbacks(execute=True):
        activity_delete(activity=activity)
    assert not H5PActivity.objects.exists()
    assert not stored(settings, content).exists()
    assert not stored(settings, package).exists()


def test_a_storage_failure_halfway_leaves_no_file_and_no_row(settings):
    from django.core.files.storage import default_storage

    real_save = default_storage.save
    calls = []

    def failing_save(name, content, **kwargs):
        calls.append(name)
        if len(calls) == 3:
            raise OSError("disk full")
        return real_save(name, content, **kwargs)

    with mock.patch.object(default_storage, "save", side_effect=failing_save), pytest.raises(OSError):
        activity_create(package=io.BytesIO(package_bytes()))
    assert not H5PActivity.objects.exists()
    assert [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()] == []
