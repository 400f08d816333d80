"""Journey 4: a teacher completes the teacher course, creates a class, gives it a pupil course and sees a
pupil's progress appear while the pupil works on another device."""

import pytest
from playwright.sync_api import expect

from classrooms.models import SchoolClass
from tests.courses.factories import course_with_lessons
from tests.e2e.conftest import assert_accessible, assert_no_horizontal_scroll, log_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def courses():
    teacher_course = course_with_lessons(2, title="Lesgeven over uitbuiting", for_teachers=True, for_staff=False)
    pupil_course = course_with_lessons(2, title="Loverboys herkennen", for_pupils=True, for_staff=False)
    return teacher_course, pupil_course


def check(page) -> None:
    page.wait_for_load_state("networkidle")
    assert_accessible(page)


def test_teacher_completes_the_course_creates_a_class_and_follows_a_pupil(new_page, courses):
    teacher_course, pupil_course = courses
    teacher = UserFactory(email="docent@school.example")
    page = new_page()
    page.goto("/accounts/login/")
    check(page)
    log_in(page, teacher.email, PASSWORD)

    # The teacher course, start to finish.
    page.goto(teacher_course.url)
    check(page)
    page.get_by_role("button", name="Begin").click()
    expect(page.get_by_role("heading", name="Les 1")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Klaar, volgende les").click()
    expect(page.get_by_role("heading", name="Les 2")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Klaar, cursus afronden").click()
    expect(page.get_by_text("Goed gedaan: u hebt de cursus afgerond.")).to_be_visible()
    check(page)

    # "Mijn leren" now offers classes.
    page.goto("/mijn-leren/")
    expect(page.get_by_role("heading", name="Mijn klassen")).to_be_visible()
    check(page)
    page.get_by_role("link", name="Naar mijn klassen").click()
    page.wait_for_url("**/klas/")
    check(page)

    # Create a class and give it the pupil course.
    page.get_by_label("Naam van de klas").fill("2B")
    page.get_by_label("Schooljaar").fill("2025-2026")
    page.get_by_role("button", name="Klas maken").click()
    expect(page.get_by_text("Uw klas is klaar. Geef de leerlingen de klascode.")).to_be_visible()
    check(page)
    page.get_by_label("Cursus voor leerlingen").select_option(label="Loverboys herkennen")
    page.get_by_role("button", name="Aan de klas geven").click()
    expect(page.get_by_text("De cursus is aan de klas gegeven.")).to_be_visible()
    check(page)
    school_class = SchoolClass.objects.get(teacher=teacher)
    join_code = page.locator(".join-panel .class-code").inner_text()
    assert join_code == school_class.join_code_display

    page.get_by_role("link", name="Voortgang bekijken").click()
    expect(page.get_by_text("Er doen nog geen leerlingen mee.")).to_be_visible()
    check(page)
    progress_url = page.url

    # A pupil joins on their own device and finishes the first lesson.
    pupil = new_page(width=320, height=640)
    pupil.goto(f"/klas/meedoen/{join_code}/")  # the join link: the class code is filled in
    expect(pupil.get_by_label("Klascode")).not_to_be_empty()
    check(pupil)
    pupil.get_by_label("Bijnaam").fill("Snelle Vos")
    pupil.get_by_role("button", name="Doe mee").click()
    pupil.get_by_role("link", name="Naar mijn lessen").click()
    expect(pupil.get_by_role("heading", name="Loverboys herkennen")).to_be_visible()
    check(pupil)
    pupil.get_by_role("link", name="Begin").click()
    expect(pupil.get_by_role("heading", name="Les 1")).to_be_visible()
    check(pupil)
    pupil.get_by_role("button", name="Klaar, volgende les").click()
    expect(pupil.get_by_role("heading", name="Les 2")).to_be_visible()
    check(pupil)

    # The teacher reloads the progress page and sees it.
    page.reload()
    row = page.get_by_role("row", name="Snelle Vos")
    expect(row).to_contain_text("1 van 2")
    check(page)

    # The teacher's pages on a 320 px phone.
    phone = new_page(width=320, height=640)
    log_in(phone, teacher.email, PASSWORD)
    for url in ("/mijn-leren/", "/klas/", f"/klas/{school_class.pk}/", progress_url, teacher_course.url):
        phone.goto(url)
        phone.wait_for_load_state("networkidle")
        assert_no_horizontal_scroll(phone)
    phone.goto(teacher_course.get_children().first().url)  # a lesson
    assert_no_horizontal_scroll(phone)
