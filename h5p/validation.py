"""Validation of an uploaded ``.h5p`` package, before anything is extracted.

Three passes over one open zip, cheapest first:

1. the central directory: entry count, names (and their length), links, encryption, compression, extension
   allow-list, declared sizes and compression ratio. A zip bomb stops here without a byte being inflated.
   OS junk (``.DS_Store``, ``__MACOSX/``, ...) is left out here, so it is neither checked nor extracted;
2. the H5P structure (``h5p.json``, ``content/content.json``, every library folder's ``library.json``,
   ``semantics.json``, language files and preloaded files), reading only those small JSON files;
3. a streamed read of every entry: CRC, actual size, magic bytes and SVG script, chunk by chunk.

Then ``content.json`` is filtered against the libraries' semantics (``h5p.semantics``): what is extracted is the
filtered document, and ``PackageManifest.content_changes`` says what was changed. ``external_hosts`` are the
origins the package wants to load from (``h5p.hosts``).

The central directory alone is never trusted: pass 3 counts the bytes that really come out. Only the entries
that pass all three are extracted (``PackageManifest.entries``).
"""

import posixpath
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError

from h5p import messages
from h5p.filetypes import (
    CONTENT_EXTENSIONS,
    HEAD_SIZE,
    LIBRARY_EXTENSIONS,
    SvgScanner,
    extension_of,
    head_matches_extension,
)

CHUNK_SIZE = 64 * 1024
# Below this size a high compression ratio is normal (small JSON files) and not worth a rejection.
RATIO_CHECK_MIN_SIZE = 100 * 1024
_SYMLINK_MODE = 0o120000
_SUPPORTED_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
# ext4, XFS, APFS and NTFS allow 255 bytes per name. S3 keys end at 1024 bytes, and the storage puts
# "h5p/content/<uuid>/" (49 bytes) and perhaps its own location in front: 900 leaves room for both.
MAX_NAME_BYTES = 255
MAX_PATH_BYTES = 900
# How much of a too-long name its one-line reason shows.
_SHOWN_MAX_CHARS = 80
# H5P core skips every file or folder whose name starts with "." or "_" (.DS_Store, ._* AppleDouble files,
# __MACOSX/, .en.json translation templates); these two are what Windows' Explorer leaves behind.
_WINDOWS_JUNK = frozenset({"thumbs.db", "desktop.ini"})


class PackageRejected(ValidationError):
    """A package we will not import. ``str(error.messages[0])`` is the one-line reason."""


def reject(message, **params) -> PackageRejected:
    return PackageRejected(message, code="h5p_rejected", params=params or None)


@dataclass(frozen=True)
class Limits:
    max_entries: int
    max_file_size: int
    max_total_size: int
    max_compression_ratio: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            max_entries=settings.H5P_MAX_ENTRIES,
            max_file_size=settings.H5P_MAX_FILE_SIZE,
            max_total_size=settings.H5P_MAX_TOTAL_SIZE,
            max_compression_ratio=settings.H5P_MAX_COMPRESSION_RATIO,
        )


@dataclass
class PackageManifest:
    """What a valid package says about itself; the entries are what extraction writes."""

    title: str
    language: str
    main_library: str
    libraries: list[str]
    license: str
    authors: list[dict]
    h5p_json: dict
    entries: list[zipfile.ZipInfo] = field(repr=False)
    content: dict = field(default_factory=dict, repr=False)
    content_changes: list = field(default_factory=list)  # of h5p.semantics.Change
    external_hosts: list[str] = field(default_factory=list)


def package_validate(file: IO[bytes], *, limits: Limits | None = None) -> PackageManifest:
    """Check a package from end to end; raise ``PackageRejected`` with the first reason found."""
    from h5p.hosts import package_hosts
    from h5p.semantics import package_content_filter  # semantics and structure import reject() from here
    from h5p.structure import structure_validate

    limits = limits or Limits.from_settings()
    file.seek(0)
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise reject(messages.NOT_A_ZIP) from error
    with archive:
        entries = central_directory_validate(archive, limits=limits)
        manifest = structure_validate(archive, entries=entries)
        entries_scan(archive, entries=entries, limits=limits)
        names = {info.filename for info in entries}
        manifest.content, manifest.content_changes = package_content_filter(
            archive, main_library=manifest.main_library, names=names
        )
        manifest.external_hosts = package_hosts(archive, entries=entries, content=manifest.content)
    return manifest


def display_name(name: str) -> str:
    """A file name safe to print in one line: control characters shown as escapes."""
    return "".join(ch if unicodedata.category(ch)[0] != "C" else f"\\x{ord(ch):02x}" for ch in name)


