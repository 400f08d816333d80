from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from pagecache.routing import CachedViewRestrictions


class StatementPage(CachedViewRestrictions, Page):
    """A statement the platform owes its users, edited in Wagtail like any page; one of each kind, under home."""

    body = RichTextField(_("text"), blank=True)
    reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)

    content_panels = Page.content_panels + [FieldPanel("body"), FieldPanel("reviewed_on")]
    parent_page_types = ["elearning.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        abstract = True


class PrivacyStatementPage(StatementPage):
    """Privacyverklaring: which personal data Signaal keeps, why, for how long, and the rights people have."""

    template = "privacy/statement_page.html"

    class Meta:
        verbose_name = _("privacy statement")


class AccessibilityStatementPage(StatementPage):
    """Toegankelijkheidsverklaring: the standard the platform meets, how that is tested, and known gaps."""

    template = "privacy/statement_page.html"

    class Meta:
        verbose_name = _("accessibility statement")
