import pytest

MIDDLEWARE = "classrooms.middleware.PupilOnlyMiddleware"
CONTEXT_PROCESSOR = "classrooms.context_processors.pupil"


@pytest.fixture(autouse=True)
def _pupil_middleware(settings):
    """Until the middleware and context processor are in base.py, the tests put them where they will go."""
    if MIDDLEWARE not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        middleware.insert(middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1, MIDDLEWARE)
        settings.MIDDLEWARE = middleware
    processors = settings.TEMPLATES[0]["OPTIONS"]["context_processors"]
    if CONTEXT_PROCESSOR not in processors:
        templates = [dict(settings.TEMPLATES[0])]
        templates[0]["OPTIONS"] = {**templates[0]["OPTIONS"], "context_processors": [*processors, CONTEXT_PROCESSOR]}
        settings.TEMPLATES = templates


@pytest.fixture
def teacher(db):
    from tests.factories import UserFactory

    return UserFactory(email="docent@school.example")


@pytest.fixture
def course(db):
    from tests.courses.factories import course_with_lessons

    return course_with_lessons(2, title="Loverboys herkennen", for_pupils=True, for_staff=False)


@pytest.fixture
def school_class(teacher, course):
    from classrooms.services import school_class_course_assign
    from tests.classrooms.factories import school_class_make

    school_class = school_class_make(teacher=teacher)
    school_class_course_assign(school_class=school_class, course=course)
    return school_class


@pytest.fixture
def teacher_client(client, teacher):
    client.force_login(teacher)
    return client
