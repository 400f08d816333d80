"""Pupil pages: join a class, come back with a personal code, "Mijn lessen", help."""

from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.sessions import session_policy_set
from classrooms import ratelimit, selectors, services
from classrooms.codes import code_display, code_normalise
from classrooms.forms import CodeLoginForm, JoinForm
from classrooms.middleware import session_pupil_start
from classrooms.nicknames import nickname_suggest

JOIN = "join"
LOGIN = "login"
NEW_CODE_SESSION_KEY = "classrooms_new_code"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _limited(request, action: str, code: str) -> bool:
    """Whether this attempt is over a limit (per IP, per code, per class; never global)."""
    return ratelimit.attempt_limited(request, action, code)


def _failed(request, action: str, code: str) -> None:
    """A guess that missed: counts per IP and per code."""
    ratelimit.attempt_failed(request, action, code)


def _too_many(request):
    return TemplateResponse(request, "classrooms/too_many.html", status=HTTPStatus.TOO_MANY_REQUESTS)


def _pupil_login(request, pupil) -> None:
    """Pupils share school devices: the session ends when the browser closes, after an idle hour, and with
    "Nu stoppen", which leads to a goodbye page instead of the home page."""
    login(request, pupil.user, backend=BACKEND)
    request.session.set_expiry(0)
    session_policy_set(
        request, idle_seconds=settings.PUPIL_SESSION_IDLE_SECONDS, logout_url=reverse("classrooms:stopped")
    )
    session_pupil_start(request, pupil)


@never_cache
def join(request, code: str = ""):
    """Join with the class code and a nickname. The field starts with an idea; "Another name" (a submit button,
    so it works without JavaScript and keeps the typed code) brings a new one and joins nobody."""
    if request.method == "POST" and "suggest" in request.POST:
        initial = {"code": request.POST.get("code", ""), "nickname": nickname_suggest()}
        return TemplateResponse(request, "classrooms/join.html", {"form": JoinForm(initial=initial)})
    form = JoinForm(request.POST or None, initial={"code": code, "nickname": nickname_suggest()})
    if request.method == "POST":
        if _limited(request, JOIN, code=code_normalise(form.data.get("code", ""))):
            return _too_many(request)
        if form.is_valid():
            try:
                pupil = services.pupil_join(join_code=form.cleaned_data["code"], nickname=form.cleaned_data["nickname"])
            except ValidationError as error:
                if error.code == "join_code_unknown":
                    _failed(request, JOIN, form.cleaned_data["code"])
                form.add_error("nickname" if error.code.startswith("nickname") else "code", error)
            else:
                ratelimit.count(
                    JOIN, ratelimit.joins_per_class_code(), ratelimit.code_key(pupil.school_class.join_code)
                )
                _pupil_login(request, pupil)
                request.session[NEW_CODE_SESSION_KEY] = pupil.personal_code
                return redirect("classrooms:welcome")
    return TemplateResponse(request, "classrooms/join.html", {"form": form})


@never_cache
def welcome(request):
    """Shows the new pupil their personal code, once."""
    pupil = selectors.pupil_of(user=request.user)
    code = request.session.pop(NEW_CODE_SESSION_KEY, None)
    if pupil is None or code is None:
        return redirect("classrooms:pupil_home")
    return TemplateResponse(request, "classrooms/welcome.html", {"pupil": pupil, "code_display": code_display(code)})


@never_cache
def code_login(request):
    form = CodeLoginForm(request.POST or None)
    if request.method == "POST":
        if _limited(request, LOGIN, code=code_normalise(form.data.get("code", ""))):
            return _too_many(request)
        if form.is_valid():
            pupil = selectors.pupil_by_code(code=form.cleaned_data["code"])
            if pupil is None:
                _failed(request, LOGIN, form.cleaned_data["code"])
                form.add_error("code", services.PERSONAL_CODE_UNKNOWN)
            else:
                _pupil_login(request, pupil)
                services.pupil_touch(pupil_id=pupil.pk)
                return redirect("classrooms:pupil_home")
    return TemplateResponse(request, "classrooms/code_login.html", {"form": form})


def pupil_home(request):
    """ "Mijn lessen": the class's courses with progress and the next step."""
    pupil = selectors.pupil_of(user=request.user)
    if pupil is None:
        if request.user.is_authenticated:
            return redirect("classrooms:class_list")
        return redirect("classrooms:code_login")
    context = {
        "pupil": pupil,
        "overviews": selectors.pupil_overviews(pupil=pupil),
        "open_poll": selectors.class_poll_open(school_class_id=pupil.school_class_id),
    }
    return TemplateResponse(request, "classrooms/pupil_home.html", context)


def help_page(request):
    return TemplateResponse(request, "classrooms/help.html")


def stopped(request):
    """Where "Nu stoppen" (logging out) and an idle pupil session lead: see you next time, with your code."""
    if selectors.pupil_of(user=request.user) is not None:
        return redirect("classrooms:pupil_home")  # still logged in: nothing stopped
    return TemplateResponse(request, "classrooms/stopped.html")


@never_cache
def poll(request):
    """The question the teacher put to the class in classroom mode: the pupil answers on their own device. The
    class sees only how many chose each answer, never who chose what."""
    pupil = selectors.pupil_of(user=request.user)
    if pupil is None:
        return redirect("classrooms:class_list" if request.user.is_authenticated else "classrooms:code_login")
    error = None
    if request.method == "POST":
        try:
            poll_id = int(request.POST.get("poll", ""))
        except ValueError:
            poll_id = 0
        try:
            services.poll_answer(pupil=pupil, poll_id=poll_id, option_key=request.POST.get("option", ""))
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("Your answer is in. You can change it as long as the question is open."))
            return redirect("classrooms:poll")
    open_poll = selectors.class_poll_open(school_class_id=pupil.school_class_id)
    context = {
        "pupil": pupil,
        "poll": open_poll,
        # Lettered as on the board, so "B" in the class's results is the pupil's "B".
        "options": [
            (chr(ord("A") + index), option["key"], option["text"]) for index, option in enumerate(open_poll.options)
        ]
        if open_poll
        else [],
        "chosen": selectors.poll_answer_of(poll=open_poll, pupil=pupil) if open_poll else None,
        "error": error,
    }
    status = HTTPStatus.BAD_REQUEST if error else HTTPStatus.OK
    return TemplateResponse(request, "classrooms/poll.html", context, status=status)
