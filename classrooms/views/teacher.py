"""Teacher pages. Every class is looked up among the teacher's own classes: anyone else gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from classrooms import projector as classroom_mode
from classrooms import qr, selectors, services
from classrooms.codes import code_display
from classrooms.forms import AssignCourseForm, SchoolClassForm
from classrooms.models import ClassPoll, Pupil, SchoolClass
from courses.models import CoursePage


def _own_class(request, class_id: int) -> SchoolClass:
    if selectors.pupil_of(user=request.user) is not None:
        raise Http404  # the middleware refuses pupils already; this keeps the views safe without it
    return get_object_or_404(selectors.teacher_classes(teacher=request.user), pk=class_id)


def _own_pupil(request, class_id: int, pupil_id: int) -> tuple[SchoolClass, Pupil]:
    school_class = _own_class(request, class_id)
    return school_class, get_object_or_404(school_class.pupils.select_related("user"), pk=pupil_id)


def _done(request, message: str, school_class: SchoolClass):
    messages.success(request, message)
    return redirect("classrooms:class_detail", class_id=school_class.pk)


def _refused(request, error: ValidationError, school_class: SchoolClass):
    messages.error(request, " ".join(error.messages))
    return redirect("classrooms:class_detail", class_id=school_class.pk)


@login_required
def class_list(request):
    if selectors.pupil_of(user=request.user) is not None:
        raise Http404
    form = SchoolClassForm(request.POST or None, teacher=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            school_class = services.school_class_create(teacher=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("organisation", error)
        else:
            return _done(request, _("Your class is ready. Give the pupils the class code."), school_class)
    classes = selectors.teacher_classes(teacher=request.user)
    return TemplateResponse(request, "classrooms/class_list.html", {"form": form, "classes": classes})


@login_required
def class_detail(request, class_id: int):
    school_class = _own_class(request, class_id)
    courses = selectors.class_courses(school_class_id=school_class.pk)
    lessons = selectors.class_lessons(courses=courses)
    context = {
        "school_class": school_class,
        "join_url": qr.join_url(school_class),
        "courses": [(course, [lesson for lesson in lessons if lesson.is_child_of(course)]) for course in courses],
        "assign_form": AssignCourseForm(),
        "roster": selectors.class_roster(school_class=school_class, lessons=lessons),
    }
    return TemplateResponse(request, "classrooms/class_detail.html", context)


@require_POST
@login_required
def class_code_rotate(request, class_id: int):
    school_class = _own_class(request, class_id)
    try:
        services.school_class_join_code_rotate(school_class=school_class)
    except ValidationError as error:
        return _refused(request, error, school_class)
    return _done(request, _("The class has a new code. The old code no longer works."), school_class)


@require_POST
@login_required
def class_joining(request, class_id: int):
    school_class = _own_class(request, class_id)
    is_open = request.POST.get("open") == "1"
    try:
        services.school_class_joining_set(school_class=school_class, is_open=is_open)
    except ValidationError as error:
        return _refused(request, error, school_class)
    message = _("Pupils can join again.") if is_open else _("Joining is closed. No new pupils can join.")
    return _done(request, message, school_class)


@require_POST
@login_required
def class_course_assign(request, class_id: int):
    school_class = _own_class(request, class_id)
    form = AssignCourseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a pupil course."))
        return redirect("classrooms:class_detail", class_id=school_class.pk)
    try:
        services.school_class_course_assign(school_class=school_class, course=form.cleaned_data["course"])
    except ValidationError as error:
        return _refused(request, error, school_class)
    return _done(request, _("The course is given to the class."), school_class)


@require_POST
@login_required
def class_course_unassign(request, class_id: int, course_id: int):
    school_class = _own_class(request, class_id)
    course = get_object_or_404(CoursePage, pk=course_id)
    services.school_class_course_unassign(school_class=school_class, course=course)
    return _done(request, _("The course is taken away from the class."), school_class)


@login_required
def class_progress(request, class_id: int):
    school_class = _own_class(request, class_id)
    progress = selectors.class_progress(school_class=school_class)
    return TemplateResponse(
        request, "classrooms/class_progress.html", {"school_class": school_class, "progress": progress}
    )


@login_required
def class_activity(request, class_id: int, activity_id: int):
    """One H5P activity of the class's courses: per pupil the attempts, best score and completion."""
    school_class = _own_class(request, class_id)
    results = selectors.class_activity_results(school_class=school_class, activity_id=activity_id)
    if results is None:
        raise Http404(_("This activity is not part of the class's courses."))
    return TemplateResponse(
        request, "classrooms/class_activity.html", {"school_class": school_class, "results": results}
    )


@never_cache
@login_required
def class_card(request, class_id: int):
    """The printable join card: the QR code, the class code and the join link. The personal codes are on the
    code slips; an old link to the card "with codes" leads there."""
    school_class = _own_class(request, class_id)
    if request.GET.get("codes") == "1":
        return redirect("classrooms:class_slips", class_id=school_class.pk)
    context = {
        "school_class": school_class,
        "join_url": qr.join_url(school_class),
        "qr_svg": qr.join_qr_svg(school_class),
    }
    return TemplateResponse(request, "classrooms/class_card.html", context)


@never_cache
@login_required
def class_slips(request, class_id: int):
    """One slip per pupil to cut out: their nickname and personal code, where to come back with it (with a QR
    code of that address, never of the code itself), and the class's join link."""
    school_class = _own_class(request, class_id)
    context = {
        "school_class": school_class,
        "join_url": qr.join_url(school_class),
        "come_back_url": qr.come_back_url(),
        "come_back_qr_svg": qr.come_back_qr_svg(),
        "slips": [(pupil, code_display(pupil.personal_code)) for pupil in school_class.pupils.all()],
    }
    return TemplateResponse(request, "classrooms/class_slips.html", context)


