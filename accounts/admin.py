from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.services import user_mfa_reset

MFA_RESET_LOG_MESSAGE = "Two-factor authentication reset by {admin}."


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    actions = ["reset_mfa"]

    @admin.action(description=_("Reset two-factor authentication (lost phone)"), permissions=["change"])
    def reset_mfa(self, request, queryset):
        for user in queryset:
            user_mfa_reset(user=user, reset_by=request.user)
            self.log_change(request, user, MFA_RESET_LOG_MESSAGE.format(admin=request.user.email))
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "Two-factor authentication reset for %(count)d user: they set it up again when they next log in.",
                "Two-factor authentication reset for %(count)d users: they set it up again when they next log in.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
