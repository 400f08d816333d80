"""Lesson bodies, rendered once per published revision and language.

Content blocks (text, case stories, signal lists, images…) look the same for every learner, so their HTML is
cached under the lesson's live revision: publishing a new revision changes the key, nothing needs clearing.
Activity blocks (quiz, H5P) show the learner's own state and a CSRF token, so they are rendered per request;
an H5P block's activity comes from the engine's cache (``h5p.selectors.activity_get``), not a query.
Previews (a draft rendered from an unsaved page) are never cached.

The per-learner shell of a lesson page shows the course outline twice (a drawer on phones, a column on wide
screens): it is rendered once (``lesson_outline_html``) and placed twice. The outline differs between learners
only in each lesson's status, so its template is rendered once per lesson shown, tree version and language
with every lesson in each of the three statuses, and cached as fragments (``_outline_fragments``); a learner's
outline is those fragments joined. The fragments are checked against a plain rendering when they are made,
and if the template ever stops rendering each item on its own, the outline is simply rendered per request.
"""

from dataclasses import dataclass, replace
from types import SimpleNamespace

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from wagtail.blocks import StreamValue

from courses.selectors import LessonStatus
from h5p.selectors import activity_get
from pagecache.routing import ROUTE_SECONDS, tree_version_of

OUTLINE_TEMPLATE = "courses/includes/outline.html"
OUTLINE_SUMMARY_TEMPLATE = "courses/includes/outline_summary.html"
_STATUSES = (LessonStatus.NOT_STARTED, LessonStatus.IN_PROGRESS, LessonStatus.COMPLETED)

PER_REQUEST_BLOCKS = frozenset({"quiz", "h5p", "reporting_routes"})  # per learner, or per organisation (routes)
CACHE_SECONDS = 24 * 60 * 60  # also bounds how long a link to a moved page can stay stale


@dataclass(frozen=True)
class BodyPart:
    html: SafeString | None = None  # a run of content blocks, already rendered
    block: object = None  # an activity block, to render with the request's context


def _cache_key(lesson) -> str:
    return f"courses:lesson-body:v1:{lesson.pk}:{lesson.live_revision_id}:{get_language()}"


def lesson_body_parts(*, lesson, request) -> list[BodyPart]:
    raw = list(lesson.body.raw_data)
    cacheable = bool(lesson.live_revision_id) and not getattr(request, "is_preview", False)
    rendered = cache.get(_cache_key(lesson)) if cacheable else None
    if rendered is None:
        rendered = _render_content_runs(lesson, raw)
        if cacheable:
            cache.set(_cache_key(lesson), rendered, CACHE_SECONDS)
    parts = []
    for index, item in enumerate(raw):
        if item["type"] == "h5p" and cacheable:
            parts.append(BodyPart(block=_h5p_block(lesson, item)))
        elif item["type"] in PER_REQUEST_BLOCKS:
            parts.append(BodyPart(block=lesson.body[index]))
        elif index in rendered:
            parts.append(BodyPart(html=mark_safe(rendered[index])))  # noqa: S308 - our own block templates
    return parts


def _render_content_runs(lesson, raw) -> dict[int, str]:
    """{index of the first block of a run: HTML of the run} for every run of content blocks."""
    runs, start = {}, None
    for index, item in enumerate(raw):
        if item["type"] in PER_REQUEST_BLOCKS:
            start = None
            continue
        if start is None:
            start = index
            runs[start] = ""
        runs[start] += str(lesson.body[index].render_as_block())
    return runs


def _h5p_block(lesson, item):
    """The H5P block with its activity from the engine's cache (Wagtail's chooser block would query for it)."""
    block = lesson.body.stream_block.child_blocks[item["type"]]
    raw_value = dict(item["value"])
    activity_id = raw_value.get("activity")
    value = block.to_python({**raw_value, "activity": None})
    value["activity"] = activity_get(pk=activity_id) if activity_id else None
    return StreamValue.StreamChild(block, value, id=item.get("id"))


def lesson_outline_html(*, overview, lesson, request) -> dict[str, SafeString]:
    """The course outline and its summary line, rendered once for the two places the lesson page shows them."""
    context = {"overview": overview, "current": lesson, "link": True, "request": request}
    fragments = _outline_fragments(overview=overview, lesson=lesson, request=request)
    outline = _outline_join(fragments, overview) if fragments.get("exact") else None
    return {
        "outline_html": outline or render_to_string(OUTLINE_TEMPLATE, context),
        "outline_summary_html": render_to_string(OUTLINE_SUMMARY_TEMPLATE, context),
    }


def _outline_join(fragments: dict, overview) -> SafeString | None:
    try:
        items = "".join(fragments["items"][item.lesson.pk][item.status] for item in overview.lessons)
    except KeyError:
        return None  # a lesson the fragments do not know (they are per tree version: not expected)
    return mark_safe(fragments["prefix"] + items + fragments["suffix"])  # noqa: S308 - our own template's output


def _outline_fragments(*, overview, lesson, request) -> dict:
    course = overview.course
    key = f"courses:outline:v1:{course.pk}:{tree_version_of(course)}:{get_language()}:{request.get_host()}:{lesson.pk}"
    fragments = cache.get(key)
    if fragments is None:
        fragments = _outline_fragments_render(overview=overview, lesson=lesson, request=request)
        cache.set(key, fragments, ROUTE_SECONDS)
    return fragments


def _outline_fragments_render(*, overview, lesson, request) -> dict:
    """{"prefix", "suffix", "items": {lesson id: {status: HTML}}, "exact"}: the outline's template around no items,
    and each item alone in each status; "exact" when joining them gives what the template gives for ``overview``."""

    def render(items) -> str:
        context = {"overview": SimpleNamespace(lessons=items), "current": lesson, "link": True, "request": request}
        return render_to_string(OUTLINE_TEMPLATE, context)

    empty = render([])
    marker = empty.find("</ol>")
    if marker < 0:
        return {"exact": False}
    prefix, suffix = empty[:marker], empty[marker:]
    items = {}
    for item in overview.lessons:
        items[item.lesson.pk] = {}
        for status in _STATUSES:
            alone = render([replace(item, status=status)])
            if not (alone.startswith(prefix) and alone.endswith(suffix)):
                return {"exact": False}
            items[item.lesson.pk][status] = alone[len(prefix) : len(alone) - len(suffix)]
    fragments = {"prefix": prefix, "suffix": suffix, "items": items, "exact": True}
    expected = render_to_string(
        OUTLINE_TEMPLATE, {"overview": overview, "current": lesson, "link": True, "request": request}
    )
    fragments["exact"] = _outline_join(fragments, overview) == expected
    return fragments