@never_cache
@login_required
def pupil_manage(request, class_id: int, pupil_id: int):
    """A pupil's page for the teacher. Showing or resetting the code are POSTs, so they never end up in history."""
    school_class, pupil = _own_pupil(request, class_id, pupil_id)
    context = {"school_class": school_class, "pupil": pupil, "shown_code": None}
    if request.method == "POST":
        if request.POST.get("action") == "reset":
            services.pupil_code_reset(pupil=pupil)
            messages.success(request, _("The old code no longer works. Give the pupil this new code."))
        context["shown_code"] = pupil.personal_code
    return TemplateResponse(request, "classrooms/pupil_manage.html", context)


@login_required
def pupil_delete(request, class_id: int, pupil_id: int):
    """GET asks (what will happen, and a form); only the POST deletes. ``refuse=1`` also refuses the nickname."""
    school_class, pupil = _own_pupil(request, class_id, pupil_id)
    refuse = (request.POST if request.method == "POST" else request.GET).get("refuse") == "1"
    if request.method != "POST":
        context = {"school_class": school_class, "pupil": pupil, "action": "refuse" if refuse else "pupil_delete"}
        return TemplateResponse(request, "classrooms/confirm.html", context)
    if refuse:
        services.pupil_refuse(pupil=pupil, deleted_by=request.user)
        return _done(request, _("The pupil is removed and this nickname cannot be used again."), school_class)
    services.pupil_delete(pupil=pupil, deleted_by=request.user)
    return _done(request, _("The pupil and all their results are deleted."), school_class)


@require_POST
@login_required
def nickname_allow(request, class_id: int):
    """Undo a refusal: cheap, so it needs no confirmation."""
    school_class = _own_class(request, class_id)
    services.school_class_nickname_allow(school_class=school_class, nickname=request.POST.get("nickname", ""))
    return _done(request, _("This nickname can be used again."), school_class)


@login_required
def class_archive(request, class_id: int):
    school_class = _own_class(request, class_id)
    if request.method == "POST":
        count = services.school_class_archive(school_class=school_class, archived_by=request.user)
        return _done(
            request, _("The class is archived; %(count)s pupils were deleted.") % {"count": count}, school_class
        )
    return TemplateResponse(request, "classrooms/confirm.html", {"school_class": school_class, "action": "archive"})


@login_required
def class_delete(request, class_id: int):
    school_class = _own_class(request, class_id)
    if request.method == "POST":
        services.school_class_delete(school_class=school_class, deleted_by=request.user)
        messages.success(request, _("The class and all its pupils are deleted."))
        return redirect("classrooms:class_list")
    return TemplateResponse(request, "classrooms/confirm.html", {"school_class": school_class, "action": "delete"})


def _class_lesson(request, class_id: int, lesson_id: int):
    school_class = _own_class(request, class_id)
    lesson = selectors.class_lesson(school_class=school_class, lesson_id=lesson_id)
    if lesson is None:
        raise Http404(_("This lesson is not part of the class's courses."))
    return school_class, lesson


@login_required
def projector(request, class_id: int, lesson_id: int):
    """Classroom mode: the lesson on the projector, step by step, answers hidden until shown. Records nothing
    but the questions the teacher puts to the class and the pupils' answers to them."""
    school_class, lesson = _class_lesson(request, class_id, lesson_id)
    steps = classroom_mode.lesson_steps(lesson=lesson)
    classroom_mode.lesson_polls_attach(school_class=school_class, steps=steps)
    lessons = selectors.class_lessons(courses=[lesson.get_parent().specific])
    position = next(i for i, item in enumerate(lessons) if item.pk == lesson.pk)
    context = {
        "school_class": school_class,
        "lesson": lesson,
        "steps": steps,
        "pupil_poll_url": qr.site_url(reverse("classrooms:poll")),
        "has_video": any(item["type"] == "video" for item in lesson.body.raw_data),
        "previous_lesson": lessons[position - 1] if position > 0 else None,
        "next_lesson": lessons[position + 1] if position + 1 < len(lessons) else None,
    }
    return TemplateResponse(request, "classrooms/projector.html", context)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_POST
@login_required
def projector_poll(request, class_id: int, lesson_id: int):
    """Put a question of the lesson to the class (``open``), or stop the answers coming in (``close``); then
    back to the same step of classroom mode."""
    school_class, lesson = _class_lesson(request, class_id, lesson_id)
    step = _int(request.POST.get("step")) or 1
    if request.POST.get("action") == "close":
        poll = get_object_or_404(ClassPoll, pk=_int(request.POST.get("poll")) or 0, school_class=school_class)
        services.class_poll_close(poll=poll)
    else:
        try:
            services.class_poll_open(
                school_class=school_class,
                lesson=lesson,
                quiz_id=_int(request.POST.get("quiz")) or 0,
                question_key=request.POST.get("question", ""),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    url = reverse("classrooms:projector", kwargs={"class_id": school_class.pk, "lesson_id": lesson.pk})
    return redirect(f"{url}#blok-{step}")


@never_cache
@login_required
def poll_status(request, class_id: int, poll_id: int):
    """How many pupils answered, for classroom mode to follow while the question is open. Counts only."""
    school_class = _own_class(request, class_id)
    poll = get_object_or_404(ClassPoll.objects.select_related("school_class"), pk=poll_id, school_class=school_class)
    results = classroom_mode.poll_results(poll=poll)
    answered = _("%(answered)s of %(pupils)s pupils have answered") % {
        "answered": results.answered,
        "pupils": results.pupils,
    }
    return JsonResponse({"open": poll.is_open, "answered": results.answered, "text": answered})
