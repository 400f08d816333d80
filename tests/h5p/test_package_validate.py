"""Validation of .h5p packages: the shared real packages and our own hostile zips."""

import io
import json
import time
import zipfile

import pytest
from django.utils import translation

from h5p import messages
from h5p.validation import package_validate
from tests.h5p.factories import (
    LIBRARY,
    PNG,
    flag_encrypted,
    library_json,
    package_bytes,
    package_files,
    zip_bytes,
    zip_info,
)

VALID = [
    "H5P.Accordion.h5p",
    "H5P.Blanks.h5p",
    "H5P.Dialogcards.h5p",
    "H5P.DragText.h5p",
    "H5P.MultiChoice.h5p",
    "H5P.TrueFalse.h5p",
    "greetingcard.h5p",
]


def line(error) -> str:
    with translation.override("en"):
        return str(error.messages[0])


@pytest.mark.parametrize("name", VALID)
def test_every_shared_valid_package_passes(shared, name):
    with (shared / "valid" / name).open("rb") as package:
        manifest = package_validate(package)
    assert manifest.main_library in manifest.libraries
    assert manifest.license == "U"  # shown as it is


@pytest.mark.parametrize(
    ("name", "message", "expected_line"),
    [
        ("broken-h5p-json.h5p", messages.JSON_INVALID, "h5p.json is not valid JSON."),
        ("corrupt_archive.h5p", messages.NOT_A_ZIP, "This is not a valid .h5p file: it is not a zip archive."),
        ("invalid-h5p-json-schema.h5p", messages.FIELD_MISSING, "h5p.json lacks the required field “mainLibrary”."),
        (
            "invalid-library-json.h5p",
            messages.FIELD_MISSING,
            "H5P.GreetingCard-1.0/library.json lacks the required field “majorVersion”.",
        ),
        (
            "missing-preloaded-js.h5p",
            messages.PRELOADED_FILE_MISSING,
            "H5P.GreetingCard-1.0/greetingcard.js is listed in the library.json of H5P.GreetingCard-1.0 "
            "but is missing from the package.",
        ),
    ],
)
def test_every_shared_invalid_package_is_rejected_with_its_reason(shared, rejection, name, message, expected_line):
    error = rejection((shared / "invalid" / name).read_bytes())
    assert error.message == message
    assert line(error) == expected_line


def test_the_shared_hostile_svg_is_rejected_naming_the_file(shared, rejection):
    error = rejection((shared / "hostile" / "xss-svg.h5p").read_bytes())
    assert error.message == messages.SVG_SCRIPT
    assert error.params["file"] == "content/images/xss.svg"


def test_a_generated_package_passes_and_reports_its_metadata():
    manifest = package_validate(io.BytesIO(package_bytes()))
    assert manifest.title == "Test activity"
    assert manifest.main_library == LIBRARY
    assert manifest.libraries == [LIBRARY]
    assert manifest.license == "CC BY"
    assert manifest.authors == [{"name": "Redactie Signaal", "role": "Author"}]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("content/../../etc/passwd.json", messages.PATH_TRAVERSAL),
        ("/etc/passwd.json", messages.PATH_ABSOLUTE),
        ("C:/windows/win.json", messages.PATH_ABSOLUTE),
        ("content\\images\\x.json", messages.PATH_BACKSLASH),
        ("content/evil\x07.json", messages.PATH_CONTROL_CHARACTER),
        ("content//twice.json", messages.PATH_EMPTY_PART),
        ("content/./here.json", messages.PATH_EMPTY_PART),
    ],
)
def test_unsafe_paths_are_rejected(rejection, name, message):
    error = rejection(zip_bytes([*package_files().items(), (name, b"{}")]))
    assert error.message == message


def test_a_control_character_is_shown_escaped_in_the_one_line_reason(rejection):
    error = rejection(zip_bytes([*package_files().items(), ("content/a\nb.json", b"{}")]))
    assert "\n" not in line(error)
    assert "content/a\\x0ab.json" in line(error)


def test_a_symlink_is_rejected(rejection):
    files = [*package_files().items(), (zip_info("content/link.json", symlink=True), b"/etc/passwd")]
    assert rejection(zip_bytes(files)).message == messages.SYMLINK


