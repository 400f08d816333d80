"""The H5P layer of validation: ``h5p.json``, ``content/content.json`` and every library folder.

The rules are H5P core's (``H5PValidator::isValidPackage`` and ``getLibraryData``), so a package H5P refuses is
refused here too; also a library folder that nothing refers to. Only small JSON files are read whole: ``h5p.json``,
``content.json`` and each library's ``library.json``, ``semantics.json`` and ``language/*.json``, each up to
``JSON_MAX_SIZE`` bytes and ``JSON_MAX_DEPTH`` levels.
"""

import json
import re
import zipfile

from h5p import messages
from h5p.validation import PackageManifest, PackageRejected, display_name, normalised_library_path, reject

JSON_MAX_SIZE = 16 * 1024 * 1024
# Content nests content types (Interactive Book > Column > Course Presentation > Question Set > ...): the deepest
# combinations stay around 30 levels, the hub exports we test with under 10. 64 leaves room for those and keeps
# every later recursive walk over a document (such as filtering content.json against semantics.json) far below
# Python's recursion limit of 1000.
JSON_MAX_DEPTH = 64
# The newest H5P core API there is: h5p-php-library 1.27 (what Moodle ships as h5plib_v127) declares
# ``H5PCore::$coreApi = 1.27``. A library asking for more needs a player that does not exist; H5P refuses it
# ("it requires a newer version of the H5P plugin"). No coreApi means 1.0.
CORE_API = (1, 27)

H5P_JSON = "h5p.json"
CONTENT_JSON = "content/content.json"
CONTENT_FOLDER = "content"
REQUIRED_H5P_FIELDS = ("title", "language", "mainLibrary", "preloadedDependencies")
# H5PValidator::$libraryRequired, in the order H5P reports them.
_TITLE = re.compile(r".{1,255}")
_VERSION = re.compile(r"[0-9]{1,5}")
_MACHINE_NAME = re.compile(r"[\w.-]{1,255}", re.ASCII)
_RUNNABLE = re.compile(r"[01]")
LIBRARY_FIELDS = {
    "title": _TITLE,
    "machineName": _MACHINE_NAME,
    "majorVersion": _VERSION,
    "minorVersion": _VERSION,
    "patchVersion": _VERSION,
    "runnable": _RUNNABLE,
}
# H5P's ``/^(-?[a-z]+){1,7}\.json$/i`` written without nested repetition, which backtracks badly on long names:
# at most seven letter groups joined by hyphens, as in "nb.json", "pt-br.json" or "zh-hans-cn.json".
_LANGUAGE_FILE = re.compile(r"-?[a-z]+(?:-[a-z]+){0,6}\.json", re.ASCII | re.IGNORECASE)


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
    folders = sorted({name.split("/", 1)[0] for name in names if "/" in name} - {CONTENT_FOLDER})
    libraries = {folder: library_validate(archive, folder=folder, names=names) for folder in folders}
    return PackageManifest(
        title=str(h5p_json["title"])[:255],
        language=str(h5p_json["language"])[:16],
        main_library=main_folder,
        libraries=_libraries_needed(libraries, roots=[folder for _name, folder in dependencies]),
        license=str(h5p_json.get("license") or "")[:64],
        authors=[a for a in h5p_json.get("authors") or [] if isinstance(a, dict)],
        h5p_json=h5p_json,
        entries=entries,
    )


def library_validate(archive: zipfile.ZipFile, *, folder: str, names: set[str]) -> dict:
    """One library folder, whether or not anything refers to it. Returns its ``library.json``."""
    library_json_name = f"{folder}/library.json"
    if library_json_name not in names:
        raise reject(messages.NOT_A_LIBRARY, library=folder)
    try:
        library = _json_object(archive, library_json_name)
    except PackageRejected as error:
        if error.message not in (messages.JSON_INVALID, messages.JSON_NOT_OBJECT):
            raise
        raise reject(messages.LIBRARY_JSON_INVALID, file=library_json_name, library=folder) from error
    _library_fields_validate(library, file_name=library_json_name, folder=folder)
    _core_api_validate(library, file_name=library_json_name, folder=folder)
    _preloaded_files_validate(library, folder=folder, names=names)
    _dependencies(library, library_json_name)
    _library_json_files_validate(archive, folder=folder, names=names)
    return library


def _library_fields_validate(library: dict, *, file_name: str, folder: str) -> None:
    """H5P's required fields and their patterns; the folder is named after machineName and version."""
    for field, pattern in LIBRARY_FIELDS.items():
        if library.get(field) in ("", None):
            raise reject(messages.FIELD_MISSING, file=file_name, field=field)
        text = _as_text(library[field])
        if text is None or not pattern.fullmatch(text):
            raise reject(messages.FIELD_INVALID, file=file_name, field=field)
    fields = {field: _as_text(library[field]) for field in ("machineName", "majorVersion", "minorVersion")}
    if folder != "{machineName}-{majorVersion}.{minorVersion}".format(**fields):
        raise reject(messages.LIBRARY_JSON_MISMATCH, file=file_name, library=folder)


