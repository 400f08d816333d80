"""Wagtail's page routing, answered from the cache while the page tree is unchanged.

Wagtail resolves a URL with a query for the site, one or two per level of the tree and two more for view
restrictions: nine for a lesson, the largest share of a lesson page's time. The tree changes only when an
editor saves, publishes, moves or deletes a page, or edits a site or a view restriction; each of those bumps
the *tree version* (at once, and again after commit so that no reader caches what it read before the commit).
A route is cached under its host and path together with the version it was computed at, and is used only
while that version is current: there is nothing to clear, and an evicted version key starts at a new number.

Only plain routes are cached (a page without extra view arguments); the rest takes Wagtail's way every time.
The cache must be shared by every web process (Redis in production): with a per-process cache, a change made
in one process reaches the others when their entries expire, after ROUTE_SECONDS at most.

Each web process also remembers, per route, the keys its page read last time (``PAGE_ROUTE_MEMO_ENTRIES`` routes):
the next request for the path reads them together with its session, the tree version and the route, in one round
trip (``pagecache.prefetch``). Only key names are kept in the process, never a page: a page object is built
afresh from the cache for every request (its body resolves quizzes and activities lazily, and keeps them).
"""

import copy
import hashlib
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import cache
from wagtail.models import Page, Site

from pagecache.process_memo import ProcessMemo
from pagecache.versions import version_changed, version_get

TREE_VERSION_KEY = "pages:tree-version"
ROUTE_SECONDS = 10 * 60


@dataclass(frozen=True)
class CachedRoute:
    version: int
    site: Site
    page: Page
    view_restrictions: list
    prefetch: tuple = ()  # the cache keys its page read (pagecache/prefetch.py)


class CachedViewRestrictions:
    """For page models: Wagtail's view-restriction check uses the restrictions cached with the route."""

    def get_view_restrictions(self):
        cached = getattr(self, "_cached_view_restrictions", None)
        return super().get_view_restrictions() if cached is None else cached


def tree_version() -> int:
    return version_get(TREE_VERSION_KEY)


def tree_version_of(page) -> int:
    """The tree version a routed page (or its parent) was routed under, else the current one."""
    return getattr(page, "_routed_tree_version", None) or tree_version()


def tree_changed() -> None:
    version_changed(TREE_VERSION_KEY)


def _route_key(request, path: str) -> str:
    # Wagtail tells sites apart by hostname and port; a browser leaves the port out of Host for 80 and 443.
    digest = hashlib.sha256(f"{request.get_host()}\n{request.get_port()}\n{path}".encode()).hexdigest()
    return f"pages:route:{digest}"


# {route key: the keys its page read last time}, as this process last saw them.
_process_prefetch = ProcessMemo(lambda: settings.PAGE_ROUTE_MEMO_ENTRIES)


def route_cache_keys(request, path: str) -> list[str]:
    """The cache keys (as ``cache.make_key_for`` makes them) to read ahead for this path (``pagecache.prefetch``):
    the tree version, the route and the keys its page read when this process last served it."""
    key = _route_key(request, path)
    return [cache.make_key_for(TREE_VERSION_KEY), cache.make_key_for(key), *(_process_prefetch.get(key) or ())]


def route_for_request(request, path: str):
    """Like ``Page.route_for_request`` (and leaves its result on the request for Wagtail's serve view)."""
    key = _route_key(request, path)
    found = cache.get_many([TREE_VERSION_KEY, key])
    version = found.get(TREE_VERSION_KEY) or tree_version()
    cached = found.get(key)
    if cached is not None and cached.version == version:
        _prefetch(request, key, cached)
        page = cached.page
        page._cached_view_restrictions = cached.view_restrictions
        request._wagtail_site = cached.site
        request._wagtail_route_for_request = (page, [], {})
        _mark_routed(page, version)
        return request._wagtail_route_for_request
    result = Page.route_for_request(request, path)
    if result is not None and not result[1] and not result[2]:
        page = result[0]
        route = _as_cached(
            CachedRoute(version, Site.find_for_request(request), page, list(page.get_view_restrictions()))
        )
        cache.set(key, route, ROUTE_SECONDS)
        _prefetch(request, key, route)
        _mark_routed(page, version)
    return result


def _as_cached(route: CachedRoute) -> CachedRoute:
    """The route without what its pages never read, which every request would unpickle again: the site's root page
    (Wagtail reads the site's root paths from their own cache entry) and the tree above the page's parent (a lesson
    shows its course; a course links to the catalogue). Whatever reads them all the same gets them from the
    database."""
    site = copy.copy(route.site)
    site._state.fields_cache.pop("root_page", None)
    page = copy.copy(route.page)
    parent = page.__dict__.get("_cached_parent_obj")
    if parent is not None:
        parent = page._cached_parent_obj = copy.copy(parent)
        parent.__dict__.pop("_cached_parent_obj", None)
    return replace(route, site=site, page=page)


def _prefetch(request, key: str, route: CachedRoute) -> None:
    """Read the keys the route's page read last time in one round trip; remember the route for the list's update."""
    prefetch = getattr(cache, "prefetch", None)
    if prefetch is None:
        return
    if route.prefetch:
        prefetch(route.prefetch)  # nothing left to read when the first round trip had them
        _process_prefetch.put(key, route.prefetch)
    own_keys = {cache.make_key_for(TREE_VERSION_KEY), cache.make_key_for(key)}
    request._pagecache_route = (key, route, own_keys)


def route_prefetch_learned(key: str, route: CachedRoute, new_keys: list[str]) -> None:
    """The route's page read ``new_keys`` that its route did not list: read them ahead from the next request on."""
    route = replace(route, prefetch=(*route.prefetch, *new_keys))
    cache.set(key, route, ROUTE_SECONDS)
    _process_prefetch.put(key, route.prefetch)


def route_memo_clear() -> None:
    _process_prefetch.clear()


def _mark_routed(page, version: int) -> None:
    """Data cached under the tree version can be read without asking for the version again."""
    for routed in (page, page.__dict__.get("_cached_parent_obj")):
        if routed is not None:
            routed._routed_tree_version = version
