"""The Celery app, configured from Django settings under the ``CELERY_`` namespace.

Like wsgi.py and asgi.py it defaults to the production settings, which refuse to start without SECRET_KEY,
ALLOWED_HOSTS and DATABASE_URL: a worker started without DJANGO_SETTINGS_MODULE must never run with DEBUG and
the development key. ``make worker`` and ``make beat`` name the settings they use.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearning.settings.production")

app = Celery("elearning")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
