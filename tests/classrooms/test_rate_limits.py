from http import HTTPStatus

import pytest
from django.urls import reverse

from classrooms.models import Pupil
from tests.classrooms.factories import pupil_make, says

pytestmark = pytest.mark.django_db

JOIN = reverse("classrooms:join")
COME_BACK = reverse("classrooms:code_login")
TOO_MANY = "There were too many tries from here. Wait a few minutes and try again, or ask your teacher for help."
SCHOOL_IP = "203.0.113.7"


def _wrong_join_code(n: int) -> str:
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ"
    return f"Q{alphabet[n % 23]}{alphabet[n // 23 % 23]}ZZZ"


def test_a_class_of_30_behind_one_school_ip_joins_within_a_minute(client, school_class):
    for number in range(30):
        client.cookies.clear()
        response = client.post(
            JOIN, {"code": school_class.join_code, "nickname": f"Leerling {number}"}, REMOTE_ADDR=SCHOOL_IP
        )
        assert response.status_code == HTTPStatus.FOUND, number
    assert Pupil.objects.count() == 30


def test_a_class_of_30_with_taken_nicknames_and_typos_is_not_blocked(client, school_class):
    pupil_make(school_class, "Sam")
    for number in range(30):
        client.post(JOIN, {"code": school_class.join_code, "nickname": "Sam"}, REMOTE_ADDR=SCHOOL_IP)
        response = client.post(
            JOIN, {"code": school_class.join_code, "nickname": f"Sam {number}"}, REMOTE_ADDR=SCHOOL_IP
        )
        client.cookies.clear()
        assert response.status_code == HTTPStatus.FOUND, number


def test_guessing_class_codes_from_one_ip_is_stopped(client, school_class):
    statuses = [
        client.post(JOIN, {"code": _wrong_join_code(n), "nickname": "Gok"}, REMOTE_ADDR="198.51.100.1").status_code
        for n in range(25)
    ]
    assert statuses[:20] == [HTTPStatus.OK] * 20
    assert statuses[20:] == [HTTPStatus.TOO_MANY_REQUESTS] * 5
    blocked = client.post(JOIN, {"code": school_class.join_code, "nickname": "Gok"}, REMOTE_ADDR="198.51.100.1")
    assert blocked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert says(blocked, TOO_MANY)
    other_ip = client.post(JOIN, {"code": school_class.join_code, "nickname": "Eerlijk"}, REMOTE_ADDR="198.51.100.2")
    assert other_ip.status_code == HTTPStatus.FOUND


def test_guessing_personal_codes_from_one_ip_is_stopped(client, school_class):
    pupil = pupil_make(school_class)
    for n in range(20):
        response = client.post(COME_BACK, {"code": f"{_wrong_join_code(n)}ABCD"}, REMOTE_ADDR="198.51.100.3")
        assert response.status_code == HTTPStatus.OK
    response = client.post(COME_BACK, {"code": pupil.personal_code}, REMOTE_ADDR="198.51.100.3")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert says(response, TOO_MANY)


def test_one_code_tried_from_many_ips_is_stopped(client, school_class):
    for n in range(10):
        client.post(COME_BACK, {"code": "ABCDE-FGHJK"}, REMOTE_ADDR=f"198.51.100.{10 + n}")
    response = client.post(COME_BACK, {"code": "abcdefghjk"}, REMOTE_ADDR="198.51.100.99")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_a_flood_of_requests_from_one_ip_is_slowed_down(client, school_class, settings):
    settings.CLASSROOMS_ATTEMPTS_PER_IP = (5, 60)
    statuses = [client.post(COME_BACK, {"code": "x"}, REMOTE_ADDR="198.51.100.4").status_code for _ in range(6)]
    assert statuses[-1] == HTTPStatus.TOO_MANY_REQUESTS
