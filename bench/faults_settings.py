"""Settings for `make faults`' Celery beat only: production, with the catch-up tasks every 15 seconds.

The catch-up intervals (5 minutes) are not read from the environment, so the fault run's beat imports the
production settings and shortens those three; gunicorn and the worker run ``elearning.settings.production``.
"""

from elearning.settings.production import *  # noqa: F403
from elearning.settings.production import CELERY_BEAT_SCHEDULE

CATCH_UP = ("certificates-issue-missing", "certificates-email-unsent", "organisations-mail-catch-up")
CATCH_UP_SECONDS = 15.0
CELERY_BEAT_SCHEDULE = {
    name: {**entry, "schedule": CATCH_UP_SECONDS} if name in CATCH_UP else entry
    for name, entry in CELERY_BEAT_SCHEDULE.items()
}
