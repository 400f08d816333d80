"""The rules H5P's own validator applies, each with a hostile package and a happy one next to it.

Library folders (also one nothing refers to), folder names, the core API a library asks for, language and
semantics files, JSON nesting, name lengths and OS junk. A refusal writes nothing; junk is neither refused nor
extracted.
"""

import io
import json
import time
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.management import CommandError
from django.utils import translation

from h5p import messages
from h5p.models import H5PActivity
from h5p.services import activity_create
from h5p.structure import CORE_API, JSON_MAX_DEPTH
from h5p.validation import MAX_NAME_BYTES, MAX_PATH_BYTES, package_validate
from tests.h5p.factories import LIBRARY, SHARED, library_json, package_bytes, package_files, zip_bytes
from tests.h5p.test_admin_upload import post_package, shows_reason
from tests.h5p.test_h5p_import import media_files, run_import

UNUSED = "H5P.Unused-1.0"  # a library folder no dependency names


def line(error) -> str:
    with translation.override("en"):
        return str(error.messages[0])


def validates(data: bytes):
    return package_validate(io.BytesIO(data))


def unused_library(**overrides) -> dict[str, bytes]:
    document = library_json(machineName="H5P.Unused", preloadedJs=[{"path": "unused.js"}], preloadedCss=[])
    document.update(overrides)
    return {f"{UNUSED}/library.json": json.dumps(document).encode(), f"{UNUSED}/unused.js": b"var unused;"}


def nested(depth: int) -> bytes:
    """A JSON object ``depth`` levels deep: ``{"a": {"a": ... {}}}``."""
    return b'{"a": ' * (depth - 1) + b"{}" + b"}" * (depth - 1)


def shared_packages(folder: str) -> list[str]:
    return sorted(path.name for path in (SHARED / folder).glob("*.h5p")) if SHARED.is_dir() else []


# 1. Every library folder's library.json is valid and complete, also when nothing refers to it.


def test_a_library_folder_nothing_refers_to_is_validated_too(rejection):
    error = rejection(package_bytes(**{f"{UNUSED}/library.json": b"{nope"}))
    assert error.message == messages.LIBRARY_JSON_INVALID
    assert error.params == {"file": f"{UNUSED}/library.json", "library": UNUSED}


def test_a_complete_library_nothing_refers_to_is_accepted_and_not_listed_as_needed():
    manifest = validates(package_bytes(**unused_library()))
    assert manifest.libraries == [LIBRARY]
    assert f"{UNUSED}/unused.js" in [info.filename for info in manifest.entries]


@pytest.mark.parametrize("field", ["title", "machineName", "majorVersion", "minorVersion", "patchVersion", "runnable"])
def test_a_library_json_lacking_a_required_field_is_refused(rejection, field):
    files = unused_library()
    document = json.loads(files[f"{UNUSED}/library.json"])
    del document[field]
    error = rejection(package_bytes(**{**files, f"{UNUSED}/library.json": json.dumps(document).encode()}))
    assert error.message == messages.FIELD_MISSING
    assert error.params == {"file": f"{UNUSED}/library.json", "field": field}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("runnable", 2),
        ("runnable", "yes"),
        ("majorVersion", "one"),
        ("patchVersion", 123456),
        ("patchVersion", [3]),
        ("machineName", "H5P Unused"),
        ("title", "x" * 256),
    ],
)
def test_a_library_json_with_a_value_h5p_would_refuse_is_refused(rejection, field, value):
    error = rejection(package_bytes(**unused_library(**{field: value})))
    assert error.message == messages.FIELD_INVALID
    assert line(error) == f"{UNUSED}/library.json has an invalid value for “{field}”."


def test_values_h5p_accepts_as_text_are_accepted():
    validates(package_bytes(**unused_library(runnable=0, patchVersion="12", title="Ongebruikt")))


def test_a_preloaded_file_missing_from_a_library_nothing_refers_to_is_refused(rejection):
    files = {name: data for name, data in unused_library().items() if not name.endswith(".js")}
    error = rejection(package_bytes(**files))
    assert error.message == messages.PRELOADED_FILE_MISSING
    assert error.params == {"file": f"{UNUSED}/unused.js", "library": UNUSED}


