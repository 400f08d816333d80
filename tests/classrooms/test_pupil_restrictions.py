"""A pupil account can only do pupil things."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from courses.models import LessonPage
from tests.classrooms.factories import pupil_client_login, pupil_make, school_class_make
from tests.courses.factories import course_with_lessons

pytestmark = pytest.mark.django_db


@pytest.fixture
def pupil_client(client, school_class):
    return pupil_client_login(client, pupil_make(school_class, "Egel"))


def _first_lesson(course) -> LessonPage:
    return LessonPage.objects.child_of(course).live().order_by("path").first()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/django-admin/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/organisatie/",
        "/mijn-leren/",
        "/klas/",
        "/certificaten/",
    ],
)
def test_staff_and_account_pages_are_not_found_for_a_pupil(pupil_client, path):
    assert pupil_client.get(path).status_code == HTTPStatus.NOT_FOUND


def test_teacher_pages_are_not_found_for_a_pupil(pupil_client, school_class):
    for name in ("class_detail", "class_progress", "class_card"):
        assert pupil_client.get(reverse(f"classrooms:{name}", args=[school_class.pk])).status_code == 404


def test_a_pupil_opens_the_lessons_of_their_class(pupil_client, course):
    assert pupil_client.get(course.url).status_code == HTTPStatus.OK
    assert pupil_client.get(_first_lesson(course).url).status_code == HTTPStatus.OK


def test_a_pupil_cannot_open_another_class_s_lesson_or_another_course(pupil_client):
    other_class = school_class_make()
    other_course = course_with_lessons(1, title="Andere klas", for_pupils=True, for_staff=False)
    from classrooms.services import school_class_course_assign

    school_class_course_assign(school_class=other_class, course=other_course)
    staff_course = course_with_lessons(1, title="Voor medewerkers")

    for course in (other_course, staff_course):
        assert pupil_client.get(_first_lesson(course).url).status_code == HTTPStatus.NOT_FOUND
        assert pupil_client.post(reverse("courses:enroll", args=[course.pk])).status_code == HTTPStatus.NOT_FOUND


def test_the_home_page_takes_a_pupil_to_their_lessons(pupil_client):
    response = pupil_client.get("/")
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("classrooms:pupil_home")


def test_a_pupil_can_log_out(pupil_client):
    assert pupil_client.post(reverse("account_logout")).status_code == HTTPStatus.FOUND
    assert pupil_client.get(reverse("classrooms:pupil_home")).url == reverse("classrooms:code_login")


def test_every_pupil_page_shows_the_help_panel(pupil_client):
    for name in ("pupil_home", "help"):
        page = pupil_client.get(reverse(f"classrooms:{name}")).content.decode()
        assert "0800-2000" in page
        assert 'href="tel:112"' in page


def test_the_context_processor_tells_templates_who_is_a_pupil(pupil_client):
    assert pupil_client.get(reverse("classrooms:pupil_home")).context["is_pupil"] is True


def test_other_users_are_not_restricted(teacher_client):
    assert teacher_client.get("/klas/").status_code == HTTPStatus.OK
    assert teacher_client.get("/mijn-leren/").status_code == HTTPStatus.OK


def test_pupil_pages_load_nothing_from_other_sites(client, pupil_client):
    for name in ("pupil_home", "help"):
        page = pupil_client.get(reverse(f"classrooms:{name}")).content.decode()
        for attribute in ('src="http', "src='http", 'href="http', "//cdn", "<iframe"):
            assert attribute not in page
    pupil_client.post(reverse("account_logout"))
    for name in ("join", "code_login"):
        assert 'src="http' not in client.get(reverse(f"classrooms:{name}")).content.decode()


def test_a_pupil_s_activity_is_remembered_at_most_once_an_hour(pupil_client, school_class):
    from classrooms.models import Pupil

    pupil = Pupil.objects.get()
    Pupil.objects.filter(pk=pupil.pk).update(last_active_at="2020-01-01T00:00:00Z")
    session = pupil_client.session
    session["classrooms_pupil"] = {**session["classrooms_pupil"], "seen": 0}
    session.save()

    pupil_client.get(reverse("classrooms:pupil_home"))
    pupil.refresh_from_db()
    assert pupil.last_active_at.year > 2020
    Pupil.objects.filter(pk=pupil.pk).update(last_active_at="2020-01-01T00:00:00Z")
    pupil_client.get(reverse("classrooms:pupil_home"))
    pupil.refresh_from_db()
    assert pupil.last_active_at.year == 2020


def test_a_pupil_opens_only_the_site_pages_named_open_to_everyone(pupil_client, settings):
    """The footer's statements (privacy, accessibility) are for pupils too; any other site page stays closed."""
    from tests.courses.factories import catalogue

    page = catalogue()
    assert pupil_client.get(page.url).status_code == HTTPStatus.NOT_FOUND
    settings.CLASSROOMS_PUPIL_PAGE_MODELS = ["courses.CourseIndexPage"]
    assert pupil_client.get(page.url).status_code == HTTPStatus.OK