def name_validate(name: str) -> None:
    shown = display_name(name)
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in name):  # Cf: bidi overrides, zero-width
        raise reject(messages.PATH_CONTROL_CHARACTER, file=shown)
    if "\\" in name:
        raise reject(messages.PATH_BACKSLASH, file=shown)
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise reject(messages.PATH_ABSOLUTE, file=shown)
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        raise reject(messages.PATH_TRAVERSAL, file=shown)
    if any(part in ("", ".") for part in parts):
        raise reject(messages.PATH_EMPTY_PART, file=shown)
    if len(name.encode("utf-8")) > MAX_PATH_BYTES or any(len(part.encode("utf-8")) > MAX_NAME_BYTES for part in parts):
        short = shown if len(shown) <= _SHOWN_MAX_CHARS else shown[:_SHOWN_MAX_CHARS] + "…"
        raise reject(messages.PATH_TOO_LONG, file=short)


def is_os_junk(name: str) -> bool:
    """Files an operating system adds to a zip: ignored as H5P core ignores them, never extracted."""
    parts = name.rstrip("/").split("/")
    return any(part[:1] in (".", "_") for part in parts) or parts[-1].casefold() in _WINDOWS_JUNK


def central_directory_validate(archive: zipfile.ZipFile, *, limits: Limits) -> list[zipfile.ZipInfo]:
    """Checks that need only the central directory. Returns the file entries (no directories, no OS junk)."""
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise reject(messages.TOO_MANY_ENTRIES, limit=limits.max_entries)
    seen: set[str] = set()
    total = 0
    files = []
    for info in infos:
        name = info.filename
        name_validate(name)
        if is_os_junk(name):
            continue
        shown = display_name(name)
        # Case-folded, so two names cannot land on one file on a case-insensitive storage.
        key = name.rstrip("/").casefold()
        if key in seen:
            raise reject(messages.DUPLICATE_NAME, file=shown)
        seen.add(key)
        if (info.external_attr >> 16) & 0o170000 == _SYMLINK_MODE:
            raise reject(messages.SYMLINK, file=shown)
        if info.flag_bits & 0x1:
            raise reject(messages.ENCRYPTED, file=shown)
        if info.is_dir():
            continue
        if info.compress_type not in _SUPPORTED_COMPRESSION:
            raise reject(messages.UNSUPPORTED_COMPRESSION, file=shown)
        extension_validate(name)
        if info.file_size > limits.max_file_size:
            raise reject(messages.FILE_TOO_LARGE, file=shown, limit=limits.max_file_size)
        total += info.file_size
        if total > limits.max_total_size:
            raise reject(messages.TOTAL_TOO_LARGE, limit=limits.max_total_size)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_CHECK_MIN_SIZE and ratio > limits.max_compression_ratio:
            raise reject(messages.RATIO_TOO_HIGH, file=shown, limit=limits.max_compression_ratio)
        files.append(info)
    return files


def extension_validate(name: str) -> None:
    """H5P core's allow-lists: content files under ``content/``, library files in library folders."""
    folder, _, rest = name.partition("/")
    if not rest:
        if name != "h5p.json":
            raise reject(messages.UNEXPECTED_ROOT_FILE, file=display_name(name))
        return
    allowed = CONTENT_EXTENSIONS if folder == "content" else LIBRARY_EXTENSIONS
    if extension_of(name) not in allowed:
        raise reject(messages.EXTENSION_NOT_ALLOWED, file=display_name(name))


def entries_scan(archive: zipfile.ZipFile, *, entries: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Inflate every entry in chunks, never whole: CRC, real size, magic bytes, SVG script."""
    total = 0
    for info in entries:
        shown = display_name(info.filename)
        extension = extension_of(info.filename)
        svg = SvgScanner() if extension == "svg" else None
        head = b""
        size = 0
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(CHUNK_SIZE):
                    size += len(chunk)
                    total += len(chunk)
                    if size > min(info.file_size, limits.max_file_size) or total > limits.max_total_size:
                        raise reject(messages.CORRUPT_ENTRY, file=shown)
                    if len(head) < HEAD_SIZE:
                        head += chunk[: HEAD_SIZE - len(head)]
                    if svg:
                        svg.feed(chunk)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError) as error:
            # zipfile raises BadZipFile on a CRC mismatch and RuntimeError on encryption it cannot read.
            raise reject(messages.CORRUPT_ENTRY, file=shown) from error
        if info.file_size and not head_matches_extension(extension, head):
            raise reject(messages.CONTENT_MISMATCH, file=shown)
        if svg:
            svg.finish()
            if svg.has_script:
                raise reject(messages.SVG_SCRIPT, file=shown)
            if svg.invalid:
                raise reject(messages.SVG_INVALID, file=shown)


def normalised_library_path(folder: str, path: str) -> str | None:
    """``folder/path`` when ``path`` stays inside the folder, else None."""
    joined = posixpath.normpath(posixpath.join(folder, path))
    return joined if joined.startswith(folder + "/") else None
