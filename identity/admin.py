from django.contrib import admin
from django.db import models

from identity.models import OrganisationSSO, SSODomain


class SSODomainInline(admin.TabularInline):
    model = SSODomain
    extra = 1


@admin.register(OrganisationSSO)
class OrganisationSSOAdmin(admin.ModelAdmin):
    """The platform admin's view of every organisation's provider; organisation admins use their own page."""

    list_display = ["organisation", "issuer", "is_active", "password_login", "self_join"]
    list_filter = ["is_active", "password_login", "self_join"]
    search_fields = ["organisation__name", "issuer", "domains__domain"]
    inlines = [SSODomainInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
