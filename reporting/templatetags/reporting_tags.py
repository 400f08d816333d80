"""Reporting routes for whoever is reading: a pupil gets the pupils' routes in "je", staff and teachers get
theirs in "u", and members of an organisation get their organisation's own contacts first.

Without a request in the context (a lesson body rendered once for the cache) there is no reader, so only the
national routes are rendered: nothing personal can end up in a shared cache.
"""

from dataclasses import dataclass, field

from django import template

from reporting.cards import RouteCard
from reporting.selectors import local_routes, national_routes, reporting_page_url, route_cards, viewer_is_pupil

register = template.Library()


@dataclass(frozen=True)
class ViewerRoutes:
    for_pupils: bool
    national: list[RouteCard] = field(default_factory=list)
    local: list[RouteCard] = field(default_factory=list)


@register.simple_tag(takes_context=True)
def viewer_routes(context, chosen=None) -> ViewerRoutes:
    """``{% viewer_routes as routes %}``: all national routes; ``{% viewer_routes value.routes as routes %}``:
    the routes an editor chose for a lesson block."""
    request = context.get("request")
    for_pupils = viewer_is_pupil(request)
    national = national_routes(for_pupils=for_pupils) if chosen is None else route_cards(chosen, for_pupils=for_pupils)
    return ViewerRoutes(for_pupils, national, local_routes(request=request, for_pupils=for_pupils))


@register.simple_tag
def signal_card_url(audience: str) -> str:
    """``{% signal_card_url "teachers" %}``: where that audience's signal card is (below "Waar meld ik?")."""
    from reporting.signal_card import PATH, SLUGS

    page_url = reporting_page_url()
    slug = SLUGS.get(audience)
    return f"{page_url}{PATH}/{slug}/" if page_url and slug else ""
