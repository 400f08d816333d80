"""A pupil account can only do pupil things.

For a logged-in pupil every request is checked against an allow-list: the pages of the courses assigned
to their class (and the lessons under them), the quizzes and H5P activities placed in those lessons, the
``courses:`` actions for those courses, the pupil pages of this app, "Waar meld ik?", log out, the
language switch, static and media files. Anything else is a 404, so a pupil cannot even learn that a
staff page exists. Other users pass through untouched, at no cost: the check starts from a session key
that only the pupil login sets.
"""

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from classrooms import selectors, services
from courses.models import LessonActivity
from pagecache.routing import route_for_request
from reporting.selectors import reporting_page_url

SESSION_KEY = "classrooms_pupil"
TOUCH_EVERY_SECONDS = 60 * 60

PUPIL_VIEWS = frozenset({"pupil_home", "join", "join_with_code", "welcome", "code_login", "help", "stopped", "poll"})
OPEN_URL_NAMES = frozenset({"account_logout", "set_language", "healthz", "security_txt"})
# Site pages every visitor may read, pupils too (the footer links to them on every page): by model label, so
# this app need not import the apps above it. A project can name more in ``CLASSROOMS_PUPIL_PAGE_MODELS``.
PUPIL_PAGE_MODELS = ("privacy.privacystatementpage", "privacy.accessibilitystatementpage")
ACTIVITY_VIEWS = {
    ("quizzes", "take"): (LessonActivity.Kind.QUIZ, "quiz_id"),
    ("quizzes", "start"): (LessonActivity.Kind.QUIZ, "quiz_id"),
    ("h5p", "activity"): (LessonActivity.Kind.H5P, "pk"),
    ("h5p", "xapi"): (LessonActivity.Kind.H5P, "pk"),
    ("h5p", "state"): (LessonActivity.Kind.H5P, "pk"),
}


def session_pupil(request) -> dict | None:
    """The pupil marker of this session, when it belongs to the logged-in user."""
    session = getattr(request, "session", None)
    info = session.get(SESSION_KEY) if session is not None else None
    if not info or not request.user.is_authenticated or request.user.pk != info.get("user"):
        return None
    return info


def session_pupil_start(request, pupil) -> None:
    """Called right after ``login()`` of a pupil."""
    request.session[SESSION_KEY] = {
        "user": pupil.user_id,
        "pupil": pupil.pk,
        "class": pupil.school_class_id,
        "seen": int(time.time()),
    }


class PupilOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        info = session_pupil(request)
        request.is_pupil = info is not None
        if info is not None:
            self._touch(request, info)
            response = self._refuse_or_redirect(request, info)
            if response is not None:
                return response
        return self.get_response(request)

    def _touch(self, request, info: dict) -> None:
        # At most once an hour per pupil: enough for deleting inactive pupils after a year.
        now = int(time.time())
        if now - info.get("seen", 0) >= TOUCH_EVERY_SECONDS:
            services.pupil_touch(pupil_id=info["pupil"])
            request.session[SESSION_KEY] = {**info, "seen": now}

    def _refuse_or_redirect(self, request, info: dict):
        path = request.path_info
        if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return None
        try:
            match = resolve(path)
        except Resolver404:
            return None  # a 404 anyway
        if match.namespace == "classrooms":
            return None if match.url_name in PUPIL_VIEWS else self._refuse()
        if match.url_name in OPEN_URL_NAMES and not match.namespace:
            return None
        scope = selectors.pupil_scope(school_class_id=info["class"], request=request)
        if match.namespace in ("quizzes", "h5p"):
            return self._activity_check(match, scope)
        if match.namespace == "courses":
            return None if match.kwargs.get("course_id") in scope.course_ids else self._refuse()
        if match.url_name == "wagtail_serve" and not match.namespace:
            return self._page_check(request, path, scope)
        return self._refuse()

    def _activity_check(self, match, scope):
        if match.namespace == "h5p" and match.url_name == "preview":
            return self._refuse()
        rule = ACTIVITY_VIEWS.get((match.namespace, match.url_name))
        if rule is None:
            return None  # attempts and package files: those views check that they are the pupil's own
        kind, kwarg = rule
        allowed = selectors.activity_in_scope(scope=scope, kind=kind, activity_id=match.kwargs[kwarg])
        return None if allowed else self._refuse()

    def _page_check(self, request, path: str, scope):
        if path == "/":
            return redirect("classrooms:pupil_home")
        course_paths = tuple(urlsplit(url).path for url in scope.course_paths)
        if course_paths and path.startswith(course_paths):
            return None
        reporting = reporting_page_url()
        if reporting and path.startswith(urlsplit(reporting).path):
            return None
        if self._page_open_to_all(request, path):
            return None
        return self._refuse()

    def _page_open_to_all(self, request, path: str) -> bool:
        # Routed from the cache, and left on the request for Wagtail's serve view: no extra cost when allowed.
        route = route_for_request(request, path)
        if route is None:
            return False
        allowed = getattr(settings, "CLASSROOMS_PUPIL_PAGE_MODELS", PUPIL_PAGE_MODELS)
        return route[0].specific_class._meta.label_lower in {label.lower() for label in allowed}

    def _refuse(self):
        raise Http404("Not for pupil accounts.")
