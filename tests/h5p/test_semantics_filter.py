"""content.json is held to the libraries' semantics.json, field by field, as H5P core does when content is saved.

What the filter changes is reported to the editor; the stored content.json is the filtered one.
"""

import io
import json
import zipfile
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from h5p import semantics
from h5p.models import H5PActivity
from h5p.semantics import ContentFilter, changes_summary
from h5p.services import activity_create
from h5p.validation import package_validate
from tests.h5p.factories import LIBRARY, package_bytes, upload
from tests.h5p.test_package_validate import VALID

MAIN = "H5P.Main-1.0"
HTML = {"name": "text", "type": "text", "widget": "html", "tags": ["strong", "em", "a"]}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def filtered(content: dict, fields: list, **libraries) -> tuple[dict, list[str]]:
    """The content filtered with ``fields`` as the main library's semantics, and the changes as lines."""
    content_filter = ContentFilter({MAIN: fields, **libraries})
    result = content_filter.content(content, main_library=MAIN)
    return result, [str(change) for change in content_filter.changes]


# Text


def test_plain_text_shows_markup_as_text_and_says_so():
    result, changes = filtered({"title": "<script>alert(1)</script>Hoi"}, [{"name": "title", "type": "text"}])
    assert result == {"title": "&lt;script&gt;alert(1)&lt;/script&gt;Hoi"}
    assert changes == ["title: HTML is not allowed here and is shown as text"]


def test_plain_text_keeps_its_entities_and_needs_no_report():
    text = "&#039;:ans&#039; is correct & *blue:Check the name!*"
    result, changes = filtered({"t": text}, [{"name": "t", "type": "text"}])
    assert result == {"t": "&#039;:ans&#039; is correct &amp; *blue:Check the name!*"}
    assert changes == []


def test_html_text_keeps_the_allowed_tags_and_loses_script_with_its_content():
    result, changes = filtered({"text": "<p><strong>Ja</strong><script>steal()</script> nee</p>"}, [HTML])
    assert result == {"text": "<p><strong>Ja</strong> nee</p>"}
    assert changes == ["text: tag <script> removed"]


@pytest.mark.parametrize(
    ("html", "expected", "change"),
    [
        ('<p><img src="x" onerror="alert(1)">Hoi</p>', "<p>Hoi</p>", "text: tag <img> removed"),
        ('<p onclick="alert(1)">Hoi</p>', "<p>Hoi</p>", "text: attribute onclick removed"),
        ('<iframe src="https://evil.example"></iframe><p>Hoi</p>', "<p>Hoi</p>", "text: tag <iframe> removed"),
        (
            '<a href="javascript:alert(1)">x</a>',
            '<a rel="noopener noreferrer">x</a>',
            "text: link javascript:alert(1) removed",
        ),
        (
            '<a href="java&#x09;script:alert(1)">x</a>',
            '<a rel="noopener noreferrer">x</a>',
            "text: link java\tscript:alert(1) removed",
        ),
        ('<p class="h5p-evil">Hoi</p>', "<p>Hoi</p>", "text: attribute class removed"),
    ],
)
def test_hostile_markup_is_removed_and_reported(html, expected, change):
    result, changes = filtered({"text": html}, [HTML])
    assert result == {"text": expected}
    assert changes == [change]


@pytest.mark.parametrize(
    "href", ["https://signaal.nl/les", "http://example.org", "mailto:redactie@signaal.nl", "#boven"]
)
def test_safe_links_stay(href):
    result, changes = filtered({"text": f'<a href="{href}" target="_blank">x</a>'}, [HTML])
    assert f'href="{href}"' in result["text"] and 'target="_blank"' in result["text"]
    assert changes == []


def test_tags_bring_the_tags_they_need():
    field = {"name": "text", "type": "text", "tags": ["table", "ul"]}
    html = "<table><tbody><tr><th>a</th><td>b</td></tr></tbody></table><ul><li>c</li></ul>"
    result, changes = filtered({"text": html}, [field])
    assert result == {"text": html}
    assert changes == []


