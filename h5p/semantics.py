"""Filtering ``content.json`` against the libraries' ``semantics.json``, as H5P core does when content is saved.

A package's parameters are what its content types put on the page, often as HTML. H5P's editor only ever
writes what the semantics allow, but a package made by hand can hold anything, so every value is held to its
field: text is escaped (or, for fields that allow ``tags``, cleaned by ``nh3`` down to those tags), numbers are
clamped, selects and booleans fall back to their default, lists are cut at ``max``, sub-content must name a
library the field offers and that the package holds, file paths must stay inside the package, and keys the
semantics do not know are dropped. Every change is noted (``Change``) so the editor can be told.

Kept as H5P keeps it: the parameters of a library without ``semantics.json``. Not checked: a text field's
``regexp`` (the pattern comes from the package; running it could take forever).
"""

import html
import math
import posixpath
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3
from django.utils.translation import gettext_lazy as _

from h5p.structure import CONTENT_JSON, _json_document, _json_object

CHANGES_HEADING = _("Some content in this package was removed or corrected because it is not allowed here:")
CHANGES_MORE = _("and %(count)s more")
NOT_A_TEXT = _("%(path)s: not a text, left empty")
MARKUP_ESCAPED = _("%(path)s: HTML is not allowed here and is shown as text")
TAG_REMOVED = _("%(path)s: tag <%(tag)s> removed")
ATTRIBUTE_REMOVED = _("%(path)s: attribute %(attribute)s removed")
LINK_REMOVED = _("%(path)s: link %(url)s removed")
STYLE_REMOVED = _("%(path)s: style “%(style)s” removed")
TEXT_SHORTENED = _("%(path)s: shortened to %(limit)s characters")
NOT_A_NUMBER = _("%(path)s: not a number, default used")
NUMBER_OUT_OF_RANGE = _("%(path)s: %(value)s is out of range, %(used)s used")
NOT_A_BOOLEAN = _("%(path)s: not a boolean, default used")
NOT_AN_OPTION = _("%(path)s: not one of the options, default used")
LIST_TOO_LONG = _("%(path)s: more than %(limit)s items, the rest removed")
VALUE_REMOVED = _("%(path)s: value of the wrong kind removed")
UNKNOWN_FIELD = _("%(path)s: unknown field removed")
LIBRARY_NOT_ALLOWED = _("%(path)s: content type %(library)s is not allowed here, removed")
LIBRARY_NOT_IN_PACKAGE = _("%(path)s: content type %(library)s is not in the package, removed")
FILE_PATH_INVALID = _("%(path)s: file %(file)s is outside the package, removed")
MIME_NOT_ALLOWED = _("%(path)s: file type %(mime)s is not allowed, removed")
TOO_DEEP = _("%(path)s: nested too deeply, removed")

