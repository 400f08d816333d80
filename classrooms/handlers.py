"""Keeps pupils from outliving their class when the class goes by a cascade (e.g. its teacher's account
is deleted): the pupil Users would otherwise stay behind without a class."""

from django.contrib.auth import get_user_model
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from classrooms.models import SchoolClass


@receiver(pre_delete, sender=SchoolClass, dispatch_uid="classrooms_school_class_pupils_delete")
def school_class_pupils_delete(sender, instance: SchoolClass, **kwargs):
    user_ids = list(instance.pupils.values_list("user_id", flat=True))
    if user_ids:
        get_user_model().objects.filter(pk__in=user_ids).delete()
