"""Writing an extracted package to Django's storage (disk or S3) and removing it again.

Entries are streamed from the zip into ``Storage.save``; no entry is read whole into memory, except the ones
replaced by a document of our own (the filtered ``content/content.json``).
"""

import contextlib
import os
import posixpath
import zipfile
from typing import IO

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

CONTENT_ROOT = "h5p/content"


def content_prefix(version) -> str:
    return f"{CONTENT_ROOT}/{version}"


def tree_extract(
    *, package: IO[bytes], entries: list[zipfile.ZipInfo], prefix: str, replaced: dict[str, bytes] | None = None
) -> None:
    """Stream every (already validated) entry to ``prefix/<name>``; on failure remove what was written.

    An entry named in ``replaced`` is written with those bytes instead of its own.
    """
    replaced = replaced or {}
    package.seek(0)
    try:
        with zipfile.ZipFile(package) as archive:
            for info in entries:
                target = f"{prefix}/{info.filename}"
                if info.filename in replaced:
                    file = ContentFile(replaced[info.filename], name=posixpath.basename(target))
                    saved = default_storage.save(target, file)
                else:
                    with archive.open(info) as stream:
                        file = File(stream, name=posixpath.basename(info.filename))
                        file.size = info.file_size  # spares storages a seek to the end of a deflate stream
                        saved = default_storage.save(target, file)
                if saved != target:  # a storage that renamed the file would break the package's paths
                    raise OSError(f"storage renamed {target} to {saved}")
    except BaseException:
        tree_delete(prefix=prefix)
        raise


def tree_delete(*, prefix: str) -> None:
    """Remove every file under ``prefix``; works on storages without real folders, such as S3."""
    if not prefix:
        return
    try:
        directories, files = default_storage.listdir(prefix)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        default_storage.delete(f"{prefix}/{name}")
    for name in directories:
        tree_delete(prefix=f"{prefix}/{name}")
    path_of = getattr(default_storage, "path", None)
    if path_of is not None:  # a local disk keeps empty folders; object storages have none
        with contextlib.suppress(NotImplementedError, OSError):
            os.rmdir(path_of(prefix))
