from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from allauth.mfa import signals as mfa_signals
        from django.contrib.auth.signals import user_logged_in

        from accounts import handlers

        user_logged_in.connect(handlers.on_user_logged_in, dispatch_uid="accounts_session_on_login")
        for signal in (mfa_signals.authenticator_added, mfa_signals.authenticator_removed):
            signal.connect(handlers.on_authenticator_changed, dispatch_uid=f"accounts_mfa_{id(signal)}")
