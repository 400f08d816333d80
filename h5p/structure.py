"""The H5P layer of validation: ``h5p.json``, ``content/content.json`` and the libraries they need.

Only these small JSON files are read whole, and only up to ``JSON_MAX_SIZE``.
"""

import json
import zipfile

from h5p import messages
from h5p.validation import PackageManifest, PackageRejected, display_name, normalised_library_path, reject

JSON_MAX_SIZE = 16 * 1024 * 1024
H5P_JSON = "h5p.json"
CONTENT_JSON = "content/content.json"
REQUIRED_H5P_FIELDS = ("title", "language", "mainLibrary", "preloadedDependencies")
REQUIRED_LIBRARY_FIELDS = ("title", "machineName", "majorVersion", "minorVersion", "patchVersion")


def structure_validate(archive: zipfile.ZipFile, *, entries: list[zipfile.ZipInfo]) -> PackageManifest:
    names = {info.filename for info in entries}
    if H5P_JSON not in names:
        raise reject(messages.H5P_JSON_MISSING)
    h5p_json = _json_object(archive, H5P_JSON)
    for field in REQUIRED_H5P_FIELDS:
        if field not in h5p_json or h5p_json[field] in ("", None):
            raise reject(messages.FIELD_MISSING, file=H5P_JSON, field=field)
    dependencies = _dependencies(h5p_json, H5P_JSON)
    main = h5p_json["mainLibrary"]
    main_folder = next((folder for name, folder in dependencies if name == main), None)
    if main_folder is None:
        raise reject(messages.MAIN_LIBRARY_NOT_PRELOADED, library=main)
    if CONTENT_JSON not in names:
        raise reject(messages.CONTENT_JSON_MISSING)
    _json_object(archive, CONTENT_JSON)
    libraries = _libraries_validate(archive, names=names, roots=[folder for _name, folder in dependencies])
    return PackageManifest(
        title=str(h5p_json["title"])[:255],
        language=str(h5p_json["language"])[:16],
        main_library=main_folder,
        libraries=libraries,
        license=str(h5p_json.get("license") or "")[:64],
        authors=[a for a in h5p_json.get("authors") or [] if isinstance(a, dict)],
        h5p_json=h5p_json,
        entries=entries,
    )


def _libraries_validate(archive: zipfile.ZipFile, *, names: set[str], roots: list[str]) -> list[str]:
    """Every preloaded library, followed through each library's own preloaded dependencies."""
    checked: list[str] = []
    pending = list(roots)
    while pending:
        folder = pending.pop(0)
        if folder in checked:
            continue
        library_json_name = f"{folder}/library.json"
        if library_json_name not in names:
            raise reject(messages.LIBRARY_MISSING, library=folder, file=library_json_name)
        try:
            library = _json_object(archive, library_json_name)
        except PackageRejected as error:
            if error.message not in (messages.JSON_INVALID, messages.JSON_NOT_OBJECT):
                raise
            raise reject(messages.LIBRARY_JSON_INVALID, file=library_json_name, library=folder) from error
        for field in REQUIRED_LIBRARY_FIELDS:
            if library.get(field) in ("", None):
                raise reject(messages.FIELD_MISSING, file=library_json_name, field=field)
        expected = f"{library.get('machineName')}-{library.get('majorVersion')}.{library.get('minorVersion')}"
        if expected != folder:
            raise reject(messages.LIBRARY_JSON_MISMATCH, file=library_json_name, library=folder)
        for key in ("preloadedJs", "preloadedCss"):
            for item in library.get(key) or []:
                path = item.get("path") if isinstance(item, dict) else None
                full = normalised_library_path(folder, path) if isinstance(path, str) else None
                if full is None or full not in names:
                    shown = display_name(f"{folder}/{path}")
                    raise reject(messages.PRELOADED_FILE_MISSING, file=shown, library=folder)
        pending.extend(dep_folder for _name, dep_folder in _dependencies(library, library_json_name))
        checked.append(folder)
    return checked


def _dependencies(document: dict, file_name: str) -> list[tuple[str, str]]:
    """``(machineName, "Name-Major.Minor")`` for each preloaded dependency."""
    dependencies = document.get("preloadedDependencies") or []
    if not isinstance(dependencies, list):
        raise reject(messages.DEPENDENCY_INVALID, file=file_name)
    result = []
    for dep in dependencies:
        try:
            name, major, minor = dep["machineName"], int(dep["majorVersion"]), int(dep["minorVersion"])
        except (KeyError, TypeError, ValueError) as error:
            raise reject(messages.DEPENDENCY_INVALID, file=file_name) from error
        if not isinstance(name, str) or not name or "/" in name or ".." in name:
            raise reject(messages.DEPENDENCY_INVALID, file=file_name)
        result.append((name, f"{name}-{major}.{minor}"))
    return result


def _json_object(archive: zipfile.ZipFile, name: str) -> dict:
    info = archive.getinfo(name)
    if info.file_size > JSON_MAX_SIZE:
        raise reject(messages.FILE_TOO_LARGE, file=name, limit=JSON_MAX_SIZE)
    try:
        with archive.open(info) as stream:
            raw = stream.read(JSON_MAX_SIZE + 1)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as error:
        raise reject(messages.CORRUPT_ENTRY, file=name) from error
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise reject(messages.JSON_INVALID, file=name) from error
    if not isinstance(document, dict):
        raise reject(messages.JSON_NOT_OBJECT, file=name)
    return document
