from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElearningConfig(AppConfig):
    name = "elearning"
    verbose_name = _("Signaal")
