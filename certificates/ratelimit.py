"""A per-IP limit on the public verification page, in the shared cache (Redis in production).

A fixed one-minute window is enough here: with 130 random bits per code, the limit is not what stops
enumeration; it keeps scrapers and scripts from hammering the page.
"""

import time

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache


def verify_rate_limited(request) -> bool:
    """Count this request; True when the client's IP has used up its requests for this minute."""
    limit = getattr(settings, "CERTIFICATE_VERIFY_RATE_LIMIT_PER_MINUTE", 30)
    # The adapter honours ALLAUTH_TRUSTED_PROXY_COUNT, like the login rate limits do.
    ip = get_adapter(request).get_client_ip(request)
    key = f"certificates:verify:{ip}:{int(time.time() // 60)}"
    if cache.add(key, 1, timeout=61):
        return limit < 1
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=61)
        return False
