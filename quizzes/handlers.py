"""A saved or deleted quiz changes the quizzes' content version at once and again after the commit."""

from contextlib import suppress

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from quizzes.models import Quiz
from quizzes.selectors import QUIZ_CONTENT_VERSION_KEY


def _bump() -> None:
    with suppress(ValueError):  # not set: the next reader starts a new number
        cache.incr(QUIZ_CONTENT_VERSION_KEY)


@receiver(post_save, sender=Quiz)
@receiver(post_delete, sender=Quiz)
def quiz_content_changed(sender, instance, **kwargs):
    _bump()
    transaction.on_commit(_bump)
