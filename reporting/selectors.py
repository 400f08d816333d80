from django.core.cache import cache

from reporting.models import ReportingRoutesPage

_PAGE_URL_CACHE_KEY = "reporting:routes-page-url"


def reporting_page_url() -> str | None:
    """The URL of "Waar meld ik?", cached because the footer of every page links to it."""
    url = cache.get(_PAGE_URL_CACHE_KEY)
    if url is None:
        page = ReportingRoutesPage.objects.live().first()
        url = page.url if page else ""
        cache.set(_PAGE_URL_CACHE_KEY, url, 300)
    return url or None


def reporting_page_url_forget() -> None:
    cache.delete(_PAGE_URL_CACHE_KEY)
