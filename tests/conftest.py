import os

import pytest

# Playwright runs an event loop in the test thread; the live server's ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    from courses.page_memo import lesson_page_clear
    from pagecache.routing import route_memo_clear

    cache.clear()
    lesson_page_clear()
    route_memo_clear()
    yield
    cache.clear()
    lesson_page_clear()
    route_memo_clear()


@pytest.fixture
def user(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture(autouse=True)
def _site_root_after_flush(request):
    """Transactional tests flush the database; put back what the data migrations made: the site root, Wagtail's root
    collection, the pupils' reporting routes and the privacy and accessibility statements.

    pytest-django's serialized rollback did not restore it after a transactional test that skipped, so the
    live-server journeys rebuild it here instead of depending on test order.
    """
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("transactional_db")
    from importlib import import_module

    from django.apps import apps
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page

    from elearning.models import HomePage

    if HomePage.objects.exists():
        return
    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
    Locale.objects.get_or_create(language_code="nl")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(title="Root", slug="root")
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    import_module("elearning.migrations.0002_site_root").create_site_root(apps, None)
    import_module("reporting.migrations.0003_pupil_routes").add_pupil_routes(apps, None)
    import_module("privacy.migrations.0002_default_statements").create_statements(apps, None)


@pytest.fixture
def admin_user(db):
    """pytest-django's ``admin_user`` (and so ``admin_client``), with the MFA that every superuser must have."""
    from accounts.models import User
    from tests.factories import mfa_enable

    user = User.objects.create_superuser(email="admin@example.com", password="password")
    mfa_enable(user)
    return user


@pytest.fixture
def clock(monkeypatch):
    """Moves the sessions' clock (idle limits) on by ``seconds`` from the real now."""
    from accounts import sessions

    start = sessions.now()
    state = {"now": start}
    monkeypatch.setattr(sessions, "now", lambda: state["now"])

    def move(seconds: int) -> None:
        state["now"] = start + seconds

    return move
