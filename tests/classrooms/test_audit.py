"""Deleting classes and pupils is on the audit trail: who, which class and how many, never a child's nickname."""

import json

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from classrooms import audit
from organisations.models import Organisation
from tests.classrooms.factories import pupil_make, school_class_make
from tests.organisations.factories import MembershipFactory, coordinator_of

pytestmark = pytest.mark.django_db

NICKNAMES = ["Zoë de Vries", "Sammie"]


def _url(name: str, *args) -> str:
    return reverse(f"classrooms:{name}", args=args)


def _no_nicknames() -> bool:
    dumped = json.dumps(list(ModelLogEntry.objects.values("label", "data")))
    return not any(nickname in dumped for nickname in NICKNAMES)


@pytest.fixture
def pupils(school_class):
    return [pupil_make(school_class, nickname) for nickname in NICKNAMES]


def test_deleting_a_class_logs_the_class_and_a_count(teacher_client, teacher, school_class, pupils):
    teacher_client.post(_url("class_delete", school_class.pk))

    entry = ModelLogEntry.objects.get(action=audit.CLASS_DELETED)
    assert entry.user == teacher
    assert entry.label == str(school_class)
    assert entry.data == {"organisation": None, "pupils": 2}
    assert _no_nicknames()


def test_archiving_a_class_logs_the_count(teacher_client, teacher, school_class, pupils):
    teacher_client.post(_url("class_archive", school_class.pk))

    entry = ModelLogEntry.objects.get(action=audit.CLASS_ARCHIVED)
    assert (entry.user, entry.object_id, entry.data["pupils"]) == (teacher, str(school_class.pk), 2)
    assert _no_nicknames()


def test_deleting_or_refusing_a_pupil_logs_the_class_not_the_pupil(teacher_client, teacher, school_class, pupils):
    teacher_client.post(_url("pupil_delete", school_class.pk, pupils[0].pk))
    teacher_client.post(_url("pupil_delete", school_class.pk, pupils[1].pk), {"refuse": "1"})

    entries = ModelLogEntry.objects.filter(action=audit.PUPILS_DELETED).order_by("pk")
    assert [(e.user, e.object_id, e.data["pupils"], e.data["refused"]) for e in entries] == [
        (teacher, str(school_class.pk), 1, False),
        (teacher, str(school_class.pk), 1, True),
    ]
    assert _no_nicknames()


def test_a_schools_coordinators_see_its_deleted_classes_on_their_trail(client, teacher):
    school = Organisation.objects.create(name="De Regenboog", kind=Organisation.Kind.SCHOOL)
    MembershipFactory(organisation=school, user=teacher)
    school_class = school_class_make(teacher=teacher, organisation=school, name="Groep 8")
    pupil_make(school_class, "Sammie")
    client.force_login(teacher)
    client.post(_url("class_delete", school_class.pk))
    client.force_login(coordinator_of(school).user)

    html = client.get(reverse("organisations:audit_trail", args=[school.pk])).content.decode()

    assert "Groep 8" in html and "Klas verwijderd met haar 1 leerlingen" in html
    assert "Sammie" not in html
