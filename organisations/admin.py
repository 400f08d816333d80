from django.contrib import admin

from organisations.audit import memberships_admin_log
from organisations.models import Assignment, Invitation, Membership, Organisation, Team


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "cbs_code"]
    list_filter = ["kind"]
    search_fields = ["name", "cbs_code"]
    inlines = [MembershipInline]

    def save_formset(self, request, form, formset, change):
        old_roles = {f.instance.pk: f.initial.get("role") for f in formset.initial_forms}
        super().save_formset(request, form, formset, change)
        if formset.model is Membership:
            memberships_admin_log(organisation=form.instance, user=request.user, formset=formset, old_roles=old_roles)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]
    list_filter = ["organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "sent_at", "accepted_at", "expires_at"]
    exclude = ["token_hash"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["course", "organisation", "team", "membership", "due_date"]
    list_filter = ["organisation"]
