"""Settings for the test suite: fast hashing, in-memory e-mail, tasks in-process unless a test says otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The production routing (elearning/storage.py) over two local folders that follow MEDIA_ROOT (a temp dir per test).
STORAGES = {
    "default": {"BACKEND": "elearning.storage.MediaStorage"},
    "public": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests run tasks in-process; integration tests switch this off and talk to a real worker.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
# Rate limits are exercised explicitly in their own tests.
ACCOUNT_RATE_LIMITS = False
# A real OpenID Connect provider for the single sign-on tests (tests/identity), migrated with the test database.
INSTALLED_APPS = [*INSTALLED_APPS, "oauth2_provider"]  # noqa: F405
