from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import CoursePage, LessonActivity, LessonPage
from courses.page_memo import (
    MARKED_CONTEXT,
    lesson_page_get,
    lesson_page_put,
    lesson_page_state,
    per_request_values,
)
from courses.progress import lesson_complete, lessons_missing
from courses.rendering import lesson_body_parts, lesson_outline_html
from courses.selectors import (
    LessonItem,
    LessonStatus,
    course_overview,
    enrollment_completed_with_certificate,
    enrollment_current,
    learner_in_course,
    lesson_activities,
    next_courses,
)
from courses.services import enrollment_create, lesson_visit


def _live_course(course_id: int) -> CoursePage:
    return get_object_or_404(CoursePage.objects.live(), pk=course_id)


def _live_lesson_of(course: CoursePage, lesson_id: int) -> LessonPage:
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    if not lesson.is_child_of(course):
        raise Http404(_("This lesson is not part of the course."))
    return lesson


def lesson_serve(request, *, lesson: LessonPage, render):
    """A lesson page: only for logged-in, enrolled learners, and only while its course is published."""
    parent = lesson.get_parent()  # no query when routed: Wagtail's routing caches the parent
    course = parent if isinstance(parent, CoursePage) else CoursePage.objects.filter(pk=parent.pk).first()
    if course is None or not course.live:
        raise Http404(_("This course is not open."))
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    activities = lesson_activities(lesson=lesson)
    learner_state = learner_in_course(learner=request.user, course=course, activities=activities)
    enrollment = learner_state.enrollment
    if enrollment is None:
        messages.info(request, _("Enrol in the course first to start its lessons."))
        return redirect(course.url)
    overview = course_overview(
        course=course, learner=request.user, enrollment=enrollment, progress=learner_state.progress
    )
    navigation = _lesson_navigation(overview, lesson)
    _visit(enrollment, navigation["lesson_item"])
    passed = _passed_activities(activities, learner_state.passed)
    state = lesson_page_state(request=request, lesson=lesson, course=course, overview=overview, passed=passed)
    if state and (html := lesson_page_get(state)) is not None:
        return HttpResponse(per_request_values(html, request))
    context = lesson.get_context(request)
    context.update(navigation)
    context.update(course=course, overview=overview, enrollment=enrollment)
    context.update(passed)
    context["body_parts"] = lesson_body_parts(lesson=lesson, request=request)
    context.update(lesson_outline_html(overview=overview, lesson=lesson, request=request))
    # The video blocks' click-to-load script, with the page's CSP nonce (the blocks' HTML is cached without one).
    context["has_video"] = any(item["type"] == "video" for item in lesson.body.raw_data)
    if state is None:
        return TemplateResponse(request, lesson.get_template(request), context)
    response = TemplateResponse(request, lesson.get_template(request), {**context, **MARKED_CONTEXT})
    response.add_post_render_callback(partial(_memoise, state=state, request=request))
    return response


def _memoise(response, *, state: tuple, request) -> None:
    html = response.content.decode()
    lesson_page_put(state, html)
    response.content = per_request_values(html, request)


def _visit(enrollment, item: LessonItem) -> None:
    visited_before = item.status != LessonStatus.NOT_STARTED
    lesson_visit(enrollment=enrollment, lesson=item.lesson, visited_before=visited_before)
    if not visited_before:
        item.status = LessonStatus.IN_PROGRESS


def _passed_activities(activities, passed: set[tuple[str, int]]) -> dict:
    return {
        "passed_quiz_ids": {pk for kind, pk in passed if kind == LessonActivity.Kind.QUIZ},
        "passed_h5p_ids": {pk for kind, pk in passed if kind == LessonActivity.Kind.H5P},
        # A lesson without one is finished by reading it: the page says so and offers "Gelezen" in one click.
        "has_required_activity": any(activity.is_required for activity in activities),
    }


def _lesson_navigation(overview, lesson) -> dict:
    lessons = [item.lesson for item in overview.lessons]
    position = next(i for i, item in enumerate(lessons) if item.pk == lesson.pk)
    resume = overview.resume_lesson
    return {
        "lesson_item": overview.lessons[position],
        # Where a completed lesson leads: the first lesson still to do, unless that is this one or the next.
        "resume_lesson": resume if resume and resume.pk != lesson.pk and not overview.is_completed else None,
        "lesson_number": position + 1,
        "lesson_count": len(lessons),
        "previous_lesson": lessons[position - 1] if position > 0 else None,
        "next_lesson": lessons[position + 1] if position + 1 < len(lessons) else None,
    }


@require_POST
@login_required
def enroll(request, course_id: int):
    course = _live_course(course_id)
    try:
        enrollment_create(learner=request.user, course=course)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(course.url)
    return redirect("courses:resume", course_id=course.pk)


@login_required
def resume(request, course_id: int):
    course = _live_course(course_id)
    overview = course_overview(course=course, learner=request.user)
    if overview.enrollment is None or overview.resume_lesson is None:
        return redirect(course.url)
    return redirect(overview.resume_lesson.url)


@require_POST
@login_required
def complete_lesson(request, course_id: int, lesson_id: int):
    course = _live_course(course_id)
    lesson = _live_lesson_of(course, lesson_id)
    enrollment = enrollment_current(learner=request.user, course=course)
    if enrollment is None:
        raise Http404(_("You are not enrolled in this course."))
    try:
        lesson_complete(enrollment=enrollment, lesson=lesson)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(lesson.url)
    enrollment.refresh_from_db()
    if enrollment.is_completed:
        messages.success(request, _("Well done: you completed the course."))
        return redirect("courses:finish", course_id=course.pk)
    next_lesson = LessonPage.objects.live().child_of(course).filter(path__gt=lesson.path).order_by("path").first()
    return redirect(next_lesson.url if next_lesson else reverse("courses:finish", args=[course.pk]))


@login_required
def finish(request, course_id: int):
    """Where "Klaar, cursus afronden" leads: the celebration, or exactly what is still missing. Changes nothing."""
    course = _live_course(course_id)
    enrollment, certificate = enrollment_completed_with_certificate(learner=request.user, course=course)
    if enrollment is None:
        return redirect(course.url)
    if enrollment.is_completed:
        context = {
            "course": course,
            "enrollment": enrollment,
            "certificate": certificate,
            "next_courses": next_courses(course=course, learner=request.user),
        }
        return TemplateResponse(request, "courses/course_completed.html", context)
    overview = course_overview(course=course, learner=request.user, enrollment=enrollment)
    context = {
        "course": course,
        "overview": overview,
        "missing": lessons_missing(enrollment=enrollment, unfinished=overview.unfinished),
    }
    return TemplateResponse(request, "courses/course_unfinished.html", context)
