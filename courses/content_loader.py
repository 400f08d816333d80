"""Load courses written as YAML files into Wagtail pages, quiz snippets and the media their lessons show.

One folder per course::

    <root>/<course-slug>/course.yaml        course fields
    <root>/<course-slug>/quiz-<key>.yaml     a quiz (snippet), referred to by its key; see ``quizzes.content``
    <root>/<course-slug>/NN-<slug>.yaml      a lesson; NN sets the order, <slug> the page slug
    <root>/<course-slug>/<name>.png          an image a lesson shows

Lesson bodies use the StreamField shape (``type`` + ``value``) of ``courses.blocks.LessonBodyBlock`` with
readable references instead of ids (see ``courses.content_blocks``). ``content/courses/`` holds the real
courses; ``content/demo/courses/`` the demo course, loaded by ``load_demo_data`` only.

Idempotent: pages are found by slug under the catalogue, quizzes by title (``Quiz`` has no slug field, so the
title is the stable key: renaming a quiz in its file creates a new quiz). Every value is normalised through the
block definitions and compared with what is stored; only when something differs is a new revision saved and
published (pages) or the row saved (quizzes). A page whose latest revision was made by a person in Wagtail is
left alone, so the next ``make run`` does not undo an editor's work; ``overwrite=True`` loads it anyway.

Every problem in a file stops the load with one line naming the file and the problem (``ContentError``).
"""

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.models import Site

from courses.blocks import LessonBodyBlock
from courses.content_blocks import BlockContentError, LessonSources, lesson_block, stable_id
from courses.models import CourseIndexPage, CoursePage, LessonPage
from quizzes.content import QuizContent, QuizContentError, quiz_content_load, quiz_content_parse
from quizzes.models import Quiz

DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "content" / "courses"
CATALOGUE = {"title": "Cursussen", "slug": "cursussen", "intro": "<p>Kies een cursus die bij uw werk past.</p>"}

_LESSON_FILE = re.compile(r"^(\d+)-([a-z0-9-]+)\.ya?ml$")
_QUIZ_FILE = re.compile(r"^quiz-([a-z0-9-]+)\.ya?ml$")
_AUDIENCES = {"staff": "for_staff", "teachers": "for_teachers", "pupils": "for_pupils"}
_COURSE_KEYS = {
    "title",
    "audiences",
    "summary",
    "learning_objectives",
    "estimated_minutes",
    "certificate_validity_months",
}
_LESSON_KEYS = {"title", "estimated_minutes", "is_required", "discussion_prompts", "body", "sources", "review_date"}
_SOURCE_KEYS = ("organisation", "title", "year", "url")