def test_semantics_cannot_switch_on_script_or_iframe():
    field = {"name": "text", "type": "text", "tags": ["script", "iframe", "p"]}
    result, changes = filtered({"text": "<p>a</p><script>x()</script><iframe></iframe>"}, [field])
    assert result == {"text": "<p>a</p>"}
    assert changes == ["text: tag <script> removed", "text: tag <iframe> removed"]


def test_styles_are_limited_to_the_fonts_the_field_offers_and_alignment():
    field = {**HTML, "font": {"color": True}}
    html = '<p style="color: #757575; text-align: center; position: fixed; background-color: #fff">x</p>'
    result, changes = filtered({"text": html}, [field])
    assert result == {"text": '<p style="color: #757575; text-align: center">x</p>'}
    assert changes == ["text: style “position: fixed” removed", "text: style “background-color: #fff” removed"]


def test_text_longer_than_max_length_is_shortened():
    result, changes = filtered({"t": "abcdef"}, [{"name": "t", "type": "text", "maxLength": 3}])
    assert result == {"t": "abc"}
    assert changes == ["t: shortened to 3 characters"]


def test_a_text_that_is_not_a_string_becomes_empty():
    result, changes = filtered({"t": {"evil": 1}}, [{"name": "t", "type": "text"}])
    assert result == {"t": ""}
    assert changes == ["t: not a text, left empty"]


# Numbers, booleans, selects


@pytest.mark.parametrize(
    ("value", "expected", "changes"),
    [
        (50, 50, []),
        ("7", 7, []),
        (150, 100, ["n: 150 is out of range, 100 used"]),
        (-5, 0, ["n: -5 is out of range, 0 used"]),
        ("veel", 10, ["n: not a number, default used"]),
        (True, 10, ["n: not a number, default used"]),
    ],
)
def test_numbers_are_numbers_within_bounds(value, expected, changes):
    field = {"name": "n", "type": "number", "min": 0, "max": 100, "default": 10}
    assert filtered({"n": value}, [field]) == ({"n": expected}, changes)


def test_numbers_are_rounded_to_their_decimals():
    field = {"name": "n", "type": "number", "decimals": 1}
    assert filtered({"n": 2.345}, [field]) == ({"n": 2.3}, [])


@pytest.mark.parametrize(
    ("value", "expected", "changes"), [(True, True, []), ("true", False, ["b: not a boolean, default used"])]
)
def test_booleans_are_booleans(value, expected, changes):
    assert filtered({"b": value}, [{"name": "b", "type": "boolean", "default": False}]) == ({"b": expected}, changes)


def test_a_select_value_must_be_one_of_the_options():
    field = {"name": "s", "type": "select", "default": "auto", "options": [{"value": "auto"}, {"value": "single"}]}
    assert filtered({"s": "single"}, [field]) == ({"s": "single"}, [])
    assert filtered({"s": "<b>x</b>"}, [field]) == ({"s": "auto"}, ["s: not one of the options, default used"])


def test_a_multiple_select_keeps_only_options():
    field = {"name": "s", "type": "select", "multiple": True, "options": [{"value": "a"}, {"value": "b"}]}
    assert filtered({"s": ["a", "x", "b"]}, [field]) == ({"s": ["a", "b"]}, ["s: not one of the options, default used"])


# Lists and groups

ANSWERS = {
    "name": "answers",
    "type": "list",
    "max": 2,
    "field": {
        "name": "answer",
        "type": "group",
        "fields": [{"name": "text", "type": "text"}, {"name": "correct", "type": "boolean", "default": False}],
    },
}


def test_list_items_are_held_to_their_field_and_cut_at_max():
    content = {"answers": [{"text": "Ja", "correct": "yes"}, {"text": "Nee", "onload": "x"}, {"text": "Drie"}]}
    result, changes = filtered(content, [ANSWERS])
    assert result == {"answers": [{"text": "Ja", "correct": False}, {"text": "Nee"}]}
    assert changes == [
        "answers: more than 2 items, the rest removed",
        "answers[0].correct: not a boolean, default used",
        "answers[1].onload: unknown field removed",
    ]


def test_unknown_keys_are_dropped():
    result, changes = filtered({"t": "a", "script": "<script>"}, [{"name": "t", "type": "text"}])
    assert result == {"t": "a"}
    assert changes == ["script: unknown field removed"]


