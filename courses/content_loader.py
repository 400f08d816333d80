"""Load the courses written as YAML files in ``content/courses/`` into Wagtail pages and quiz snippets.

One folder per course::

    content/courses/<course-slug>/course.yaml        course fields
    content/courses/<course-slug>/quiz-<key>.yaml     a quiz (snippet), referred to by its key
    content/courses/<course-slug>/NN-<slug>.yaml      a lesson; NN sets the order, <slug> the page slug

Lesson bodies use the StreamField shape (``type`` + ``value``) of ``courses.blocks.LessonBodyBlock`` with two
readable references: ``reporting_routes.routes`` lists route *names* (e.g. "Veilig Thuis") and ``quiz.quiz``
names a quiz *key* of the same course folder. Lists (signals, groups, options) are plain YAML lists.

Idempotent: pages are found by slug under the catalogue, quizzes by title (``Quiz`` has no slug field, so the
title is the stable key: renaming a quiz in its file creates a new quiz). Every value is normalised through the
block definitions and compared with what is stored; only when something differs is a new revision saved and
published (pages) or the row saved (quizzes). A page whose latest revision was made by a person in Wagtail is
left alone, so the next ``make run`` does not undo an editor's work; ``overwrite=True`` loads it anyway.

Every problem in a file stops the load with one line naming the file and the problem (``ContentError``).
"""

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from courses.blocks import LessonBodyBlock
from courses.demo import _catalogue
from courses.models import CourseIndexPage, CoursePage, LessonPage
from quizzes.blocks import QuestionsBlock
from quizzes.models import Quiz
from reporting.models import ReportingRoute

DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "content" / "courses"

_NAMESPACE = uuid.UUID("0f6c2a8e-3d5b-4c1e-9a7f-2b8d4e6f1a30")
_LESSON_FILE = re.compile(r"^(\d+)-([a-z0-9-]+)\.ya?ml$")
_QUIZ_FILE = re.compile(r"^quiz-([a-z0-9-]+)\.ya?ml$")
_AUDIENCES = {"staff": "for_staff", "teachers": "for_teachers", "pupils": "for_pupils"}
_QUIZ_SETTINGS = {
    "pass_mark_percent",
    "attempts_allowed",
    "wait_minutes",
    "grading_method",
    "shuffle_questions",
    "shuffle_options",
    "draw_count",
    "time_limit_minutes",
    "feedback_timing",
    "show_answers",
}
_COURSE_KEYS = {
    "title",
    "audiences",
    "summary",
    "learning_objectives",
    "estimated_minutes",
    "certificate_validity_months",
}
_LESSON_KEYS = {"title", "estimated_minutes", "is_required", "discussion_prompts", "body"}
_QUIZ_KEYS = {"title", "intro", "settings", "min_questions", "min_scenarios", "questions"}
# ListBlocks inside lesson blocks, by block type: which keys hold lists (nested as "groups.signals").
_LESSON_LISTS = {
    "case_story": ("signals",),
    "signal_list": ("groups", "groups.signals"),
    "reporting_routes": ("routes",),
}
_OPTION_FEEDBACK = {"single_choice", "multiple_response", "signal_sorting", "scenario"}


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


