from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "identity"
    verbose_name = _("Single sign-on")

    def ready(self):
        from allauth.account.signals import user_logged_in

        from identity import handlers

        user_logged_in.connect(handlers.on_sso_login, dispatch_uid="identity_on_sso_login")