def test_duplicate_names_are_rejected_also_when_they_differ_only_in_case(rejection):
    files = list(package_files().items())
    with pytest.warns(UserWarning, match="Duplicate name"):
        duplicate = zip_bytes([*files, ("content/content.json", b"{}")])
    assert rejection(duplicate).params["file"] == "content/content.json"
    assert rejection(zip_bytes([*files, ("content/Content.json", b"{}")])).message == messages.DUPLICATE_NAME


def test_an_encrypted_entry_is_rejected(rejection):
    data = flag_encrypted(package_bytes(**{"content/secret.json": b"{}"}), "content/secret.json")
    assert rejection(data).message == messages.ENCRYPTED


def test_an_unsupported_compression_method_is_rejected(rejection):
    files = [*package_files().items(), (zip_info("content/x.txt", compress_type=zipfile.ZIP_BZIP2), b"hello")]
    assert rejection(zip_bytes(files)).message == messages.UNSUPPORTED_COMPRESSION


def test_a_crc_error_is_found_when_reading_the_entry(rejection):
    data = zip_bytes(package_files(**{"content/notes.txt": b"signalen herkennen"}), compression=zipfile.ZIP_STORED)
    error = rejection(data.replace(b"signalen herkennen", b"signalen herkennem"))
    assert error.message == messages.CORRUPT_ENTRY
    assert error.params["file"] == "content/notes.txt"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("content/page.html", b"<html></html>"),
        ("content/run.js", b"alert(1)"),  # scripts belong in libraries only
        ("content/noextension", b"x"),
        (f"{LIBRARY}/backdoor.php", b"<?php system($_GET[1]);"),
        (f"{LIBRARY}/tool.exe", b"MZ"),
    ],
)
def test_files_outside_h5p_cores_allow_lists_are_rejected(rejection, name, data):
    error = rejection(package_bytes(**{name: data}))
    assert error.message == messages.EXTENSION_NOT_ALLOWED
    assert error.params["file"] == name


def test_a_file_at_the_root_other_than_h5p_json_is_rejected(rejection):
    assert rejection(package_bytes(**{"readme.txt": b"hi"})).message == messages.UNEXPECTED_ROOT_FILE


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("content/images/photo.png", b"<!DOCTYPE html><script>alert(document.cookie)</script>"),
        ("content/images/photo.jpg", PNG),
        ("content/audio/clip.mp3", b"<html><body>hi</body></html>"),
        ("content/data.json", b"<script>alert(1)</script>"),
        ("content/notes.txt", b"\x00\x01binary"),
        (f"{LIBRARY}/fonts/icons.woff", b"<html></html>"),
    ],
)
def test_a_file_whose_bytes_contradict_its_extension_is_rejected(rejection, name, data):
    error = rejection(package_bytes(**{name: data}))
    assert error.message == messages.CONTENT_MISMATCH
    assert error.params["file"] == name


@pytest.mark.parametrize(
    "svg",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        b'<a x:href=" javascript:alert(1)"><text>x</text></a></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div>x</div></foreignObject></svg>',
    ],
)
def test_an_svg_that_could_run_script_is_rejected(rejection, svg):
    error = rejection(package_bytes(**{"content/images/logo.svg": svg}))
    assert error.message == messages.SVG_SCRIPT


@pytest.mark.parametrize(
    "svg",
    [
        b'<!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg">&b;</svg>',
        b"<html><body>not an svg</body></html>",
        b"<svg",
    ],
)
def test_an_svg_that_is_not_a_plain_svg_image_is_rejected(rejection, svg):
    assert rejection(package_bytes(**{"content/images/logo.svg": svg})).message == messages.SVG_INVALID


def test_a_harmless_svg_is_accepted():
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'
    package_validate(io.BytesIO(package_bytes(**{"content/images/logo.svg": svg})))


def test_a_missing_library_folder_is_rejected_naming_it(rejection):
    files = {name: data for name, data in package_files().items() if not name.startswith(LIBRARY)}
    error = rejection(zip_bytes(files))
    assert error.message == messages.LIBRARY_MISSING
    assert error.params == {"library": LIBRARY, "file": f"{LIBRARY}/library.json"}


