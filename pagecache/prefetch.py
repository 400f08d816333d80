"""One round trip to the cache for a page: what every request reads first and what its page reads, together.

A logged-in lesson page read about a dozen keys one at a time: its session, the tree version, its route, the
lesson's body and activity index, the course's lessons, and the links in the header and footer. Each round trip
to Redis costs more CPU in the client than the lookup saves on the server. With a cache that can read ahead
(``prefetch``, ``make_key_for`` and ``request_reads``: ``elearning.cache.RedisCache``; other backends skip all
of this):

1. ``CachePrefetchMiddleware`` (right after the session middleware) reads the session, the tree version and,
   for GET and HEAD, what ``pagecache.routing.route_cache_keys`` names for the path in one ``MGET``: the route
   and, when this web process served the path before, the keys its page read then;
2. a route read from the cache carries the keys its page read last time (``CachedRoute.prefetch``), and routing
   reads those in one more ``MGET`` (the first request for a path in a process, or after the tree changed);
3. after a page answered 200, keys it read that its route did not list yet are added to the route's list
   (at most ``PREFETCH_MAX_KEYS``). The list belongs to one tree version, like the route, so keys made from
   the version stay right; a key listed in vain costs a few bytes in an ``MGET``, never a wrong answer, because
   every value still comes from the cache.
"""

import re
from contextlib import suppress
from importlib import import_module

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost

PREFETCH_MAX_KEYS = 24
_SESSION_KEY = re.compile(r"^[a-z0-9]{8,64}$")


def _session_cache_key(request) -> str | None:
    """The cache key of the request's session when the session engine keeps sessions in the default cache."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    if not _SESSION_KEY.match(session_key) or getattr(settings, "SESSION_CACHE_ALIAS", "default") != "default":
        return None
    prefix = getattr(import_module(settings.SESSION_ENGINE).SessionStore, "cache_key_prefix", None)
    return None if prefix is None else cache.make_key_for(prefix + session_key)


class CachePrefetchMiddleware:
    """Reads what every request reads first in one round trip, and keeps the routes' lists of keys up to date."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = hasattr(cache, "prefetch")

    def __call__(self, request):
        if not self.enabled:
            return self.get_response(request)
        from pagecache.routing import TREE_VERSION_KEY, route_cache_keys

        # The tree version: pages, and every activity request's access check (courses/access.py), read it.
        keys = [cache.make_key_for(TREE_VERSION_KEY)]
        if session := _session_cache_key(request):
            keys.append(session)
        if request.method in ("GET", "HEAD"):
            with suppress(DisallowedHost):  # CommonMiddleware answers 400
                keys += route_cache_keys(request, request.path_info[1:])
        cache.prefetch(keys)
        response = self.get_response(request)
        if response.status_code == 200:
            _route_prefetch_learn(request, skip={session})
        return response


def _route_prefetch_learn(request, *, skip: set) -> None:
    routed = getattr(request, "_pagecache_route", None)
    if routed is None:
        return
    from pagecache.routing import route_prefetch_learned

    key, route, own_keys = routed
    listed = set(route.prefetch)
    new = [k for k in cache.request_reads() if k not in listed and k not in skip and k not in own_keys]
    if new and len(listed) + len(new) <= PREFETCH_MAX_KEYS:
        route_prefetch_learned(key, route, new)
