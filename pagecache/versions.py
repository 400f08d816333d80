"""Version numbers in the cache, which cached entries are keyed by: a change bumps the number and nothing needs
clearing, since entries under the old number are simply never asked for again.

A change bumps its version at once and again after its commit, so that no reader caches what it read before the
commit under the new number. An evicted version starts again at a new number (the clock in nanoseconds), so no
entry from before the eviction can match.
"""

import time

from django.core.cache import cache
from django.db import transaction


def version_get(key: str) -> int:
    version = cache.get(key)
    return _version_start(key) if version is None else version


def version_changed(key: str) -> None:
    _version_bump(key)
    transaction.on_commit(lambda: _version_bump(key))


def _version_start(key: str) -> int:
    cache.add(key, time.time_ns(), timeout=None)
    return cache.get(key)


def _version_bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        _version_start(key)