class ContentError(Exception):
    """A content file that cannot be loaded. The message is one line: ``<file>: <problem>``."""

    def __init__(self, path: Path, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


@dataclass
class LoadReport:
    """What a load did, for the management command's output."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # optional blocks whose source is missing


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ContentError(path, f"bad YAML{where}: {getattr(error, 'problem', error)}") from error
    if not isinstance(data, dict):
        raise ContentError(path, "expected a mapping of fields at the top of the file")
    return data


def _require(path: Path, data: dict, keys: set[str], required: tuple[str, ...]) -> None:
    unknown = sorted(set(data) - keys)
    if unknown:
        raise ContentError(path, f"unknown field(s): {', '.join(unknown)}")
    missing = [key for key in required if data.get(key) in (None, "", [])]
    if missing:
        raise ContentError(path, f"missing field(s): {', '.join(missing)}")


def _one_line(error: Exception) -> str:
    message_dict = getattr(error, "message_dict", None)
    if message_dict:
        text = "; ".join(f"{key}: {' '.join(map(str, value))}" for key, value in message_dict.items())
    else:
        messages = getattr(error, "messages", None)
        text = " ".join(map(str, messages)) if messages else str(error)
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------------------------
# Quizzes (the quiz engine parses them) and lessons


def _quiz_content(path: Path, course_slug: str) -> QuizContent:
    key = _QUIZ_FILE.match(path.name).group(1)
    try:
        return quiz_content_parse(_read(path), id_prefix=f"{course_slug}/{key}")
    except QuizContentError as error:
        raise ContentError(path, str(error)) from error
    except Exception as error:  # noqa: BLE001 - any validation problem becomes one clear line
        raise ContentError(path, f"invalid quiz: {_one_line(error)}") from error


def _quiz_save(content: QuizContent, report: LoadReport) -> Quiz:
    loaded = quiz_content_load(content=content)
    label = f"quiz {content.title}"
    if loaded.created:
        report.created.append(label)
    elif loaded.changed:
        report.updated.append(f"{label} ({', '.join(loaded.changed)})")
    else:
        report.unchanged.append(label)
    return loaded.quiz


def _body_normal(raw) -> list:
    block = LessonBodyBlock()
    return block.get_prep_value(block.to_python(raw) if isinstance(raw, list) else raw)


@dataclass
class LessonSpec:
    slug: str
    path: Path
    fields: dict
    body: list
    left_out: list[str]


def _lesson_sources(path: Path, raw) -> list[dict]:
    """A lesson's ``sources``: a list of {organisation, title, year, url}; every field filled, links https."""
    if raw in (None, []):
        return []
    if not isinstance(raw, list):
        raise ContentError(path, "sources must be a list of {organisation, title, year, url}")
    sources = []
    for number, entry in enumerate(raw, start=1):
        if not isinstance(entry, Mapping) or set(entry) != set(_SOURCE_KEYS):
            raise ContentError(path, f"source {number}: needs exactly {', '.join(_SOURCE_KEYS)}")
        if not all(str(entry[key] or "").strip() for key in _SOURCE_KEYS):
            raise ContentError(path, f"source {number}: every field needs a value")
        if not isinstance(entry["year"], int) or not 1900 <= entry["year"] <= 2100:
            raise ContentError(path, f"source {number}: year must be a year, such as 2025")
        if not str(entry["url"]).startswith("https://"):
            raise ContentError(path, f"source {number}: url must start with https://")
        sources.append({key: entry[key] if key == "year" else str(entry[key]).strip() for key in _SOURCE_KEYS})
    return sources


def _review_date(path: Path, raw) -> datetime.date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, datetime.date) and not isinstance(raw, datetime.datetime):
        return raw
    try:
        return datetime.date.fromisoformat(str(raw))
    except ValueError as error:
        raise ContentError(path, f"review_date must be a date (YYYY-MM-DD), not {raw!r}") from error


def _lesson_spec(path: Path, course_slug: str, sources: LessonSources) -> LessonSpec:
    """Read a lesson file; images, embeds and H5P packages it names are stored on the way."""
    data = _read(path)
    _require(path, data, _LESSON_KEYS, ("title", "body"))
    slug = _LESSON_FILE.match(path.name).group(2)
    if not isinstance(data["body"], list):
        raise ContentError(path, "body must be a list of blocks")
    body, left_out = [], []
    for number, block in enumerate(data["body"], start=1):
        try:
            raw = lesson_block(block, block_id=stable_id(course_slug, slug, str(number)), sources=sources)
        except BlockContentError as error:
            raise ContentError(path, f"block {number}: {error}") from error
        if raw is None:
            where = f"lesson {course_slug}/{slug} block {number} ({block['type']})"
            left_out.append(f"{where}: optional, and its package is not there")
        else:
            body.append(raw)
    stream = LessonBodyBlock()
    try:
        stream.clean(stream.to_python(body))
    except Exception as error:  # noqa: BLE001
        raise ContentError(path, f"invalid body: {_one_line(error)}") from error
    fields = {
        "title": data["title"],
        "estimated_minutes": int(data.get("estimated_minutes") or 10),
        "is_required": bool(data.get("is_required", True)),
        "discussion_prompts": data.get("discussion_prompts") or "",
        "sources": _lesson_sources(path, data.get("sources")),
        "review_date": _review_date(path, data.get("review_date")),
    }
    return LessonSpec(slug=slug, path=path, fields=fields, body=body, left_out=left_out)


# ---------------------------------------------------------------------------------------------------------------
# Pages


def _edited_by_a_person(page) -> bool:
    revision = page.latest_revision
    return revision is not None and revision.user_id is not None


def _publish(path: Path, write) -> None:
    """Run a page write; Wagtail validates the page on save, and a failure becomes one line naming the file."""
    try:
        write()
    except ValidationError as error:
        raise ContentError(path, f"invalid page: {_one_line(error)}") from error