def test_a_folder_without_library_json_is_refused(rejection):
    error = rejection(package_bytes(**{"Stray/notes.txt": b"hallo"}))
    assert error.message == messages.NOT_A_LIBRARY
    assert line(error) == "The folder Stray is not a library: it has no library.json."


# 2. A library folder's name is <machineName>-<majorVersion>.<minorVersion> from its library.json.


@pytest.mark.parametrize("folder", ["H5P.Unused", "H5P.Unused-1.1", "H5P.Other-1.0", "H5P.Unused-1.0.3"])
def test_a_library_folder_named_otherwise_than_its_library_json_is_refused(rejection, folder):
    files = {name.replace(UNUSED, folder): data for name, data in unused_library().items()}
    error = rejection(package_bytes(**files))
    assert error.message == messages.LIBRARY_JSON_MISMATCH
    assert error.params == {"file": f"{folder}/library.json", "library": folder}


def test_a_library_folder_named_after_its_library_json_is_accepted():
    manifest = validates(package_bytes(**unused_library()))
    assert UNUSED in {info.filename.split("/")[0] for info in manifest.entries}


# 3. coreApi asks for no H5P core API newer than the newest there is (1.27).


@pytest.mark.parametrize(("core_api", "required"), [((1, 28), "1.28"), ((2, 0), "2.0"), ((1, 99999), "1.99999")])
def test_a_library_asking_for_a_core_api_that_does_not_exist_is_refused(rejection, core_api, required):
    wants = {"majorVersion": core_api[0], "minorVersion": core_api[1]}
    error = rejection(package_bytes(**unused_library(coreApi=wants)))
    assert error.message == messages.CORE_API_UNSUPPORTED
    assert line(error) == f"{UNUSED} needs H5P core API {required}; the newest is 1.27."


@pytest.mark.parametrize(
    "core_api", [{"majorVersion": 1, "minorVersion": 27}, {"majorVersion": "1", "minorVersion": "5"}, {}]
)
def test_a_library_asking_for_an_existing_core_api_or_none_is_accepted(core_api):
    assert CORE_API == (1, 27)
    validates(package_bytes(**unused_library(coreApi=core_api)))


@pytest.mark.parametrize("core_api", ["1.28", [1, 28], {"majorVersion": 1}, {"majorVersion": 1, "minorVersion": -1}])
def test_a_core_api_that_is_not_a_version_is_refused(rejection, core_api):
    error = rejection(package_bytes(**unused_library(coreApi=core_api)))
    assert error.message == messages.FIELD_INVALID
    assert error.params["field"] == "coreApi"


# 4. Language files (and semantics.json) are valid JSON of the right kind, with names H5P accepts.


@pytest.mark.parametrize(
    ("data", "message"),
    [(b'{"semantics": [', messages.JSON_INVALID), (b'["not", "an", "object"]', messages.JSON_NOT_OBJECT)],
)
def test_a_language_file_that_is_not_a_json_object_is_refused(rejection, data, message):
    error = rejection(package_bytes(**{f"{LIBRARY}/language/nl.json": data}))
    assert error.message == message
    assert error.params["file"] == f"{LIBRARY}/language/nl.json"


def test_a_language_file_in_a_library_nothing_refers_to_is_checked_too(rejection):
    error = rejection(package_bytes(**unused_library(), **{f"{UNUSED}/language/de.json": b"{"}))
    assert line(error) == f"{UNUSED}/language/de.json is not valid JSON."


def test_language_files_with_names_h5p_accepts_are_accepted():
    translations = {f"{LIBRARY}/language/{code}.json": b'{"semantics": []}' for code in ("nl", "pt-br", "zh-hans-cn")}
    validates(package_bytes(**translations))


@pytest.mark.parametrize("name", ["nl_NL.json", "nl.txt", "en-1.json", "sub/nl.json", "a-b-c-d-e-f-g-h.json"])
def test_a_language_file_with_a_name_h5p_refuses_is_refused(rejection, name):
    error = rejection(package_bytes(**{f"{LIBRARY}/language/{name}": b"{}"}))
    assert error.message == messages.LANGUAGE_FILE_NAME_INVALID
    assert error.params["file"] == f"{LIBRARY}/language/{name}"