# Field levels followed before a value is dropped: content is at most 64 JSON levels deep (structure.py), but
# single-field groups add semantics levels without content levels. Keeps the recursion far below Python's limit.
MAX_FIELD_DEPTH = 150
# What a semantics ``tags`` list may switch on: the markup of H5P's CKEditor. A package cannot allow <script>.
KNOWN_TAGS = frozenset(
    {"p", "br", "div", "span", "strong", "b", "em", "i", "u", "s", "del", "strike", "sub", "sup", "a", "ul", "ol"}
    | {"li", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "code", "blockquote", "caption"}
    | {"table", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "col"}
)
DEFAULT_TAGS = frozenset({"div", "span", "p", "br"})
IMPLIED_TAGS = {
    "table": {"tr", "td", "th", "colgroup", "thead", "tbody", "tfoot"},
    "b": {"strong"},
    "i": {"em"},
    "ul": {"li"},
    "ol": {"li"},
    "del": {"s"},
    "strike": {"s"},
}
ATTRIBUTES = {"a": {"href"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}, "col": {"span"}}
ATTRIBUTE_VALUES = {"a": {"target": {"_blank", "_self"}}}
URL_SCHEMES = frozenset({"http", "https", "mailto", "ftp"})
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_COLOUR = r"(#[a-f0-9]{3}(?:[a-f0-9]{3})?|rgba?\([0-9., ]+\))"
_LENGTH = r"[0-9.]+(em|px|%)"
FONT_STYLES = {
    "size": rf"font-size: *{_LENGTH}",
    "family": r'font-family: *[-a-z0-9," ]+',
    "color": rf"color: *{_COLOUR}",
    "background": rf"background-color: *{_COLOUR}",
    "spacing": rf"letter-spacing: *{_LENGTH}",
    "height": r"line-height: *[0-9.]+(em|px|%)?",
}
ALIGNMENT_STYLE = r"text-align: *(center|left|right|justify)"
_UUID = re.compile(r"\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?", re.IGNORECASE)
FILE_KEYS = {
    "image": {"path", "mime", "copyright", "width", "height", "originalImage"},
    "file": {"path", "mime", "copyright"},
    "audio": {"path", "mime", "copyright"},
    "video": {"path", "mime", "copyright", "codecs", "quality", "bitrate", "width", "height"},
}
MIME_TYPES = {
    "image": re.compile(r"image/(jpeg|jpg|png|gif|svg\+xml|webp|bmp|tiff)", re.IGNORECASE),
    "video": re.compile(r"video/(mp4|webm|ogg|quicktime|youtube|panopto|vimeo)", re.IGNORECASE),
    "audio": re.compile(r"audio/(mpeg|mp3|mp4|ogg|wav|x-wav|webm|aac|x-m4a|flac)", re.IGNORECASE),
    "file": re.compile(r"[a-z]+/[a-z0-9.+-]+", re.IGNORECASE),
}
COPYRIGHT_KEYS = {"title", "author", "year", "source", "license", "version"}
METADATA_TEXT_KEYS = {
    "title",
    "a11yTitle",
    "license",
    "licenseVersion",
    "yearFrom",
    "yearTo",
    "source",
    "licenseExtras",
    "authorComments",
    "defaultLanguage",
    "extraTitle",
    "contentType",
}
METADATA_LIST_KEYS = {"authors": {"name", "role"}, "changes": {"date", "author", "log"}}
_DROP = object()


@dataclass(frozen=True)
class Change:
    """One thing the filter changed; its text is translated when shown, in the reader's language."""

    message: str
    params: dict

    def __str__(self):
        return str(self.message) % self.params


