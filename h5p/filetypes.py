"""What may be inside a package, and whether a file's bytes agree with its extension.

The extension lists are H5P core's (``H5PCore::$defaultContentWhitelist`` and the library extras).
Signatures are our own short table rather than a sniffing library: we need "does this match the
extension it claims", not "guess what this is", and a table we can read is easier to trust.
"""

import re
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

CONTENT_EXTENSIONS = frozenset(
    [
        "json",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "bmp",
        "tif",
        "tiff",
        "svg",
        "eot",
        "ttf",
        "woff",
        "woff2",
        "otf",
        "webm",
        "mp4",
        "ogg",
        "mp3",
        "m4a",
        "wav",
        "txt",
        "pdf",
        "rtf",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "odt",
        "ods",
        "odp",
        "xml",
        "csv",
        "diff",
        "patch",
        "swf",
        "md",
        "textile",
        "vtt",
        "webvtt",
        "gltf",
        "glb",
    ]
)
LIBRARY_EXTENSIONS = CONTENT_EXTENSIONS | {"js", "css"}

TEXT_EXTENSIONS = frozenset(
    ["json", "js", "css", "txt", "md", "textile", "csv", "diff", "patch", "vtt", "webvtt", "gltf", "xml", "svg"]
)
# How many leading bytes the signature and text checks look at.
HEAD_SIZE = 512

_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
_ZIP = (b"PK\x03\x04",)
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "bmp": (b"BM",),
    "tif": (b"II*\x00", b"MM\x00*"),
    "tiff": (b"II*\x00", b"MM\x00*"),
    "pdf": (b"%PDF-",),
    "woff": (b"wOFF",),
    "woff2": (b"wOF2",),
    "ttf": (b"\x00\x01\x00\x00", b"true", b"OTTO"),
    "otf": (b"OTTO", b"\x00\x01\x00\x00"),
    "webm": (b"\x1a\x45\xdf\xa3",),
    "ogg": (b"OggS",),
    "rtf": (b"{\\rtf",),
    "swf": (b"FWS", b"CWS", b"ZWS"),
    "glb": (b"glTF",),
    "doc": _OLE,
    "xls": _OLE,
    "ppt": _OLE,
    "docx": _ZIP,
    "xlsx": _ZIP,
    "pptx": _ZIP,
    "odt": _ZIP,
    "ods": _ZIP,
    "odp": _ZIP,
}
_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|script|iframe|object|embed)\b", re.I | re.S
)


def extension_of(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def head_matches_extension(extension: str, head: bytes) -> bool:
    """Whether the first bytes of a file are what its extension promises."""
    if extension in _SIGNATURES:
        return head.startswith(_SIGNATURES[extension])
    if extension in ("mp4", "m4a"):
        return head[4:8] == b"ftyp"
    if extension == "wav":
        return head[:4] == b"RIFF" and head[8:12] == b"WAVE"
    if extension == "mp3":
        return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)
    if extension == "eot":
        return head[34:36] == b"LP"
    if extension in TEXT_EXTENSIONS:
        return _is_harmless_text(extension, head)
    return False


def _is_harmless_text(extension: str, head: bytes) -> bool:
    if b"\x00" in head.removeprefix(b"\xef\xbb\xbf"):
        return False  # binary dressed up as text
    if extension == "svg":
        return True  # SVG is parsed in full by SvgScanner
    return not _HTML_START.match(head.removeprefix(b"\xef\xbb\xbf"))


class SvgScanner:
    """Feeds an SVG through a defused XML parser chunk by chunk and notes anything that can run script.

    Rejects ``<script>``, ``<foreignObject>`` (HTML inside SVG), event-handler attributes and
    ``javascript:`` URLs. Entities are refused by defusedxml, so a billion-laughs SVG fails as invalid.
    """

    _FORBIDDEN_TAGS = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"})

    def __init__(self):
        self.has_script = False
        self.invalid = False
        self._root_seen = False
        self._parser = DefusedXMLParser(target=self, forbid_dtd=False)

    # XMLParser target interface
    def start(self, tag, attrib):
        local = tag.rsplit("}", 1)[-1].lower()
        if not self._root_seen:
            self._root_seen = True
            self.invalid = self.invalid or local != "svg"
        if local in self._FORBIDDEN_TAGS:
            self.has_script = True
        for name, value in attrib.items():
            attr = name.rsplit("}", 1)[-1].lower()
            cleaned = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if attr.startswith("on") or "javascript:" in cleaned or cleaned.startswith("data:text/html"):
                self.has_script = True

    def end(self, tag):
        pass

    def data(self, data):
        pass

    def close(self):
        return None

    def feed(self, chunk: bytes) -> None:
        if self.invalid:
            return
        try:
            self._parser.feed(chunk)
        except (ParseError, DefusedXmlException, ValueError):
            self.invalid = True

    def finish(self) -> None:
        if self.invalid:
            return
        try:
            self._parser.close()
        except (ParseError, DefusedXmlException, ValueError):
            self.invalid = True
        self.invalid = self.invalid or not self._root_seen
