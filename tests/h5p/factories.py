"""Builders for H5P packages (valid and hostile, made in memory) and for activities."""

import io
import json
import zipfile
from pathlib import Path

import factory
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from h5p.content import activity_from_package
from h5p.models import H5PActivity
from h5p.services import activity_create

SHARED = settings.BASE_DIR.parent / "shared" / "h5p"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
LIBRARY = "H5P.Test-1.0"


def h5p_json(**overrides) -> dict:
    document = {
        "title": "Test activity",
        "language": "nl",
        "mainLibrary": "H5P.Test",
        "license": "CC BY",
        "authors": [{"name": "Redactie Signaal", "role": "Author"}],
        "embedTypes": ["div"],
        "preloadedDependencies": [{"machineName": "H5P.Test", "majorVersion": 1, "minorVersion": 0}],
    }
    document.update(overrides)
    return document


def library_json(**overrides) -> dict:
    document = {
        "title": "Test",
        "machineName": "H5P.Test",
        "majorVersion": 1,
        "minorVersion": 0,
        "patchVersion": 3,
        "runnable": 1,
        "preloadedJs": [{"path": "test.js"}],
        "preloadedCss": [{"path": "test.css"}],
    }
    document.update(overrides)
    return document


def package_files(**extra) -> dict[str, bytes]:
    """A minimal valid package as ``{name: bytes}``; keyword names use ``__`` for ``/``."""
    files = {
        "h5p.json": json.dumps(h5p_json()).encode(),
        "content/content.json": b'{"text": "Hallo"}',
        "content/images/photo.png": PNG,
        f"{LIBRARY}/library.json": json.dumps(library_json()).encode(),
        f"{LIBRARY}/test.js": b"H5P.Test = function () {};",
        f"{LIBRARY}/test.css": b".h5p-test { color: black; }",
    }
    files.update(extra)
    return files


def zip_bytes(files: dict[str, bytes] | list[tuple], compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of ``files``: a dict, or a list of ``(name_or_ZipInfo, data)`` to allow duplicates and odd headers."""
    buffer = io.BytesIO()
    items = files.items() if isinstance(files, dict) else files
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in items:
            archive.writestr(name, data)
    return buffer.getvalue()


def package_bytes(**extra) -> bytes:
    return zip_bytes(package_files(**extra))


def zip_info(name: str, *, symlink=False, compress_type=zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.compress_type = compress_type
    if symlink:
        info.create_system = 3
        info.external_attr = (0o120777) << 16
    return info


def flag_encrypted(data: bytes, name: str) -> bytes:
    """Set the "encrypted" bit of ``name`` in its local and central headers (zipfile cannot write it)."""
    out = bytearray(data)
    encoded = name.encode()
    for signature, name_offset, flag_offset in ((b"PK\x03\x04", 30, 6), (b"PK\x01\x02", 46, 8)):
        start = 0
        while (found := out.find(signature, start)) != -1:
            if out[found + name_offset : found + name_offset + len(encoded)] == encoded:
                out[found + flag_offset] |= 0x1
            start = found + 4
    return bytes(out)


def upload(data: bytes, name: str = "activity.h5p") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/zip")


def shared_package(folder: str, name: str) -> Path:
    return SHARED / folder / name


class H5PActivityFactory(factory.django.DjangoModelFactory):
    """An activity imported through the real service from a generated package."""

    class Meta:
        model = H5PActivity

    title = factory.Sequence(lambda n: f"Activiteit {n}")
    is_published = True

    @classmethod
    def _create(cls, model_class, *args, title="", is_published=True, package=None, **kwargs):
        return activity_create(package=io.BytesIO(package or package_bytes()), title=title, is_published=is_published)


DEMO_PACKAGES = {
    "multichoice": "H5P.MultiChoice.h5p",
    "truefalse": "H5P.TrueFalse.h5p",
    "dragtext": "H5P.DragText.h5p",
}


def demo_activities_load(folder: Path = SHARED / "valid") -> dict[str, H5PActivity]:
    """Import the shared demo packages once (keyed by content type); {} when the folder is absent."""
    return {
        key: activity_from_package(path=folder / file_name)
        for key, file_name in DEMO_PACKAGES.items()
        if (folder / file_name).is_file()
    }
