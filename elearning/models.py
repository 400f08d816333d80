from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from pagecache.routing import CachedViewRestrictions

# Content is Dutch first: these defaults fill a new site (and the demo) so the front door is never empty.
PUPILS_TEXT_DEFAULT = "Je docent geeft je een klascode. Je hebt geen e-mailadres of echte naam nodig."
TEACHERS_TEXT_DEFAULT = (
    "Volg de docentencursus in 30 tot 60 minuten, haal uw certificaat en geef daarna de lessen aan uw klas."
)
STAFF_TEXT_DEFAULT = "Herken signalen van mensenhandel in uw werk bij de gemeente en weet wat u doet als u iets ziet."


class HomePage(CachedViewRestrictions, Page):
    """The site root: what Signaal is for, and the way in for each audience."""

    intro = RichTextField(_("introduction"), blank=True)
    pupils_text = models.TextField(_("text for pupils"), blank=True, default=PUPILS_TEXT_DEFAULT)
    teachers_text = models.TextField(_("text for teachers"), blank=True, default=TEACHERS_TEXT_DEFAULT)
    staff_text = models.TextField(_("text for municipal staff"), blank=True, default=STAFF_TEXT_DEFAULT)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("pupils_text"), FieldPanel("teachers_text"), FieldPanel("staff_text")],
            heading=_("Per audience"),
        ),
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from elearning.selectors import catalogue_url

        context = super().get_context(request, *args, **kwargs)
        context["catalogue_url"] = catalogue_url()
        return context


class WorkerHeartbeat(models.Model):
    """The last time a Celery worker ran the periodic heartbeat: shows that jobs are being processed."""

    worker = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.worker} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"
