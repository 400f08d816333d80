"""A saved or deleted quiz changes the quizzes' content version."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from pagecache.versions import version_changed
from quizzes.models import Quiz
from quizzes.selectors import QUIZ_CONTENT_VERSION_KEY


@receiver(post_save, sender=Quiz)
@receiver(post_delete, sender=Quiz)
def quiz_content_changed(sender, instance, **kwargs):
    version_changed(QUIZ_CONTENT_VERSION_KEY)
