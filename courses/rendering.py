"""Lesson bodies, rendered once per published revision and language.

Content blocks (text, case stories, signal lists, images…) look the same for every learner, so their HTML is
cached under the lesson's live revision: publishing a new revision changes the key, nothing needs clearing.
Activity blocks (quiz, H5P) show the learner's own state and a CSRF token, so they are rendered per request.
Previews (a draft rendered from an unsaved page) are never cached.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

PER_REQUEST_BLOCKS = frozenset({"quiz", "h5p"})
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
        if item["type"] in PER_REQUEST_BLOCKS:
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
