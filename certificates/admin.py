from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from certificates.forms import RevokeForm
from certificates.models import Certificate
from certificates.services import certificate_revoke


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("revoked", _("Revoked")), ("active", _("Not revoked"))]

    def queryset(self, request, queryset):
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        if self.value() == "active":
            return queryset.filter(revoked_at__isnull=True)
        return queryset


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Certificates are records: nobody adds, edits or deletes them here; staff can only revoke them."""

    list_display = ["display_code", "learner_name", "course_title", "completed_at", "expires_on", "revoked_at"]
    list_filter = [StatusFilter, "language"]
    search_fields = ["code", "learner_name", "course_title", "learner__email"]
    date_hierarchy = "issued_at"
    actions = ["revoke"]
    list_select_related = False
    exclude = ["pdf"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Certificate._meta.fields if field.name != "pdf"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke selected certificates"), permissions=["change"])
    def revoke(self, request, queryset):
        form = RevokeForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            certificates = list(queryset.filter(revoked_at__isnull=True))
            for certificate in certificates:
                certificate_revoke(certificate=certificate, reason=form.cleaned_data["reason"], revoked_by=request.user)
            count = len(certificates)
            self.message_user(
                request,
                ngettext("%(count)d certificate revoked.", "%(count)d certificates revoked.", count) % {"count": count},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Revoke certificates"),
            "opts": self.model._meta,
            "form": form,
            "certificates": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "certificates/admin/revoke.html", context)
