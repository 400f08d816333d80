"""Deleting a pupil or refusing a nickname asks first (without JavaScript); refusing can be undone."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from classrooms import audit, services
from classrooms.models import Pupil
from tests.classrooms.factories import pupil_make, school_class_make

pytestmark = pytest.mark.django_db


def _url(name: str, *args) -> str:
    return reverse(f"classrooms:{name}", args=args)


@pytest.mark.parametrize("query", ["", "?refuse=1"])
def test_asking_changes_nothing_and_shows_a_post_form(teacher_client, school_class, query):
    pupil = pupil_make(school_class, "Sammie")

    page = teacher_client.get(_url("pupil_delete", school_class.pk, pupil.pk) + query)

    assert page.status_code == HTTPStatus.OK
    html = page.content.decode()
    assert 'method="post"' in html and _url("pupil_delete", school_class.pk, pupil.pk) in html
    assert "Sammie" in html
    assert ('name="refuse" value="1"' in html) == bool(query)
    assert Pupil.objects.filter(pk=pupil.pk).exists()
    school_class.refresh_from_db()
    assert school_class.refused_nicknames == []
    assert not ModelLogEntry.objects.filter(action=audit.PUPILS_DELETED).exists()


def test_the_pupil_page_links_to_the_questions_not_to_a_delete_button(teacher_client, school_class):
    pupil = pupil_make(school_class)
    html = teacher_client.get(_url("pupil_manage", school_class.pk, pupil.pk)).content.decode()
    assert f'href="{_url("pupil_delete", school_class.pk, pupil.pk)}"' in html
    assert f'href="{_url("pupil_delete", school_class.pk, pupil.pk)}?refuse=1"' in html
    assert f'action="{_url("pupil_delete", school_class.pk, pupil.pk)}"' not in html


def test_confirming_deletes_and_logs(teacher_client, teacher, school_class):
    pupil = pupil_make(school_class, "Sammie")
    response = teacher_client.post(_url("pupil_delete", school_class.pk, pupil.pk))
    assert response.url == _url("class_detail", school_class.pk)
    assert not Pupil.objects.filter(pk=pupil.pk).exists()
    entry = ModelLogEntry.objects.get(action=audit.PUPILS_DELETED)
    assert (entry.user, entry.data["refused"]) == (teacher, False)


def test_a_refused_nickname_can_be_allowed_again(teacher_client, school_class):
    pupil = pupil_make(school_class, "Lelijk")
    teacher_client.post(_url("pupil_delete", school_class.pk, pupil.pk), {"refuse": "1"})
    school_class.refresh_from_db()
    assert school_class.refused_nicknames == ["lelijk"]
    assert ModelLogEntry.objects.get(action=audit.PUPILS_DELETED).data["refused"] is True
    detail = teacher_client.get(_url("class_detail", school_class.pk)).content.decode()
    assert _url("nickname_allow", school_class.pk) in detail

    teacher_client.post(_url("nickname_allow", school_class.pk), {"nickname": "Lelijk"})

    school_class.refresh_from_db()
    assert school_class.refused_nicknames == []
    assert pupil_make(school_class, "Lelijk").nickname == "Lelijk"


def test_allowing_is_a_post_on_your_own_class_only(teacher_client, school_class):
    others = school_class_make()
    services.pupil_refuse(pupil=pupil_make(others, "Lelijk"))
    assert teacher_client.get(_url("nickname_allow", school_class.pk)).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    response = teacher_client.post(_url("nickname_allow", others.pk), {"nickname": "lelijk"})
    assert response.status_code == HTTPStatus.NOT_FOUND
    others.refresh_from_db()
    assert others.refused_nicknames == ["lelijk"]
