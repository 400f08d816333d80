"""The external hosts a package wants to load from, found at upload so an editor can allow them one by one.

Found in ``content.json`` (every absolute http(s) URL in a string, after filtering) and in the libraries' CSS
and JS (only where code loads something: ``url(...)``, ``@import``, ``src=`` and ``href=``). Left out of
``content.json``: link targets in HTML (``href="..."``: a link is followed, not loaded) and the attribution of
``copyright`` and ``metadata`` (a source is shown, not loaded). A host is its origin, "https://www.youtube.com".
"""

import html
import re
import zipfile
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

from h5p.filetypes import extension_of

HOSTS_WANTED = _("This package wants to load content from: %(hosts)s. Allow them under “External sites” if needed.")

# Library code is read as text up to this many bytes per file; a URL past it is not found.
CODE_READ_LIMIT = 2 * 1024 * 1024
_CONTENT_URL = re.compile(r"(href\s*=\s*[\"']?)?(https?://[^\s\"'<>()\\]+)", re.IGNORECASE)
_CODE_URL = re.compile(
    r"(?:url\(\s*[\"']?|@import\s+[\"']|\b(?:src|href)\s*=\s*[\"']?)((?:https?:)?//[^\s\"'<>()\\]+)", re.IGNORECASE
)
_ATTRIBUTION_KEYS = frozenset({"copyright", "metadata"})


def origin(url: str) -> str | None:
    """``scheme://host[:port]`` of an http(s) URL (scheme-relative counts as https), or None."""
    try:
        parts = urlsplit(url if not url.startswith("//") else f"https:{url}")
        port = parts.port
    except ValueError:
        return None
    host = parts.hostname
    if parts.scheme.lower() not in ("http", "https") or not host or not re.fullmatch(r"[a-z0-9.-]+", host):
        return None
    default = {"http": 80, "https": 443}[parts.scheme.lower()]
    return f"{parts.scheme.lower()}://{host}" + (f":{port}" if port and port != default else "")


def content_hosts(content) -> set[str]:
    """Origins named in the strings of ``content``; iterative, so any depth is safe."""
    found: set[str] = set()
    stack = [content]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(item for key, item in value.items() if key not in _ATTRIBUTION_KEYS)
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str):
            found.update(origin(url) for link, url in _CONTENT_URL.findall(html.unescape(value)) if not link)
    found.discard(None)
    return found


def code_hosts(text: str) -> set[str]:
    """Origins that CSS or JS loads from."""
    return {host for host in map(origin, _CODE_URL.findall(text)) if host}


def package_hosts(archive: zipfile.ZipFile, *, entries: list[zipfile.ZipInfo], content: dict) -> list[str]:
    """Every origin the package wants, sorted."""
    found = content_hosts(content)
    for info in entries:
        if info.filename.startswith("content/") or extension_of(info.filename) not in ("css", "js"):
            continue
        with archive.open(info) as stream:
            found |= code_hosts(stream.read(CODE_READ_LIMIT).decode("utf-8", errors="replace"))
    return sorted(found)