def test_a_group_of_one_field_may_be_stored_unwrapped_or_wrapped():
    group = {"name": "g", "type": "group", "fields": [{"name": "t", "type": "text"}]}
    assert filtered({"g": "<i>x</i>"}, [group])[0] == {"g": "&lt;i&gt;x&lt;/i&gt;"}
    assert filtered({"g": {"t": "<i>x</i>"}}, [group])[0] == {"g": {"t": "&lt;i&gt;x&lt;/i&gt;"}}


def test_a_value_of_the_wrong_kind_is_removed():
    assert filtered({"answers": "x"}, [ANSWERS]) == ({}, ["answers: value of the wrong kind removed"])


def test_nesting_deeper_than_the_limit_is_cut_without_recursing_forever():
    field = {"name": "t", "type": "text"}
    for _level in range(semantics.MAX_FIELD_DEPTH + 10):
        field = {"name": "g", "type": "group", "fields": [field]}
    result, changes = filtered({"g": "x"}, [field])
    assert result == {}
    assert changes == ["g: nested too deeply, removed"]


# Sub-content (library fields)

MEDIA = {"name": "media", "type": "library", "options": ["H5P.Image 1.1"]}
IMAGE_SEMANTICS = [{"name": "alt", "type": "text"}, {"name": "file", "type": "image"}]
SUB_CONTENT_ID = "f4e153ab-9205-422a-bf73-9eb6ab6f559a"


def test_sub_content_is_held_to_its_own_librarys_semantics():
    content = {
        "media": {
            "library": "H5P.Image 1.1",
            "params": {"alt": "<b>Bessen</b>", "extra": 1},
            "subContentId": SUB_CONTENT_ID,
            "metadata": {"title": "Bessen", "license": "U", "onload": "x"},
            "evil": "x",
        }
    }
    result, changes = filtered(content, [MEDIA], **{"H5P.Image-1.1": IMAGE_SEMANTICS})
    assert result == {
        "media": {
            "library": "H5P.Image 1.1",
            "params": {"alt": "&lt;b&gt;Bessen&lt;/b&gt;"},
            "subContentId": SUB_CONTENT_ID,
            "metadata": {"title": "Bessen", "license": "U"},
        }
    }
    assert "media.params.alt: HTML is not allowed here and is shown as text" in changes
    assert {"media.params.extra: unknown field removed", "media.metadata.onload: unknown field removed"} < set(changes)
    assert "media.evil: unknown field removed" in changes


def test_sub_content_of_a_library_the_field_does_not_offer_is_removed():
    content = {"media": {"library": "H5P.Evil 1.0", "params": {}}}
    result, changes = filtered(content, [MEDIA], **{"H5P.Evil-1.0": None})
    assert result == {}
    assert changes == ["media: content type H5P.Evil 1.0 is not allowed here, removed"]


def test_sub_content_of_a_library_missing_from_the_package_is_removed():
    result, changes = filtered({"media": {"library": "H5P.Image 1.1", "params": {}}}, [MEDIA])
    assert result == {}
    assert changes == ["media: content type H5P.Image 1.1 is not in the package, removed"]


def test_a_library_without_semantics_keeps_its_params_as_h5p_does():
    content = {"media": {"library": "H5P.Image 1.1", "params": {"anything": "<b>x</b>"}}}
    assert filtered(content, [MEDIA], **{"H5P.Image-1.1": None}) == (content, [])
    assert ContentFilter({MAIN: None}).content({"x": "<script>"}, main_library=MAIN) == {"x": "<script>"}


def test_a_sub_content_id_that_is_not_a_uuid_is_removed():
    content = {"media": {"library": "H5P.Image 1.1", "params": {}, "subContentId": '"><script>'}}
    result, changes = filtered(content, [MEDIA], **{"H5P.Image-1.1": IMAGE_SEMANTICS})
    assert result == {"media": {"library": "H5P.Image 1.1", "params": {}}}
    assert changes == ["media.subContentId: value of the wrong kind removed"]


# Files


