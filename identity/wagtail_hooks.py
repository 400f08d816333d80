from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from identity.services import SSO_CONFIGURED
from organisations.audit import formatter


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(SSO_CONFIGURED)(formatter(_("Single sign-on configured")))
