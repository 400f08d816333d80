"""Mail that can fail on its own (invitations, reminders, digests): queued after the commit, retried later.

A send that fails is logged and recorded on its row (``sent_at`` stays empty, a count of failed tries and the
time of the next one); the catch-up task (``organisations.tasks.mail_catch_up_task``, every few minutes)
tries again with a growing pause, so everything goes out once the mail server is back, and the coordinator
sees "wordt verstuurd" until then.
"""

import datetime
import logging
from datetime import timedelta

from django.db import transaction

logger = logging.getLogger(__name__)

GRACE = timedelta(minutes=5)  # the queued task's turn; after that the catch-up task steps in
RETRY_FIRST = timedelta(minutes=5)
RETRY_MAX = timedelta(hours=1)  # mail goes out at most this long after the mail server is back
MAIL_ERRORS = (OSError,)  # smtplib.SMTPException, refused connections and timeouts are all OSErrors


def retry_at(*, attempts: int, now: datetime.datetime) -> datetime.datetime:
    """When to try again after ``attempts`` failed tries: 5, 10, 20, 40 minutes, then every hour."""
    return now + min(RETRY_FIRST * 2 ** max(attempts - 1, 0), RETRY_MAX)


def enqueue_on_commit(task, *args) -> None:
    """Queue ``task`` once the transaction commits. Robust: with tasks in-process (no broker) the task runs
    inside the callback, and whatever it raises is logged instead of reaching the coordinator's request."""
    transaction.on_commit(lambda: task.delay(*args), robust=True)
