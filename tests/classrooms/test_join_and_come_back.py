from http import HTTPStatus

import pytest
from django.urls import reverse

from classrooms import services
from classrooms.codes import code_normalise
from classrooms.models import Pupil
from courses.models import Enrollment, LessonPage, LessonProgress
from tests.classrooms.factories import pupil_make, says, school_class_make

pytestmark = pytest.mark.django_db

JOIN = reverse("classrooms:join")
COME_BACK = reverse("classrooms:code_login")


def _join(client, code, nickname="Vos", **extra):
    return client.post(JOIN, {"code": code, "nickname": nickname}, **extra)


def test_a_pupil_joins_with_code_and_nickname_only(client, school_class, course):
    response = _join(client, school_class.join_code_display.lower(), "Snelle Vos")

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("classrooms:welcome")
    pupil = Pupil.objects.get()
    assert pupil.nickname == "Snelle Vos"
    assert pupil.school_class == school_class
    assert pupil.user.email is None
    assert pupil.user.first_name == pupil.user.last_name == ""
    assert not pupil.user.has_usable_password()
    assert Enrollment.objects.filter(learner=pupil.user, course=course).exists()


def test_the_personal_code_is_shown_once_after_joining(client, school_class):
    _join(client, school_class.join_code)
    pupil = Pupil.objects.get()

    first = client.get(reverse("classrooms:welcome"))
    assert pupil.personal_code[:5] in first.content.decode()
    again = client.get(reverse("classrooms:welcome"))
    assert again.status_code == HTTPStatus.FOUND
    assert again.url == reverse("classrooms:pupil_home")


def test_the_join_link_fills_in_the_class_code(client, school_class):
    response = client.get(reverse("classrooms:join_with_code", args=[school_class.join_code]))
    assert f'value="{school_class.join_code}"' in response.content.decode()


@pytest.mark.parametrize(
    "change, message",
    [
        ("unknown", services.JOIN_CODE_UNKNOWN),
        ("closed", services.JOINING_CLOSED),
        ("archived", services.JOIN_CODE_UNKNOWN),
    ],
)
def test_a_wrong_or_closed_code_says_so_plainly(client, school_class, change, message):
    code = school_class.join_code
    if change == "unknown":
        code = "ZZZZZZ" if code != "ZZZZZZ" else "YYYYYY"
    elif change == "closed":
        services.school_class_joining_set(school_class=school_class, is_open=False)
    else:
        services.school_class_archive(school_class=school_class)

    response = _join(client, code)

    assert response.status_code == HTTPStatus.OK
    assert says(response, message)
    assert 'role="alert"' in response.content.decode()
    assert not Pupil.objects.exists()


def test_a_nickname_is_unique_in_the_class_whatever_the_case(client, school_class):
    pupil_make(school_class, "Vos")
    response = _join(client, school_class.join_code, "  vos ")
    assert says(response, services.NICKNAME_TAKEN)
    assert Pupil.objects.count() == 1


def test_the_same_nickname_is_fine_in_another_class(client, school_class):
    pupil_make(school_class, "Vos")
    other = school_class_make()
    _join(client, other.join_code, "Vos")
    assert Pupil.objects.filter(nickname="Vos").count() == 2


@pytest.mark.parametrize("nickname", ["x", "jan@example.org", "<b>hoi</b>", "a" * 30])
def test_nicknames_that_cannot_be_one_are_refused(client, school_class, nickname):
    response = _join(client, school_class.join_code, nickname)
    assert says(response, services.NICKNAME_INVALID)
    assert not Pupil.objects.exists()


def test_a_refused_nickname_cannot_come_back(client, school_class):
    services.pupil_refuse(pupil=pupil_make(school_class, "Scheldwoord"))
    response = _join(client, school_class.join_code, "SCHELDWOORD")
    assert says(response, services.NICKNAME_REFUSED)


def test_a_course_given_later_enrols_the_pupils_already_in_the_class(school_class):
    from tests.courses.factories import course_with_lessons

    pupils = [pupil_make(school_class) for _ in range(3)]
    later = course_with_lessons(1, title="Later", for_pupils=True, for_staff=False)
    services.school_class_course_assign(school_class=school_class, course=later)
    assert Enrollment.objects.filter(course=later, learner__pupil__in=pupils).count() == 3


def test_a_pupil_joins_does_a_lesson_leaves_and_comes_back_with_the_personal_code(client, school_class, course):
    _join(client, school_class.join_code, "Uil")
    pupil = Pupil.objects.get()
    code = pupil.personal_code
    home = client.get(reverse("classrooms:pupil_home"))
    assert "Loverboys herkennen" in home.content.decode()

    lesson = LessonPage.objects.child_of(course).live().order_by("path").first()
    assert client.get(lesson.url).status_code == HTTPStatus.OK
    done = client.post(reverse("courses:lesson_complete", args=[course.pk, lesson.pk]))
    assert done.status_code == HTTPStatus.FOUND
    client.post(reverse("account_logout"))
    assert client.get(reverse("classrooms:pupil_home")).url == COME_BACK

    back = client.post(COME_BACK, {"code": f"{code[:5].lower()} - {code[5:]}"})

    assert back.status_code == HTTPStatus.FOUND
    assert back.url == reverse("classrooms:pupil_home")
    assert LessonProgress.objects.filter(enrollment__learner=pupil.user, completed_at__isnull=False).count() == 1
    assert "50%" in client.get(reverse("classrooms:pupil_home")).content.decode()


def test_a_wrong_personal_code_says_so(client, school_class):
    response = client.post(COME_BACK, {"code": "ABCDE-FGHJK"})
    assert says(response, services.PERSONAL_CODE_UNKNOWN)


def test_a_reset_code_replaces_the_old_one(client, school_class):
    pupil = pupil_make(school_class)
    old = pupil.personal_code
    services.pupil_code_reset(pupil=pupil)
    assert code_normalise(old) != pupil.personal_code
    assert client.post(COME_BACK, {"code": old}).status_code == HTTPStatus.OK
    assert client.post(COME_BACK, {"code": pupil.personal_code}).status_code == HTTPStatus.FOUND


def test_pupils_of_an_archived_class_cannot_come_back(client, school_class):
    code = pupil_make(school_class).personal_code
    services.school_class_archive(school_class=school_class)
    assert client.post(COME_BACK, {"code": code}).status_code == HTTPStatus.OK
