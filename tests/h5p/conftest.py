import io

import pytest

from h5p.validation import PackageRejected, package_validate
from tests.h5p.factories import SHARED


def pytest_collection_modifyitems(items):
    for item in items:
        if "shared" in item.fixturenames and not SHARED.is_dir():
            item.add_marker(pytest.mark.skip(reason="../shared/h5p is not present"))


@pytest.fixture
def shared():
    return SHARED


@pytest.fixture
def rejection():
    """Validate bytes and return the ``PackageRejected`` raised."""

    def _rejection(data: bytes) -> PackageRejected:
        with pytest.raises(PackageRejected) as caught:
            package_validate(io.BytesIO(data))
        return caught.value

    return _rejection


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="h5p", codename__endswith="h5pactivity"),
        Permission.objects.get(codename="access_admin"),
    )
    return user


@pytest.fixture(autouse=True)
def _engine_on_its_own(settings):
    """These specs are about the engine, so every logged-in learner may use every activity; which learner may
    use which activity is courses' policy, specified in tests/courses/test_access.py."""
    settings.H5P_ACCESS_POLICY = "tests.policies.everyone"
