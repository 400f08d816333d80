"""Reporting listens to Wagtail: a published or unpublished "Waar meld ik?" page changes the cached link to it."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from reporting.models import ReportingRoutesPage
from reporting.selectors import reporting_page_url_forget


@receiver(page_published, sender=ReportingRoutesPage)
@receiver(page_unpublished, sender=ReportingRoutesPage)
def forget_cached_url(sender, **kwargs):
    reporting_page_url_forget()
