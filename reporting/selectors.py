from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

from reporting.cards import RouteCard
from reporting.models import ReportingRoute, ReportingRoutesPage

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


def viewer_is_pupil(request) -> bool:
    """Pupils read routes in their own voice; `classrooms`' middleware marks their requests."""
    return bool(getattr(request, "is_pupil", False))


def national_routes(*, for_pupils: bool) -> list[RouteCard]:
    """The national routes for one audience, in the editors' order: one query."""
    return [
        route.card(for_pupils=for_pupils)
        for route in ReportingRoute.objects.all()
        if route.is_for(for_pupils=for_pupils)
    ]


def route_cards(routes, *, for_pupils: bool) -> list[RouteCard]:
    """Routes an editor chose (a lesson block) as cards for the reader; routes not meant for them are left out."""
    return [route.card(for_pupils=for_pupils) for route in routes if route and route.is_for(for_pupils=for_pupils)]


def local_routes(*, request, for_pupils: bool) -> list[RouteCard]:
    """The viewer's own organisation's contacts, from the provider the project names (organisations provides it).

    ``settings.REPORTING_LOCAL_ROUTES`` names ``provider(*, request, for_pupils) -> list[RouteCard]``; without one,
    or without a request (a lesson body rendered for the cache), there are none. Asked once per request.
    """
    provider = getattr(settings, "REPORTING_LOCAL_ROUTES", "")
    if not provider or request is None:
        return []
    memo = request.__dict__.setdefault("_reporting_local_routes", {})
    if for_pupils not in memo:
        memo[for_pupils] = list(import_string(provider)(request=request, for_pupils=for_pupils))
    return memo[for_pupils]
