"""Demo class for the demo teacher. Loading it twice changes nothing."""

from classrooms.models import SchoolClass
from classrooms.services import school_class_course_assign, school_class_create

DEMO_JOIN_CODE = "SGN2B7"
DEMO_CLASS_NAME = "Klas 2B"
DEMO_SCHOOL_YEAR = "2025-2026"


def demo_classroom_load(*, teacher, courses) -> SchoolClass:
    """Class "Klas 2B" of ``teacher`` with join code SGN-2B7, open for joining, with ``courses`` (pupil
    courses; others are skipped) assigned."""
    school_class = SchoolClass.objects.filter(join_code=DEMO_JOIN_CODE).first()
    if school_class is None:
        school_class = school_class_create(
            teacher=teacher, name=DEMO_CLASS_NAME, school_year=DEMO_SCHOOL_YEAR, join_code=DEMO_JOIN_CODE
        )
    for course in courses:
        if course.for_pupils and course.live:
            school_class_course_assign(school_class=school_class, course=course)
    return school_class
