"""A lesson page rendered once per state, and served again to every learner who is in that state.

Rendering the lesson page's templates was two thirds of its CPU. What the page shows depends on a small set of
values, all read anyway before rendering: the lesson's published revision and the page tree's version (titles,
links, outline), the language and address, the learner's status in every lesson of the course, their progress
and completion, which of the lesson's activities they passed, the activities' own versions (an H5P package, the
quizzes' content), and what the site's context processors put in the header and footer (pupil or not, the
catalogue, reporting and statement links). Those values together are the page's *state*; the HTML rendered for
a state is kept in this process and reused for the next request in the same state, by this learner or another.
Nothing is cleared: a change to any of those values is a new state.

Per request, not per state: the CSRF token and the CSP nonce. The page is rendered with a marker in their place
(random per process: no editor can put it in a lesson) and each response gets its own values.

Not memoised (rendered as before): previews, a request with a query string (the language switch repeats it),
pending messages, a lesson that shows an organisation's own reporting routes, or an H5P activity that is not
published (its player URL carries a preview token that expires).
"""

import secrets

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.middleware.csrf import get_token
from django.template import engines
from django.utils.translation import get_language

from h5p.selectors import activity_get
from pagecache.process_memo import ProcessMemo
from pagecache.routing import tree_version_of
from quizzes.selectors import quiz_content_version

# The context processors' values the page shell shows (base.html, the header, footer and help panel); callables
# (the links read from the cache) are called. A value added to the shell must be added here.
SHELL_CONTEXT = ("is_pupil", "catalogue_url", "reporting_page_url", "statement_links")
SHELL_CONTEXT_SET = frozenset(SHELL_CONTEXT)

CSRF_MARKER = f"csrfmemo{secrets.token_hex(12)}"
NONCE_MARKER = f"noncememo{secrets.token_hex(12)}"
MARKED_CONTEXT = {"csrf_token": CSRF_MARKER, "CSP_NONCE": NONCE_MARKER}

_pages = ProcessMemo(lambda: settings.LESSON_PAGE_MEMO_ENTRIES)


def lesson_page_state(*, request, lesson, course, overview, passed: dict) -> tuple | None:
    """What the page shows this request (a tuple of plain values: the memo's key), or None when it must be
    rendered afresh."""
    if getattr(request, "is_preview", False) or request.META.get("QUERY_STRING") or not lesson.live_revision_id:
        return None
    activities = _activity_versions(lesson)
    if activities is None:
        return None
    shell = _shell_values(request)
    if shell is None:
        return None
    return (
        lesson.pk,
        lesson.live_revision_id,
        course.pk,
        tree_version_of(course),
        get_language(),
        request.scheme,  # the H5P player's activity IRI is an absolute URL
        request.get_host(),
        request.path,
        overview.enrollment.progress_percent,
        overview.is_completed,
        tuple((item.lesson.pk, str(item.status)) for item in overview.lessons),
        tuple(sorted(passed["passed_quiz_ids"])),
        tuple(sorted(passed["passed_h5p_ids"])),
        activities,
        shell,
    )


def _activity_versions(lesson) -> tuple | None:
    versions = []
    for item in lesson.body.raw_data:
        if item["type"] == "reporting_routes":
            return None  # per viewer's organisation
        if item["type"] == "quiz":
            versions.append(("quiz", item["value"].get("quiz"), quiz_content_version()))
        elif item["type"] == "h5p":
            activity_id = item["value"].get("activity")
            activity = activity_get(pk=activity_id) if activity_id else None
            if activity is not None and not activity.is_published:
                return None
            versions.append(("h5p", activity_id, activity and (activity.package_version, str(activity.updated_at))))
    return tuple(versions)


def _shell_values(request) -> tuple | None:
    if len(get_messages(request)):
        return None  # shown once, on this page
    values = _shell_processors.values(request)
    shown = []
    for name in SHELL_CONTEXT:
        value = values.get(name)
        value = value() if callable(value) else value
        shown.append((name, tuple(sorted(value.items())) if isinstance(value, dict) else value))
    return tuple(shown)


class _ShellProcessors:
    """The template engine's context processors that give the shell's values: every processor on the first
    request of the process, from then on only those that gave one (a processor gives the same names each time)."""

    def __init__(self):
        self.giving = None

    def values(self, request) -> dict:
        values, giving = {}, []
        for processor in self.giving or engines["django"].engine.template_context_processors:
            given = processor(request)
            if SHELL_CONTEXT_SET.intersection(given):
                giving.append(processor)
            values.update(given)
        self.giving = tuple(giving)
        return values


_shell_processors = _ShellProcessors()


@receiver(setting_changed)
def _templates_changed(*, setting, **kwargs):
    if setting == "TEMPLATES":
        _shell_processors.giving = None


def lesson_page_get(state: tuple) -> str | None:
    return _pages.get(state)


def lesson_page_put(state: tuple, html: str) -> None:
    _pages.put(state, html)


def lesson_page_clear() -> None:
    _pages.clear()


def per_request_values(html: str, request) -> str:
    """The memoised HTML with this request's CSRF token and CSP nonce in place of the markers."""
    return html.replace(CSRF_MARKER, get_token(request)).replace(NONCE_MARKER, str(request.csp_nonce))