@pytest.mark.parametrize(
    "path",
    [
        "../../h5p.json",
        "images/../../x.png",
        "/etc/passwd",
        "https://evil.example/a.png",
        "javascript:alert(1)",
        "a\\b.png",
    ],
)
def test_an_image_path_must_stay_inside_the_package(path):
    result, changes = filtered({"file": {"path": path, "mime": "image/png"}}, [{"name": "file", "type": "image"}])
    assert result == {}
    assert changes == [f"file: file {path} is outside the package, removed"]


def test_an_image_keeps_its_path_size_and_copyright_as_text():
    image = {
        "path": "images/file-1.jpg",
        "mime": "image/jpeg",
        "width": 480.0,
        "height": "<script>",
        "copyright": {"license": "CC BY", "author": '<img src=x onerror="x">', "onload": "x"},
        "onerror": "alert(1)",
    }
    result, changes = filtered({"file": image}, [{"name": "file", "type": "image"}])
    assert result == {
        "file": {
            "path": "images/file-1.jpg",
            "mime": "image/jpeg",
            "width": 480,
            "copyright": {"license": "CC BY", "author": "&lt;img src=x onerror=&quot;x&quot;&gt;"},
        }
    }
    assert changes == ["file.height: value of the wrong kind removed", "file.onerror: unknown field removed"]


def test_a_mime_type_outside_the_allowed_list_is_removed():
    result, changes = filtered(
        {"file": {"path": "images/a.png", "mime": "text/html"}}, [{"name": "file", "type": "image"}]
    )
    assert result == {"file": {"path": "images/a.png"}}
    assert changes == ["file.mime: file type text/html is not allowed, removed"]


def test_video_sources_may_be_files_in_the_package_or_http_urls():
    sources = [
        {"path": "videos/clip.mp4", "mime": "video/mp4"},
        {"path": "https://www.youtube.com/watch?v=abc", "mime": "video/YouTube"},
        {"path": "javascript:alert(1)", "mime": "video/mp4"},
        {"path": "../clip.mp4", "mime": "video/mp4"},
    ]
    result, changes = filtered({"sources": sources}, [{"name": "sources", "type": "video"}])
    assert result == {"sources": sources[:2]}
    assert len(changes) == 2


def test_the_summary_shows_ten_lines_and_how_many_more():
    content_filter = ContentFilter({MAIN: [{"name": "t", "type": "text"}]})
    content_filter.content({f"k{i}": "x" for i in range(13)}, main_library=MAIN)
    lines = changes_summary(content_filter.changes)
    assert len(lines) == 11
    assert lines[-1] == "and 3 more"


# Real packages


def stored_content(settings, activity: H5PActivity) -> dict:
    return json.loads((Path(settings.MEDIA_ROOT) / activity.content_path / "content" / "content.json").read_text())


@pytest.mark.parametrize("name", VALID)
def test_the_shared_valid_packages_pass_the_filter_unchanged(shared, name):
    path = shared / "valid" / name
    with path.open("rb") as package:
        manifest = package_validate(package)
    assert manifest.content_changes == []
    original = json.loads(zipfile.ZipFile(path).read("content/content.json"))
    if name == "H5P.Accordion.h5p":  # the only package with links and styles: the sanitiser's spelling of them
        normalised = json.dumps(manifest.content).replace(' rel=\\"noopener noreferrer\\"', "")
        original = json.loads(json.dumps(original).replace("color:#757575;", "color:#757575"))
        assert json.loads(normalised) == original
    else:
        assert manifest.content == original


@pytest.mark.django_db
def test_blanks_keeps_its_answer_markers_and_multichoice_its_answers(shared, settings):
    with (shared / "valid" / "H5P.Blanks.h5p").open("rb") as package:
        blanks = stored_content(settings, activity_create(package=package))
    assert "*blue*berries" in blanks["questions"][0]
    assert "*Cloud*berries" in blanks["questions"][1]
    with (shared / "valid" / "H5P.MultiChoice.h5p").open("rb") as package:
        multichoice = stored_content(settings, activity_create(package=package))
    assert [a["correct"] for a in multichoice["answers"]] == [True, False, False]
    assert multichoice["answers"][0]["text"] == "<div>Very dark purple</div>\n"
    assert multichoice["media"]["type"]["params"]["file"]["path"] == "images/file-5885c23902f31.jpg"


