"""Printable code slips: one per pupil, with their personal code and where to come back with it."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from classrooms.codes import code_display
from tests.classrooms.factories import pupil_make, school_class_make

pytestmark = pytest.mark.django_db


def _slips(school_class):
    return reverse("classrooms:class_slips", args=[school_class.pk])


def test_each_pupil_gets_one_slip_with_their_own_code(teacher_client, school_class, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://signaal.example"
    pupils = [pupil_make(school_class, name) for name in ("Snelle Vos", "Stille Uil", "Rode Kat")]

    response = teacher_client.get(_slips(school_class))

    page = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert page.count('class="code-slip"') == 3
    for pupil in pupils:
        assert page.count(code_display(pupil.personal_code)) == 1
        assert pupil.nickname in page
    assert "https://signaal.example/klas/terug/" in page
    assert f"https://signaal.example/klas/meedoen/{school_class.join_code}/" in page
    assert page.count("<svg") == 3  # the come-back QR code on every slip
    assert "Kom terug met je code op" in page  # the pupil's voice


def test_the_qr_code_leads_to_the_come_back_page_and_never_holds_a_code(teacher_client, school_class):
    pupil = pupil_make(school_class)
    page = teacher_client.get(_slips(school_class)).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert pupil.personal_code not in svg and code_display(pupil.personal_code) not in svg


def test_an_empty_class_says_what_will_come(teacher_client, school_class):
    page = teacher_client.get(_slips(school_class)).content.decode()
    assert 'class="code-slip"' not in page
    assert "Er doen nog geen leerlingen mee." in page


def test_the_join_card_has_no_table_to_fill_in_and_points_to_the_slips(teacher_client, school_class):
    pupil = pupil_make(school_class)
    card = teacher_client.get(reverse("classrooms:class_card", args=[school_class.pk]))
    page = card.content.decode()
    assert "code-table" not in page and pupil.personal_code[:5] not in page
    assert _slips(school_class) in page
    old_link = teacher_client.get(reverse("classrooms:class_card", args=[school_class.pk]) + "?codes=1")
    assert old_link.status_code == HTTPStatus.FOUND and old_link.url == _slips(school_class)


def test_another_teacher_gets_a_404_and_sees_no_code(teacher_client):
    other = school_class_make(name="Niet van jou")
    pupil = pupil_make(other)
    response = teacher_client.get(_slips(other))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert code_display(pupil.personal_code) not in response.content.decode()


def test_the_slips_need_a_login(client, school_class):
    response = client.get(_slips(school_class))
    assert response.status_code == HTTPStatus.FOUND and "/accounts/login/" in response.url