def escape_text(text: str) -> str:
    """H5P's plain-text escape: markup and quotes become entities; entities already there stay as they are."""
    return re.sub(r"&(?!#?\w+;)", "&amp;", text).translate(
        {ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;", ord("'"): "&#039;"}
    )


def library_folder(name: str) -> str:
    """The folder of "H5P.MultiChoice 1.16": "H5P.MultiChoice-1.16"."""
    machine_name, _sep, version = name.strip().rpartition(" ")
    return f"{machine_name}-{version}"


class ContentFilter:
    """Filters one package's parameters; ``semantics`` maps each library folder to its semantics (or None)."""

    def __init__(self, semantics: dict[str, list | None]):
        self.semantics = semantics
        self.changes: list[Change] = []

    def content(self, params: dict, *, main_library: str) -> dict:
        fields = self.semantics.get(main_library)
        if fields is None:
            return params
        return self._group(params, {"fields": fields}, path="", depth=0, flatten=False)

    def _note(self, message, path: str, **params) -> None:
        self.changes.append(Change(message, {"path": path or "content", **params}))

    def _field(self, value, field: dict, path: str, depth: int):
        if depth > MAX_FIELD_DEPTH:
            self._note(TOO_DEEP, path)
            return _DROP
        kind = field.get("type") if isinstance(field.get("type"), str) else None
        if kind in FILE_KEYS:
            return self._media(value, field, path, kind)
        handler = {
            "text": self._text,
            "number": self._number,
            "boolean": self._boolean,
            "select": self._select,
        }.get(kind)
        if handler:
            return handler(value, field, path)
        if kind == "list":
            return self._list(value, field, path, depth)
        if kind == "group":
            return self._group(value, field, path, depth)
        if kind == "library":
            return self._library(value, field, path, depth)
        self._note(VALUE_REMOVED, path)
        return _DROP

    # Scalars

    def _text(self, value, field: dict, path: str):
        if not isinstance(value, str):
            self._note(NOT_A_TEXT, path)
            return ""
        if "tags" in field:
            text = self._html(value, field, path)
        else:
            if re.search(r"<[a-z/!]", value, re.IGNORECASE):
                self._note(MARKUP_ESCAPED, path)
            text = escape_text(value)
        limit = field.get("maxLength")
        if isinstance(limit, int) and not isinstance(limit, bool) and len(text) > limit >= 0:
            self._note(TEXT_SHORTENED, path, limit=limit)
            text = text[:limit]
        return text

    def _html(self, value: str, field: dict, path: str) -> str:
        requested = {tag for tag in _items(field, "tags") if isinstance(tag, str)}
        tags = (DEFAULT_TAGS | requested) & KNOWN_TAGS
        for tag, implied in IMPLIED_TAGS.items():
            if tag in tags:
                tags |= implied
        font = field.get("font") if isinstance(field.get("font"), dict) else {}
        styles = [re.compile(pattern, re.IGNORECASE) for key, pattern in FONT_STYLES.items() if font.get(key)]
        styles.append(re.compile(ALIGNMENT_STYLE, re.IGNORECASE))
        scan = _MarkupScan(tags=tags, styles=styles)
        scan.feed(value)
        scan.close()
        for message, params in scan.findings:
            self._note(message, path, **params)
        return nh3.clean(
            value,
            tags=tags,
            attributes={tag: ATTRIBUTES.get(tag, set()) | {"style"} for tag in tags},
            tag_attribute_values=ATTRIBUTE_VALUES,
            url_schemes=set(URL_SCHEMES),
            attribute_filter=lambda _tag, name, text: _attribute_value(name, text, styles),
        )

    def _number(self, value, field: dict, path: str):
        if isinstance(value, str):
            try:
                value = float(value) if value.strip() else None
            except ValueError:
                value = None
            value = int(value) if value is not None and value.is_integer() else value
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            self._note(NOT_A_NUMBER, path)
            return _number_default(field)
        used = value
        low, high = _bound(field.get("min")), _bound(field.get("max"))
        if low is not None and used < low:
            used = low
        if high is not None and used > high:
            used = high
        if used != value:
            self._note(NUMBER_OUT_OF_RANGE, path, value=value, used=used)
        decimals = field.get("decimals")
        if isinstance(decimals, int) and not isinstance(decimals, bool) and 0 <= decimals <= 15:
            used = round(used, decimals) if decimals else round(used)
        return used

    def _boolean(self, value, field: dict, path: str):
        if isinstance(value, bool):
            return value
        self._note(NOT_A_BOOLEAN, path)
        default = field.get("default")
        return default if isinstance(default, bool) else False

    def _select(self, value, field: dict, path: str):
        options = [o.get("value") for o in _items(field, "options") if isinstance(o, dict)]
        options = [o for o in options if isinstance(o, str | int | float) and not isinstance(o, bool)]
        if field.get("multiple"):
            chosen = value if isinstance(value, list) else []
            kept = [item for item in chosen if item in options and not isinstance(item, bool)]
            if kept != value:
                self._note(NOT_AN_OPTION, path)
            return kept
        if value in options and not isinstance(value, bool):
            return value
        self._note(NOT_AN_OPTION, path)
        default = field.get("default")
        return default if default in options else _DROP

    # Structures

    def _list(self, value, field: dict, path: str, depth: int):
        if isinstance(value, dict):  # H5P accepts a list stored as an object with numbered keys
            value = list(value.values())
        if not isinstance(value, list) or not isinstance(field.get("field"), dict):
            self._note(VALUE_REMOVED, path)
            return _DROP
        limit = field.get("max")
        if isinstance(limit, int) and not isinstance(limit, bool) and len(value) > limit >= 0:
            self._note(LIST_TOO_LONG, path, limit=limit)
            value = value[:limit]
        items = (self._field(item, field["field"], f"{path}[{i}]", depth + 1) for i, item in enumerate(value))
        return [item for item in items if item is not _DROP]

    def _group(self, value, field: dict, path: str, depth: int, flatten: bool = True):
        fields = [f for f in _items(field, "fields") if isinstance(f, dict) and isinstance(f.get("name"), str)]
        if flatten and len(fields) == 1:
            # H5P's editor stores a group of one field as that field's value alone; some tools keep the wrapper.
            only = fields[0]
            if isinstance(value, dict) and set(value) == {only["name"]}:
                kept = self._field(value[only["name"]], only, _join(path, only["name"]), depth + 1)
                return {} if kept is _DROP else {only["name"]: kept}
            return self._field(value, only, path, depth + 1)
        if not isinstance(value, dict):
            self._note(VALUE_REMOVED, path)
            return _DROP
        by_name = {f["name"]: f for f in fields}
        result = {}
        for key, item in value.items():
            inner = _join(path, key)
            if key not in by_name:
                self._note(UNKNOWN_FIELD, inner)
                continue
            kept = self._field(item, by_name[key], inner, depth + 1)
            if kept is not _DROP:
                result[key] = kept
        return result

    def _library(self, value, field: dict, path: str, depth: int):
        name = value.get("library") if isinstance(value, dict) else None
        if not isinstance(name, str):
            self._note(VALUE_REMOVED, path)
            return _DROP
        options = [o.get("name") if isinstance(o, dict) else o for o in _items(field, "options")]
        if name not in options:
            self._note(LIBRARY_NOT_ALLOWED, path, library=name)
            return _DROP
        folder = library_folder(name)
        if folder not in self.semantics:
            self._note(LIBRARY_NOT_IN_PACKAGE, path, library=name)
            return _DROP
        result = {"library": name}
        params, fields = value.get("params"), self.semantics[folder]
        if fields is None:
            result["params"] = params if isinstance(params, dict) else {}
        else:
            kept = self._group(params or {}, {"fields": fields}, _join(path, "params"), depth + 1, flatten=False)
            result["params"] = {} if kept is _DROP else kept
        sub_content_id = value.get("subContentId")
        if sub_content_id is not None:
            if isinstance(sub_content_id, str) and _UUID.fullmatch(sub_content_id):
                result["subContentId"] = sub_content_id
            else:
                self._note(VALUE_REMOVED, _join(path, "subContentId"))
        if "metadata" in value:
            result["metadata"] = self._metadata(value["metadata"], _join(path, "metadata"))
        extra = {a for a in _items(field, "extraAttributes") if isinstance(a, str)}
        for key in set(value) - {"library", "params", "subContentId", "metadata"}:
            if key in extra and _is_scalar(value[key]):
                result[key] = escape_text(value[key]) if isinstance(value[key], str) else value[key]
            else:
                self._note(UNKNOWN_FIELD, _join(path, key))
        return result

    def _metadata(self, value, path: str) -> dict:
        if not isinstance(value, dict):
            self._note(VALUE_REMOVED, path)
            return {}
        result = {}
        for key, item in value.items():
            if key in METADATA_TEXT_KEYS and _is_scalar(item):
                result[key] = escape_text(item) if isinstance(item, str) else item
            elif key in METADATA_LIST_KEYS and isinstance(item, list):
                keys = METADATA_LIST_KEYS[key]
                result[key] = [_text_record(entry, keys) for entry in item if isinstance(entry, dict)]
            else:
                self._note(UNKNOWN_FIELD, _join(path, key))
        return result

    # Files

    def _media(self, value, field: dict, path: str, kind: str):
        if kind in ("audio", "video"):  # a list of sources
            if not isinstance(value, list):
                self._note(VALUE_REMOVED, path)
                return _DROP
            files = (self._file(item, field, f"{path}[{i}]", kind) for i, item in enumerate(value))
            return [item for item in files if item is not _DROP]
        return self._file(value, field, path, kind)

    def _file(self, value, field: dict, path: str, kind: str, keys: set[str] | None = None):
        if not isinstance(value, dict) or not isinstance(value.get("path"), str):
            self._note(VALUE_REMOVED, path)
            return _DROP
        if not _file_path_allowed(value["path"], remote=kind in ("audio", "video")):
            self._note(FILE_PATH_INVALID, path, file=value["path"][:200])
            return _DROP
        allowed = keys or FILE_KEYS[kind] | {a for a in _items(field, "extraAttributes") if isinstance(a, str)}
        result = {}
        for key, item in value.items():
            inner = _join(path, key)
            if key not in allowed:
                self._note(UNKNOWN_FIELD, inner)
            elif key == "path":
                result[key] = item
            elif key == "mime":
                if isinstance(item, str) and MIME_TYPES[kind].fullmatch(item):
                    result[key] = item
                else:
                    self._note(MIME_NOT_ALLOWED, inner, mime=str(item)[:100])
            elif key in ("width", "height", "bitrate"):
                if isinstance(item, int | float) and not isinstance(item, bool) and math.isfinite(item):
                    result[key] = int(item)
                else:
                    self._note(VALUE_REMOVED, inner)
            elif key == "copyright":
                result[key] = _text_record(item, COPYRIGHT_KEYS) if isinstance(item, dict) else {}
            elif key == "originalImage":
                kept = self._file(item, field, inner, "image", keys={"path", "mime", "width", "height"})
                if kept is not _DROP:
                    result[key] = kept
            elif key == "quality":
                result[key] = _text_record(item, {"level", "label"}) if isinstance(item, dict) else {}
            elif _is_scalar(item):  # codecs and the field's extra attributes
                result[key] = escape_text(item) if isinstance(item, str) else item
            else:
                self._note(VALUE_REMOVED, inner)
        return result


class _MarkupScan(HTMLParser):
    """Finds what nh3 will remove from one text, so the editor can be told; nh3 does the cleaning itself."""

    def __init__(self, *, tags: set[str], styles: list[re.Pattern]):
        super().__init__(convert_charrefs=True)
        self.tags, self.styles = tags, styles
        self.findings: list[tuple] = []

    def _find(self, message, **params) -> None:
        if (message, params) not in self.findings:
            self.findings.append((message, params))

    def handle_starttag(self, tag, attrs):
        if tag not in self.tags:
            self._find(TAG_REMOVED, tag=tag)
            return
        for name, value in attrs:
            value = value or ""
            if name == "style":
                for declaration in _style_declarations(value):
                    if not any(p.fullmatch(declaration) for p in self.styles):
                        self._find(STYLE_REMOVED, style=declaration[:100])
            elif name == "target" and value in ATTRIBUTE_VALUES.get(tag, {}).get(name, ()):
                continue
            elif name not in ATTRIBUTES.get(tag, ()):
                self._find(ATTRIBUTE_REMOVED, attribute=name)
            elif name == "href" and not _url_allowed(value):
                self._find(LINK_REMOVED, url=value[:100])

    handle_startendtag = handle_starttag


def _attribute_value(name: str, value: str, styles: list[re.Pattern]) -> str | None:
    if name == "style":
        kept = [d for d in _style_declarations(value) if any(p.fullmatch(d) for p in styles)]
        return "; ".join(kept) or None
    if name == "href":
        return value if _url_allowed(value) else None
    return value


def _style_declarations(style: str) -> list[str]:
    return [part.strip() for part in style.split(";") if part.strip()]


def _url_allowed(url: str) -> bool:
    # Browsers ignore tabs, newlines and leading spaces or control characters in a URL's scheme.
    compact = re.sub(r"[\x00-\x20]", "", html.unescape(url))
    scheme = _SCHEME.match(compact)
    return scheme is None or scheme.group(1).lower() in URL_SCHEMES


def _file_path_allowed(path: str, *, remote: bool) -> bool:
    """A relative path inside the content folder, or (for audio and video sources) an http(s) URL."""
    if re.search(r"[\x00-\x1f\x7f\\]", path) or not path.strip():
        return False
    if _SCHEME.match(path):
        return remote and re.fullmatch(r"https?://[^\s/?#]+[^\s]*", path, re.IGNORECASE) is not None
    if path.startswith("/"):
        return False
    normal = posixpath.normpath(path.split("#", 1)[0])
    return normal == path.split("#", 1)[0] and normal != ".." and not normal.startswith("../")


def _items(field: dict, key: str) -> list:
    """A list the semantics give, or none: semantics come from the package and may be anything."""
    value = field.get(key)
    return value if isinstance(value, list) else []


def _text_record(value: dict, keys: set[str]) -> dict:
    return {k: escape_text(v) if isinstance(v, str) else v for k, v in value.items() if k in keys and _is_scalar(v)}


def _is_scalar(value) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _bound(value) -> float | int | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _number_default(field: dict):
    default = field.get("default")
    if _bound(default) is not None:
        return default
    low = _bound(field.get("min"))
    return low if low is not None else 0


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def package_content_filter(
    archive: zipfile.ZipFile, *, main_library: str, names: set[str]
) -> tuple[dict, list[Change]]:
    """``content/content.json`` of an (already validated) package, filtered; and what the filter changed."""
    folders = {name.split("/", 1)[0] for name in names if name.endswith("/library.json") and name.count("/") == 1}
    semantics = {
        folder: _json_document(archive, f"{folder}/semantics.json") if f"{folder}/semantics.json" in names else None
        for folder in folders
    }
    content_filter = ContentFilter(semantics)
    content = content_filter.content(_json_object(archive, CONTENT_JSON), main_library=main_library)
    return content, content_filter.changes


def changes_summary(changes: list[Change], *, limit: int = 10) -> list[str]:
    """The first ``limit`` changes as lines, then "and N more"."""
    lines = [str(change) for change in changes[:limit]]
    if len(changes) > limit:
        lines.append(str(CHANGES_MORE) % {"count": len(changes) - limit})
    return lines