def _library_json_files_validate(archive: zipfile.ZipFile, *, folder: str, names: set[str]) -> None:
    """``semantics.json`` (a list) and ``language/*.json`` (objects), which H5P core decodes on install."""
    semantics = f"{folder}/semantics.json"
    if semantics in names and not isinstance(_json_document(archive, semantics), list):
        raise reject(messages.JSON_NOT_LIST, file=semantics)
    language = f"{folder}/language/"
    for name in sorted(names):
        if name.startswith(language):
            if not _LANGUAGE_FILE.fullmatch(name.removeprefix(language)):
                raise reject(messages.LANGUAGE_FILE_NAME_INVALID, file=display_name(name))
            _json_object(archive, name)


def _as_text(value) -> str | None:
    """A scalar as PHP's ``preg_match`` sees it (H5P matches numbers and booleans as their text)."""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, int | str):
        return str(value)
    return None


def _core_api_validate(library: dict, *, file_name: str, folder: str) -> None:
    core_api = library.get("coreApi")
    if not core_api:
        return
    if not isinstance(core_api, dict):
        raise reject(messages.FIELD_INVALID, file=file_name, field="coreApi")
    versions = [_as_text(core_api.get(key)) for key in ("majorVersion", "minorVersion")]
    if not all(text and _VERSION.fullmatch(text) for text in versions):
        raise reject(messages.FIELD_INVALID, file=file_name, field="coreApi")
    required = (int(versions[0]), int(versions[1]))
    if required > CORE_API:
        raise reject(
            messages.CORE_API_UNSUPPORTED,
            library=folder,
            required="{}.{}".format(*required),
            current="{}.{}".format(*CORE_API),
        )


def _preloaded_files_validate(library: dict, *, folder: str, names: set[str]) -> None:
    for key in ("preloadedJs", "preloadedCss"):
        items = library.get(key) or []
        if not isinstance(items, list):
            raise reject(messages.FIELD_INVALID, file=f"{folder}/library.json", field=key)
        for item in items:
            path = item.get("path") if isinstance(item, dict) else None
            full = normalised_library_path(folder, path) if isinstance(path, str) else None
            if full is None or full not in names:
                shown = display_name(f"{folder}/{path}")
                raise reject(messages.PRELOADED_FILE_MISSING, file=shown, library=folder)


def _libraries_needed(libraries: dict[str, dict], *, roots: list[str]) -> list[str]:
    """The preloaded libraries, followed through each library's own preloaded dependencies, in that order."""
    needed: list[str] = []
    pending = list(roots)
    while pending:
        folder = pending.pop(0)
        if folder in needed:
            continue
        if folder not in libraries:
            raise reject(messages.LIBRARY_MISSING, library=folder, file=f"{folder}/library.json")
        dependencies = _dependencies(libraries[folder], f"{folder}/library.json")
        pending.extend(dep_folder for _name, dep_folder in dependencies)
        needed.append(folder)
    return needed


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
    document = _json_document(archive, name)
    if not isinstance(document, dict):
        raise reject(messages.JSON_NOT_OBJECT, file=display_name(name))
    return document


def _json_document(archive: zipfile.ZipFile, name: str):
    """Any JSON value, refused when it is too large, not JSON, or nested deeper than ``JSON_MAX_DEPTH``."""
    shown = display_name(name)
    info = archive.getinfo(name)
    if info.file_size > JSON_MAX_SIZE:
        raise reject(messages.FILE_TOO_LARGE, file=shown, limit=JSON_MAX_SIZE)
    try:
        with archive.open(info) as stream:
            raw = stream.read(JSON_MAX_SIZE + 1)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as error:
        raise reject(messages.CORRUPT_ENTRY, file=shown) from error
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except RecursionError as error:  # the decoder recurses per level: this is nesting, not a crash
        raise reject(messages.JSON_TOO_DEEP, file=shown, limit=JSON_MAX_DEPTH) from error
    except (UnicodeDecodeError, ValueError) as error:
        raise reject(messages.JSON_INVALID, file=shown) from error
    if _nested_deeper_than(document, JSON_MAX_DEPTH):
        raise reject(messages.JSON_TOO_DEEP, file=shown, limit=JSON_MAX_DEPTH)
    return document


def _nested_deeper_than(document, limit: int) -> bool:
    """Whether objects and lists nest more than ``limit`` levels; iterative, so any depth is safe to measure."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False