def _id(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


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


def _items(values: list, *id_parts: str) -> list[dict]:
    """A plain list as ListBlock raw data, with ids derived from a stable name so reloads keep them."""
    return [{"type": "item", "id": _id(*id_parts, str(index)), "value": value} for index, value in enumerate(values)]


# ---------------------------------------------------------------------------------------------------------------
# Quizzes


@dataclass
class QuizSpec:
    key: str
    path: Path
    title: str
    fields: dict
    questions: list


def _quiz_question(path: Path, quiz_key: str, number: int, question) -> dict:
    where = f"question {number}"
    if not isinstance(question, dict) or not {"type", "key", "value"} <= set(question):
        raise ContentError(path, f"{where}: needs type, key and value")
    kind, key, value = question["type"], str(question["key"]), question["value"]
    if kind not in QuestionsBlock.base_blocks:
        raise ContentError(path, f"{where} ({key}): unknown question type {kind!r}")
    if not isinstance(value, dict):
        raise ContentError(path, f"{where} ({key}): value must be a mapping")
    value = dict(value)
    if kind in _OPTION_FEEDBACK:
        options = value.get("options") or []
        if len(options) < 2:
            raise ContentError(path, f"{where} ({key}): needs at least two options")
        for index, option in enumerate(options, start=1):
            if not isinstance(option, dict) or not str(option.get("feedback") or "").strip():
                raise ContentError(path, f"{where} ({key}): option {index} has no feedback")
        value["options"] = _items(options, quiz_key, key)
    if kind == "true_false" and not (
        str(value.get("feedback_true") or "").strip() and str(value.get("feedback_false") or "").strip()
    ):
        raise ContentError(path, f"{where} ({key}): true/false needs feedback_true and feedback_false")
    if not str(value.get("explanation") or "").strip():
        raise ContentError(path, f"{where} ({key}): missing explanation")
    if kind == "scenario":
        value.setdefault("image", None)
        value.setdefault("image_alt", "")
        value.setdefault("prompt", "Wat doe je?")
    return {"type": kind, "id": _id(quiz_key, key), "value": value}


def _quiz_spec(path: Path, course_slug: str) -> QuizSpec:
    data = _read(path)
    _require(path, data, _QUIZ_KEYS, ("title", "questions"))
    key = _QUIZ_FILE.match(path.name).group(1)
    settings = data.get("settings") or {}
    unknown = sorted(set(settings) - _QUIZ_SETTINGS)
    if unknown:
        raise ContentError(path, f"unknown quiz setting(s): {', '.join(unknown)}")
    keys = [str(q.get("key")) for q in data["questions"] if isinstance(q, dict)]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise ContentError(path, f"duplicate question key(s): {', '.join(duplicates)}")
    questions = [
        _quiz_question(path, f"{course_slug}/{key}", number, question)
        for number, question in enumerate(data["questions"], start=1)
    ]
    min_questions = int(data.get("min_questions") or 0)
    if len(questions) < min_questions:
        raise ContentError(path, f"quiz has {len(questions)} questions, needs at least {min_questions}")
    scenarios = sum(1 for question in questions if question["type"] == "scenario")
    min_scenarios = int(data.get("min_scenarios") or 0)
    if scenarios < min_scenarios:
        raise ContentError(path, f"quiz has {scenarios} scenario questions, needs at least {min_scenarios}")
    fields = {"title": data["title"], "intro": data.get("intro") or "", **settings}
    return QuizSpec(key=key, path=path, title=data["title"], fields=fields, questions=questions)


def _questions_normal(raw) -> list:
    block = QuestionsBlock()
    return block.get_prep_value(block.to_python(raw) if isinstance(raw, list) else raw)


def _quiz_save(spec: QuizSpec, report: LoadReport) -> Quiz:
    try:
        wanted_questions = _questions_normal(spec.questions)
        probe = Quiz(**spec.fields)
        probe.questions = spec.questions
        probe.full_clean(exclude=["created_at", "updated_at"])
    except Exception as error:  # noqa: BLE001 - any validation problem becomes one clear line
        raise ContentError(spec.path, f"invalid quiz: {_one_line(error)}") from error
    quiz = Quiz.objects.filter(title=spec.title).order_by("pk").first()
    if quiz is None:
        quiz = Quiz(**spec.fields)
        quiz.questions = spec.questions
        quiz.save()
        report.created.append(f"quiz {spec.title}")
        return quiz
    changed = [name for name, value in spec.fields.items() if getattr(quiz, name) != value]
    if _questions_normal(quiz.questions) != wanted_questions:
        changed.append("questions")
    if not changed:
        report.unchanged.append(f"quiz {spec.title}")
        return quiz
    for name, value in spec.fields.items():
        setattr(quiz, name, value)
    quiz.questions = spec.questions
    quiz.save()
    report.updated.append(f"quiz {spec.title} ({', '.join(changed)})")
    return quiz


def _one_line(error: Exception) -> str:
    message_dict = getattr(error, "message_dict", None)
    if message_dict:
        text = "; ".join(f"{key}: {' '.join(map(str, value))}" for key, value in message_dict.items())
    else:
        messages = getattr(error, "messages", None)
        text = " ".join(map(str, messages)) if messages else str(error)
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------------------------
# Lessons


def _route_ids(path: Path, where: str, names) -> list[int]:
    routes = dict(ReportingRoute.objects.values_list("name", "pk"))
    ids = []
    for name in names or []:
        if str(name) not in routes:
            raise ContentError(path, f"{where}: unknown reporting route {name!r} (known: {', '.join(sorted(routes))})")
        ids.append(routes[str(name)])
    return ids


def _lesson_block(path: Path, lesson_key: str, number: int, block, quizzes: dict[str, Quiz]) -> dict:
    where = f"block {number}"
    if not isinstance(block, dict) or "type" not in block or "value" not in block:
        raise ContentError(path, f"{where}: needs type and value")
    kind, value = block["type"], block["value"]
    if kind not in LessonBodyBlock.base_blocks:
        known = ", ".join(LessonBodyBlock.base_blocks)
        raise ContentError(path, f"{where}: unknown block type {kind!r} (known: {known})")
    if kind in ("image", "video", "h5p"):
        raise ContentError(path, f"{where}: {kind} blocks need uploaded media; add them in Wagtail instead")
    block_id = _id(lesson_key, str(number))
    if isinstance(value, dict):
        value = dict(value)
    if kind == "reporting_routes":
        value["routes"] = _route_ids(path, where, value.get("routes"))
        value.setdefault("heading", "Waar meld je het?")
    if kind == "quiz":
        key = value.get("quiz")
        if key not in quizzes:
            raise ContentError(path, f"{where}: unknown quiz {key!r} (quiz files in this course: {sorted(quizzes)})")
        value["quiz"] = quizzes[key].pk
        value.setdefault("is_required", True)
    if kind == "case_story":
        value["signals"] = _items(value.get("signals") or [], block_id, "signals")
    if kind == "signal_list":
        groups = []
        for index, group in enumerate(value.get("groups") or []):
            group = dict(group)
            group["signals"] = _items(group.get("signals") or [], block_id, "groups", str(index))
            groups.append(group)
        value["groups"] = _items(groups, block_id, "groups")
    if kind == "reporting_routes":
        value["routes"] = _items(value["routes"], block_id, "routes")
    return {"type": kind, "id": block_id, "value": value}


def _body_normal(raw) -> list:
    block = LessonBodyBlock()
    return block.get_prep_value(block.to_python(raw) if isinstance(raw, list) else raw)


@dataclass
class LessonSpec:
    slug: str
    path: Path
    fields: dict
    body: list


def _lesson_spec(path: Path, course_slug: str, quizzes: dict[str, Quiz]) -> LessonSpec:
    data = _read(path)
    _require(path, data, _LESSON_KEYS, ("title", "body"))
    slug = _LESSON_FILE.match(path.name).group(2)
    if not isinstance(data["body"], list):
        raise ContentError(path, "body must be a list of blocks")
    body = [
        _lesson_block(path, f"{course_slug}/{slug}", number, block, quizzes)
        for number, block in enumerate(data["body"], start=1)
    ]
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
    }
    return LessonSpec(slug=slug, path=path, fields=fields, body=body)


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