def test_a_long_language_file_name_is_judged_without_backtracking(rejection):
    started = time.perf_counter()
    error = rejection(package_bytes(**{f"{LIBRARY}/language/{'a' * 240}.jsonx.txt": b"{}"}))
    assert error.message == messages.LANGUAGE_FILE_NAME_INVALID
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    ("data", "message"), [(b"[{", messages.JSON_INVALID), (b'{"name": "text"}', messages.JSON_NOT_LIST)]
)
def test_a_semantics_json_that_is_not_a_json_list_is_refused(rejection, data, message):
    error = rejection(package_bytes(**{f"{LIBRARY}/semantics.json": data}))
    assert error.message == message
    assert error.params["file"] == f"{LIBRARY}/semantics.json"


def test_a_semantics_json_list_is_accepted():
    validates(package_bytes(**{f"{LIBRARY}/semantics.json": b'[{"name": "text", "type": "text"}]'}))


# 5. JSON nests at most JSON_MAX_DEPTH levels; deeper gives a refusal, never a RecursionError.


@pytest.mark.parametrize(
    "data",
    [
        nested(JSON_MAX_DEPTH + 1),
        b"[" * 20_000 + b"]" * 20_000,  # deep enough to exhaust the decoder's recursion
        b'{"a": ' + b"[" * 20_000,  # and not even valid JSON
    ],
)
def test_a_deeply_nested_content_json_is_refused_with_one_line(rejection, data):
    error = rejection(package_bytes(**{"content/content.json": data}))
    assert error.message == messages.JSON_TOO_DEEP
    assert line(error) == f"content/content.json is nested more than {JSON_MAX_DEPTH} levels deep."


def test_content_json_nested_up_to_the_limit_is_accepted():
    validates(package_bytes(**{"content/content.json": nested(JSON_MAX_DEPTH)}))


@pytest.mark.parametrize("name", ["h5p.json", f"{LIBRARY}/library.json", f"{LIBRARY}/language/nl.json"])
def test_every_json_file_read_is_depth_limited(rejection, name):
    document = json.loads(package_files().get(name, b"{}"))
    document["deep"] = json.loads(nested(JSON_MAX_DEPTH))  # one level more than the limit with its parent
    error = rejection(package_bytes(**{name: json.dumps(document).encode()}))
    assert error.message == messages.JSON_TOO_DEEP
    assert error.params["file"] == name


@pytest.mark.django_db
def test_a_deeply_nested_package_is_refused_in_the_admin_without_a_500(client, editor, settings):
    client.force_login(editor)
    response = post_package(client, package_bytes(**{"content/content.json": b"[" * 20_000 + b"]" * 20_000}))
    assert response.status_code == HTTPStatus.OK
    assert shows_reason(response, messages.JSON_TOO_DEEP, file="content/content.json", limit=JSON_MAX_DEPTH)
    assert not H5PActivity.objects.exists()
    assert media_files(settings) == []


@pytest.mark.django_db
def test_h5p_import_refuses_a_deeply_nested_package_with_one_line(tmp_path, settings):
    package = tmp_path / "diep.h5p"
    package.write_bytes(package_bytes(**{"content/content.json": b"[" * 20_000 + b"]" * 20_000}))
    with translation.override("en"), pytest.raises(CommandError) as caught:
        run_import(package)
    assert str(caught.value) == f"diep.h5p: content/content.json is nested more than {JSON_MAX_DEPTH} levels deep."
    assert media_files(settings) == []


# 6. Names too long for a file system are refused before anything is written.

LONG_NAME = "content/" + "a" * (MAX_NAME_BYTES - 3) + ".txt"  # one byte over


