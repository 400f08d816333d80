"""The teacher's section of "Mijn leren": their classes, or the way to start one after the teacher course."""

from classrooms.models import SchoolClass
from courses.models import Enrollment


def classes_section(request, section_class):
    classes = list(SchoolClass.objects.filter(teacher=request.user, archived_at__isnull=True).order_by("name"))
    # Staff who took a course shared with teachers are not teachers: only a teachers-only course makes one.
    teacher_course = Enrollment.objects.filter(learner=request.user, course__for_teachers=True, course__for_staff=False)
    if not classes and not teacher_course.exists():
        return None
    return section_class("classrooms/dashboard/classes.html", {"classes": classes})
