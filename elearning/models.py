from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from pagecache.routing import CachedViewRestrictions


class HomePage(CachedViewRestrictions, Page):
    """The site root: what Signaal is for, and the way in for each audience."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")


class WorkerHeartbeat(models.Model):
    """The last time a Celery worker ran the periodic heartbeat: shows that jobs are being processed."""

    worker = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.worker} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"
