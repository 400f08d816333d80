"""A bounded memo kept in one web process: what a process keeps for itself instead of reading it from the shared
cache (and unpickling it) on every request.

Only for values that cannot go stale under their key, or whose staleness costs time and never a wrong answer:
``courses.page_memo`` keys a lesson page by everything it shows, so a change is a new key; ``pagecache.routing``
keeps the names of the keys a page read, which are only read ahead. Nothing is cleared except to make room (the
least recently used entry goes first). Hold only values no request changes: they are shared by all of them.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class ProcessMemo:
    def __init__(self, max_entries: Callable[[], int]):
        self._max_entries = max_entries  # read on every put: a setting the tests can change
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable):
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._max_entries():
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