def hostile_multichoice(shared) -> bytes:
    """The shared MultiChoice package with script, a broken boolean, a foreign library and a path out."""
    source = zipfile.ZipFile(shared / "valid" / "H5P.MultiChoice.h5p")
    content = json.loads(source.read("content/content.json"))
    content["question"] += '<img src="x" onerror="alert(document.cookie)">'
    content["answers"][0]["text"] += "<script>alert(1)</script>"
    content["answers"][1]["correct"] = "yes"
    content["media"]["type"]["params"]["file"]["path"] = "../../h5p.json"
    content["onload"] = "alert(1)"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = json.dumps(content).encode() if info.filename == "content/content.json" else source.read(info)
            target.writestr(info.filename, data)
    return buffer.getvalue()


HOSTILE_CHANGES = [
    "answers[0].text: tag <script> removed",
    "answers[1].correct: not a boolean, default used",
    "media.type.params.file: file ../../h5p.json is outside the package, removed",
    "onload: unknown field removed",
    "question: tag <img> removed",
]


@pytest.mark.django_db
def test_a_hostile_package_is_stored_filtered_and_kept_as_uploaded(shared, settings):
    data = hostile_multichoice(shared)
    activity = activity_create(package=io.BytesIO(data))
    assert sorted(map(str, activity.content_changes)) == HOSTILE_CHANGES
    content = stored_content(settings, activity)
    assert "<script>" not in json.dumps(content) and "onerror" not in json.dumps(content)
    assert content["answers"][0]["text"] == "<div>Very dark purple</div>\n"
    assert content["answers"][1]["correct"] is False
    assert "file" not in content["media"]["type"]["params"]
    assert "onload" not in content
    assert Path(settings.MEDIA_ROOT, activity.package.name).read_bytes() == data


@pytest.mark.django_db
def test_the_editor_sees_what_was_filtered_in_dutch(client, editor, shared):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailsnippets_h5p_h5pactivity:add"),
        {"title": "", "package": upload(hostile_multichoice(shared)), "is_published": "on"},
        follow=True,
    )
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    with translation.override("nl"):
        assert escape(str(semantics.CHANGES_HEADING)) in html
        assert escape(str(semantics.NOT_A_BOOLEAN) % {"path": "answers[1].correct"}) in html
        assert escape(str(semantics.TAG_REMOVED) % {"path": "answers[0].text", "tag": "script"}) in html
    assert "verwijderd" in html  # the Dutch translation is there


@pytest.mark.django_db
def test_the_import_command_prints_the_same_report_apart_from_the_id_line(shared, tmp_path):
    path = tmp_path / "hostile.h5p"
    path.write_bytes(hostile_multichoice(shared))
    out, err = io.StringIO(), io.StringIO()
    call_command("h5p_import", str(path), stdout=out, stderr=err)
    assert out.getvalue().count("\n") == 1
    assert "answers[1].correct" in err.getvalue()
    assert "onload" in err.getvalue()


@pytest.mark.django_db
def test_a_generated_package_with_semantics_is_filtered_on_storage(settings):
    fields = [{"name": "text", "type": "text"}]
    data = package_bytes(
        **{f"{LIBRARY}/semantics.json": json.dumps(fields).encode(), "content/content.json": b'{"text": "<b>x</b>"}'}
    )
    activity = activity_create(package=io.BytesIO(data))
    assert stored_content(settings, activity) == {"text": "&lt;b&gt;x&lt;/b&gt;"}


@pytest.mark.parametrize(
    "field",
    [
        {"name": "x", "type": ["text"]},
        {"name": "x", "type": "select", "options": 5},
        {"name": "x", "type": "library", "options": {"H5P.Image 1.1": 1}},
        {"name": "x", "type": "group", "fields": "abc"},
        {"name": "x", "type": "text", "tags": 7, "maxLength": "9"},
        {"name": "x", "type": "image", "extraAttributes": None},
        {"name": "x", "type": "list", "field": "text"},
    ],
)
def test_odd_semantics_from_a_package_never_crash_the_filter(field):
    result, _changes = filtered({"x": {"library": "H5P.Image 1.1", "path": "a.png"}}, [field])
    assert isinstance(result, dict)
