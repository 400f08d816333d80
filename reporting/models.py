from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from pagecache.routing import CachedViewRestrictions
from reporting.cards import RouteCard, phone_href

ROUTE_NEEDS_PROFESSIONAL_TEXT = _("Write when staff and teachers use this route, or do not show it to them.")
ROUTE_NEEDS_AN_AUDIENCE = _("A route that is not for staff and teachers needs a text for pupils.")


class ReportingRoute(models.Model):
    """Where a signal can be reported. One row per route, so a phone number changes in one place.

    A route speaks to one audience in one voice: ``when_to_use`` to professionals (staff and teachers, "u"),
    ``pupil_text`` to pupils ("je"). A route is shown to pupils only when it has a pupil text.
    """

    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    url = models.URLField(_("website"), blank=True)
    for_professionals = models.BooleanField(
        _("show to staff and teachers"), default=True, help_text=_("They read the text under 'when to use'.")
    )
    when_to_use = models.TextField(_("when to use"), blank=True, help_text=_("For staff and teachers: write 'u'."))
    pupil_text = models.TextField(
        _("text for pupils"),
        blank=True,
        help_text=_("Written to a pupil, with 'je'. Only routes with this text are shown to pupils."),
    )
    hours = models.CharField(_("availability"), max_length=120, blank=True)
    is_emergency = models.BooleanField(_("emergency number"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        "name",
        "phone",
        "url",
        "for_professionals",
        "when_to_use",
        "pupil_text",
        "hours",
        "is_emergency",
        "sort_order",
    ]

    class Meta:
        verbose_name = _("reporting route")
        verbose_name_plural = _("reporting routes")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.for_professionals and not self.when_to_use.strip():
            raise ValidationError({"when_to_use": ROUTE_NEEDS_PROFESSIONAL_TEXT})
        if not self.for_professionals and not self.pupil_text.strip():
            raise ValidationError({"pupil_text": ROUTE_NEEDS_AN_AUDIENCE})

    @property
    def phone_href(self) -> str:
        return phone_href(self.phone)

    @property
    def text(self) -> str:
        return self.when_to_use

    def card(self, *, for_pupils: bool) -> RouteCard:
        """The route as the viewer reads it: in the pupils' voice or the professionals'."""
        return RouteCard(
            name=self.name,
            text=self.pupil_text if for_pupils else self.when_to_use,
            phone=self.phone,
            url=self.url,
            hours=self.hours,
            is_emergency=self.is_emergency,
        )

    @property
    def has_pupil_text(self) -> bool:
        return bool(self.pupil_text.strip())

    def is_for(self, *, for_pupils: bool) -> bool:
        return self.has_pupil_text if for_pupils else self.for_professionals


class ReportingRoutesPage(CachedViewRestrictions, Page):
    """The page "Waar meld ik?": an editable introduction above all reporting routes."""

    intro = RichTextField(_("introduction"), blank=True)
    outro = RichTextField(_("after the routes"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("outro")]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("reporting routes page")

    def route(self, request, path_components):
        """``signaalkaart/<audience>/`` below the page is that audience's signal card (a PDF)."""
        from reporting.signal_card import PATH, audience_for_slug

        if len(path_components) == 2 and path_components[0] == PATH and self.live:
            audience = audience_for_slug(path_components[1])
            if audience is None:
                raise Http404
            return RouteResult(self, kwargs={"signal_card": audience})
        return super().route(request, path_components)

    def serve(self, request, *args, signal_card=None, **kwargs):
        if signal_card is not None:
            from reporting.signal_card import signal_card_response

            return signal_card_response(request, audience=signal_card)
        return super().serve(request, *args, **kwargs)