def _course_load(folder: Path, index: CourseIndexPage, report: LoadReport, overwrite: bool) -> CoursePage:
    slug = folder.name
    course_file = folder / "course.yaml"
    course_data = _read(course_file)
    course_fields = _course_fields(course_file, course_data)
    # Parse every file before writing anything, so a mistake in lesson 5 does not leave lessons 1-4 half loaded.
    quiz_specs = [_quiz_spec(path, slug) for path in sorted(folder.iterdir()) if _QUIZ_FILE.match(path.name)]
    lesson_files = sorted(
        (path for path in folder.iterdir() if _LESSON_FILE.match(path.name)),
        key=lambda path: int(_LESSON_FILE.match(path.name).group(1)),
    )
    if not lesson_files:
        raise ContentError(folder, "no lesson files (NN-<slug>.yaml)")
    quizzes = {spec.key: _quiz_save(spec, report) for spec in quiz_specs}
    lesson_specs = [_lesson_spec(path, slug, quizzes) for path in lesson_files]
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


def courses_load(
    *, root: Path = DEFAULT_ROOT, overwrite: bool = False, report: LoadReport | None = None
) -> list[CoursePage]:
    """Load every course folder under ``root``; returns the course pages in folder order.

    All or nothing: one bad file raises ``ContentError`` and nothing is written.
    """
    root = Path(root)
    if not root.is_dir():
        raise ContentError(root, "no such folder")
    report = report if report is not None else LoadReport()
    with transaction.atomic():
        index = _catalogue()
        return [_course_load(folder, index, report, overwrite) for folder in course_folders(root)]