@pytest.mark.parametrize(
    "name",
    [
        LONG_NAME,
        "content/" + "é" * 126 + ".txt",  # 256 bytes in UTF-8, 130 characters
        "content/" + "/".join(["d" * 200] * 5) + "/x.txt",  # every part fits, the whole does not
        f"{LIBRARY}/" + "b" * 300 + ".js",
    ],
)
def test_a_name_too_long_for_the_file_system_is_refused(rejection, name):
    error = rejection(package_bytes(**{name: b"hallo"}))
    assert error.message == messages.PATH_TOO_LONG
    assert len(error.params["file"]) <= 81  # shown shortened, on one line
    assert name.startswith(error.params["file"].removesuffix("…"))


def test_names_up_to_the_limits_are_accepted():
    longest_part = "content/" + "a" * (MAX_NAME_BYTES - 4) + ".txt"
    folders = "content/" + "/".join(["d" * 200] * 4) + "/"
    longest_path = folders + "e" * (MAX_PATH_BYTES - len(folders) - len(".txt")) + ".txt"
    assert len(longest_path.encode()) == MAX_PATH_BYTES
    validates(package_bytes(**{longest_part: b"hallo", longest_path: b"hallo"}))


@pytest.mark.django_db
def test_a_name_too_long_writes_nothing_and_is_shown_in_the_admin(client, editor, settings):
    client.force_login(editor)
    response = post_package(client, package_bytes(**{LONG_NAME: b"hallo"}))
    assert response.status_code == HTTPStatus.OK
    assert shows_reason(response, messages.PATH_TOO_LONG, file=LONG_NAME[:80] + "…")
    assert not H5PActivity.objects.exists()
    assert media_files(settings) == []


# 7. OS junk is ignored: neither refused nor extracted.

JUNK = {
    ".DS_Store": b"\x00\x00\x00\x01Bud1",
    "content/.DS_Store": b"\x00\x00\x00\x01Bud1",
    "__MACOSX/content/images/._photo.png": b"\x00\x05\x16\x07",
    f"__MACOSX/{LIBRARY}/._test.js": b"\x00\x05\x16\x07",
    f"{LIBRARY}/._library.json": b"\x00\x05\x16\x07",
    "Thumbs.db": b"\xd0\xcf\x11\xe0",
    "content/images/Thumbs.db": b"\xd0\xcf\x11\xe0",
    "desktop.ini": b"[.ShellClassInfo]",
    f"{LIBRARY}/Desktop.ini": b"[.ShellClassInfo]",
}


def test_os_junk_is_left_out_of_validation():
    manifest = validates(zip_bytes([*package_files().items(), ("__MACOSX/", b""), *JUNK.items()]))
    assert sorted(info.filename for info in manifest.entries) == sorted(package_files())


@pytest.mark.django_db
def test_os_junk_is_not_extracted(settings):
    activity = activity_create(package=io.BytesIO(zip_bytes({**package_files(), **JUNK})))
    root = Path(settings.MEDIA_ROOT) / activity.content_path
    extracted = sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
    assert extracted == sorted(package_files())


@pytest.mark.parametrize(
    ("name", "message"),
    [("__MACOSX/../../evil.json", messages.PATH_TRAVERSAL), ("content/._x\x07.png", messages.PATH_CONTROL_CHARACTER)],
)
def test_junk_names_are_still_checked_for_safety(rejection, name, message):
    assert rejection(package_bytes(**{name: b""})).message == message


def test_a_junk_folder_cannot_stand_in_for_a_library(rejection):
    files = {name.replace(LIBRARY, f"_{LIBRARY}"): data for name, data in package_files().items()}
    assert rejection(zip_bytes(files)).message == messages.LIBRARY_MISSING


# The shared packages: the new rules refuse none of the valid ones and let none of the others through.


@pytest.mark.parametrize("name", shared_packages("valid"))
def test_every_shared_valid_package_still_passes(name):
    with (SHARED / "valid" / name).open("rb") as package:
        validates(package.read())


@pytest.mark.parametrize(
    ("folder", "name"), [(folder, name) for folder in ("invalid", "hostile") for name in shared_packages(folder)]
)
def test_every_shared_invalid_or_hostile_package_is_still_refused(rejection, folder, name):
    rejection((SHARED / folder / name).read_bytes())