def test_a_library_needed_by_another_library_must_be_present(rejection):
    needs = library_json(preloadedDependencies=[{"machineName": "H5P.Other", "majorVersion": 2, "minorVersion": 1}])
    error = rejection(package_bytes(**{f"{LIBRARY}/library.json": json.dumps(needs).encode()}))
    assert error.params["library"] == "H5P.Other-2.1"


def test_a_missing_preloaded_js_file_is_rejected_naming_it(rejection):
    files = {name: data for name, data in package_files().items() if name != f"{LIBRARY}/test.js"}
    error = rejection(zip_bytes(files))
    assert error.message == messages.PRELOADED_FILE_MISSING
    assert error.params["file"] == f"{LIBRARY}/test.js"


def test_a_preloaded_path_may_not_climb_out_of_its_library(rejection):
    sneaky = library_json(preloadedJs=[{"path": "../content/content.json"}])
    error = rejection(package_bytes(**{f"{LIBRARY}/library.json": json.dumps(sneaky).encode()}))
    assert error.message == messages.PRELOADED_FILE_MISSING


def test_a_library_json_that_names_another_library_than_its_folder_is_rejected(rejection):
    other = library_json(minorVersion=4)
    error = rejection(package_bytes(**{f"{LIBRARY}/library.json": json.dumps(other).encode()}))
    assert error.message == messages.LIBRARY_JSON_MISMATCH


def test_a_library_json_that_is_not_json_names_the_library(rejection):
    error = rejection(package_bytes(**{f"{LIBRARY}/library.json": b"{nope"}))
    assert error.message == messages.LIBRARY_JSON_INVALID
    assert error.params["library"] == LIBRARY


def test_the_main_library_must_be_a_preloaded_dependency(rejection):
    doc = {**json.loads(package_files()["h5p.json"]), "mainLibrary": "H5P.Elsewhere"}
    error = rejection(package_bytes(**{"h5p.json": json.dumps(doc).encode()}))
    assert error.message == messages.MAIN_LIBRARY_NOT_PRELOADED


def test_content_json_is_required_and_must_be_json(rejection):
    files = {name: data for name, data in package_files().items() if name != "content/content.json"}
    assert rejection(zip_bytes(files)).message == messages.CONTENT_JSON_MISSING
    assert rejection(package_bytes(**{"content/content.json": b"{"})).message == messages.JSON_INVALID


def test_too_many_entries_are_rejected_before_anything_is_read(rejection, settings):
    settings.H5P_MAX_ENTRIES = 5
    assert rejection(package_bytes()).message == messages.TOO_MANY_ENTRIES


def test_a_file_over_the_size_limit_is_rejected(rejection, settings):
    settings.H5P_MAX_FILE_SIZE = 1000
    error = rejection(package_bytes(**{"content/notes.txt": b"a" * 1001}))
    assert error.message == messages.FILE_TOO_LARGE


def test_a_package_over_the_total_size_limit_is_rejected(rejection, settings):
    settings.H5P_MAX_TOTAL_SIZE = 2000
    extra = {f"content/part{i}.txt": b"b" * 600 for i in range(4)}
    assert rejection(package_bytes(**extra)).message == messages.TOTAL_TOO_LARGE


def test_a_suspicious_compression_ratio_is_rejected(rejection):
    error = rejection(package_bytes(**{"content/zeros.txt": b"0" * (8 * 1024 * 1024)}))
    assert error.message == messages.RATIO_TOO_HIGH


def test_a_1_gib_zip_bomb_is_rejected_quickly_without_inflating_it(rejection, zip_bomb):
    started = time.perf_counter()
    error = rejection(zip_bomb)
    elapsed = time.perf_counter() - started
    assert error.message == messages.FILE_TOO_LARGE
    assert error.params["file"] == "content/bomb.txt"
    assert elapsed < 0.5, elapsed
    print(f"\nH5P: 1 GiB-declared zip bomb rejected in {elapsed * 1000:.1f} ms")


@pytest.fixture(scope="session")
def zip_bomb(tmp_path_factory) -> bytes:
    """A real zip bomb: 1 GiB of zeros deflated to under 5 MiB (built once per session, fastest level)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in package_files().items():
            archive.writestr(name, data)
        chunk = bytes(1024 * 1024)
        with archive.open("content/bomb.txt", "w", force_zip64=True) as entry:
            for _ in range(1024):
                entry.write(chunk)
    return buffer.getvalue()