def _page_save(
    *,
    parent,
    model,
    slug: str,
    fields: dict,
    body: list | None,
    label: str,
    path: Path,
    report: LoadReport,
    overwrite: bool,
):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        if body is not None:
            page.body = body
        _publish(path, lambda: parent.add_child(instance=page))
        _publish(path, lambda: page.save_revision().publish())
        report.created.append(label)
        return page
    changed = [name for name, value in fields.items() if getattr(page, name) != value]
    if body is not None and _body_normal(page.body) != _body_normal(body):
        changed.append("body")
    if not page.live:
        changed.append("live")
    if not changed:
        report.unchanged.append(label)
        return page
    if _edited_by_a_person(page) and not overwrite:
        report.skipped.append(f"{label} (edited in Wagtail; differs in {', '.join(changed)})")
        return page
    for name, value in fields.items():
        setattr(page, name, value)
    if body is not None:
        page.body = body
    _publish(path, lambda: page.save_revision().publish())
    report.updated.append(f"{label} ({', '.join(changed)})")
    return page


def _course_fields(path: Path, data: dict) -> dict:
    _require(path, data, _COURSE_KEYS, ("title", "audiences", "summary", "learning_objectives"))
    audiences = data["audiences"]
    unknown = sorted(set(audiences) - set(_AUDIENCES)) if isinstance(audiences, list) else ["(not a list)"]
    if unknown:
        raise ContentError(path, f"unknown audience(s): {', '.join(unknown)} (use {', '.join(_AUDIENCES)})")
    fields = {flag: name in audiences for name, flag in _AUDIENCES.items()}
    fields.update(
        title=data["title"],
        summary=str(data["summary"]).strip(),
        learning_objectives=str(data["learning_objectives"]).strip(),
        estimated_minutes=int(data.get("estimated_minutes") or 30),
        certificate_validity_months=data.get("certificate_validity_months"),
    )
    return fields


def course_folders(root: Path) -> list[Path]:
    return sorted(folder for folder in Path(root).iterdir() if (folder / "course.yaml").is_file())


def _course_load(
    folder: Path, index: CourseIndexPage, report: LoadReport, overwrite: bool, h5p_packages: Path | None
) -> CoursePage:
    slug = folder.name
    course_file = folder / "course.yaml"
    course_fields = _course_fields(course_file, _read(course_file))
    # Parse the quizzes before writing anything, so a mistake in one does not leave the course half loaded.
    quiz_contents = {
        match.group(1): _quiz_content(path, slug)
        for path in sorted(folder.iterdir())
        if (match := _QUIZ_FILE.match(path.name))
    }
    lesson_files = sorted(
        (path for path in folder.iterdir() if _LESSON_FILE.match(path.name)),
        key=lambda path: int(_LESSON_FILE.match(path.name).group(1)),
    )
    if not lesson_files:
        raise ContentError(folder, "no lesson files (NN-<slug>.yaml)")
    quizzes = {key: _quiz_save(content, report) for key, content in quiz_contents.items()}
    sources = LessonSources(folder=folder, quizzes=quizzes, h5p_packages=h5p_packages)
    lesson_specs = [_lesson_spec(path, slug, sources) for path in lesson_files]
    course = _page_save(
        parent=index,
        model=CoursePage,
        slug=slug,
        fields=course_fields,
        body=None,
        label=f"course {slug}",
        path=course_file,
        report=report,
        overwrite=overwrite,
    )
    for spec in lesson_specs:
        report.left_out.extend(spec.left_out)
        _page_save(
            parent=course,
            model=LessonPage,
            slug=spec.slug,
            fields=spec.fields,
            body=spec.body,
            label=f"lesson {slug}/{spec.slug}",
            path=spec.path,
            report=report,
            overwrite=overwrite,
        )
    return course


def _catalogue() -> CourseIndexPage:
    """The course catalogue; made on the first load under the default site's root page (the home page, which
    this app does not import: it belongs to ``elearning``, a layer above)."""
    index = CourseIndexPage.objects.first()
    if index is not None:
        return index
    return Site.objects.get(is_default_site=True).root_page.add_child(instance=CourseIndexPage(**CATALOGUE))


def courses_load(
    *,
    root: Path = DEFAULT_ROOT,
    overwrite: bool = False,
    h5p_packages: Path | None = None,
    report: LoadReport | None = None,
) -> list[CoursePage]:
    """Load every course folder under ``root``; returns the course pages in folder order.

    ``h5p_packages`` is the folder where the ``package`` of an H5P block is looked up: packages are third-party
    files, so they are not kept with the content. All or nothing: one bad file raises ``ContentError`` and
    nothing is written to the database.
    """
    root = Path(root)
    if not root.is_dir():
        raise ContentError(root, "no such folder")
    report = report if report is not None else LoadReport()
    with transaction.atomic():
        index = _catalogue()
        return [_course_load(folder, index, report, overwrite, h5p_packages) for folder in course_folders(root)]
