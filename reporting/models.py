from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from pagecache.routing import CachedViewRestrictions


class ReportingRoute(models.Model):
    """Where a signal can be reported. One row per route, so a phone number changes in one place."""

    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    url = models.URLField(_("website"), blank=True)
    when_to_use = models.TextField(_("when to use"))
    hours = models.CharField(_("availability"), max_length=120, blank=True)
    is_emergency = models.BooleanField(_("emergency number"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = ["name", "phone", "url", "when_to_use", "hours", "is_emergency", "sort_order"]

    class Meta:
        verbose_name = _("reporting route")
        verbose_name_plural = _("reporting routes")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @property
    def phone_href(self) -> str:
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else ""


class ReportingRoutesPage(CachedViewRestrictions, Page):
    """The page "Waar meld ik?": an editable introduction above all reporting routes."""

    intro = RichTextField(_("introduction"), blank=True)
    outro = RichTextField(_("after the routes"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("outro")]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("reporting routes page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["routes"] = ReportingRoute.objects.all()
        return context
