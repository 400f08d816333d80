"""A changed or deleted activity is forgotten by the cache at once and again after the commit."""

from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from h5p.models import H5PActivity
from h5p.selectors import activity_cache_key


@receiver(post_save, sender=H5PActivity)
@receiver(post_delete, sender=H5PActivity)
def forget_cached_activity(sender, instance, **kwargs):
    key = activity_cache_key(instance.pk)
    cache.delete(key)
    transaction.on_commit(partial(cache.delete, key))
