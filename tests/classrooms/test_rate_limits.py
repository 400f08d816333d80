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


def _wrong_personal_code(n: int) -> str:
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(alphabet[n // 31**i % 31] for i in range(5)) + "ZZZZZ"


@pytest.fixture
def no_flood_brake(settings):
    """The 60-a-minute flood brake would stop these tests first; they are about the wrong-code limits."""
    settings.CLASSROOMS_ATTEMPTS_PER_IP = (100_000, 60)


def test_guessing_class_codes_from_one_ip_is_stopped(client, school_class, no_flood_brake):
    statuses = [
        client.post(JOIN, {"code": _wrong_join_code(n), "nickname": "Gok"}, REMOTE_ADDR="198.51.100.1").status_code
        for n in range(105)
    ]
    assert statuses[:100] == [HTTPStatus.OK] * 100
    assert statuses[100:] == [HTTPStatus.TOO_MANY_REQUESTS] * 5
    blocked = client.post(JOIN, {"code": school_class.join_code, "nickname": "Gok"}, REMOTE_ADDR="198.51.100.1")
    assert blocked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert says(blocked, TOO_MANY)
    other_ip = client.post(JOIN, {"code": school_class.join_code, "nickname": "Eerlijk"}, REMOTE_ADDR="198.51.100.2")
    assert other_ip.status_code == HTTPStatus.FOUND


def test_guessing_personal_codes_from_one_ip_is_stopped(client, school_class, no_flood_brake):
    pupil = pupil_make(school_class)
    for n in range(100):
        response = client.post(COME_BACK, {"code": _wrong_personal_code(n)}, REMOTE_ADDR="198.51.100.3")
        assert response.status_code == HTTPStatus.OK, n
    response = client.post(COME_BACK, {"code": pupil.personal_code}, REMOTE_ADDR="198.51.100.3")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert says(response, TOO_MANY)


def test_a_thousand_wrong_guesses_from_50_ips_leave_a_pupil_on_another_ip_able_to_log_in(client, school_class):
    pupil = pupil_make(school_class)
    for n in range(1000):
        ip = f"198.51.{100 + n % 50}.1"
        response = client.post(COME_BACK, {"code": _wrong_personal_code(n)}, REMOTE_ADDR=ip)
        assert response.status_code == HTTPStatus.OK, n
    response = client.post(COME_BACK, {"code": pupil.personal_code}, REMOTE_ADDR="192.0.2.44")
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("classrooms:pupil_home")


def test_20_wrong_codes_from_a_school_ip_do_not_lock_out_the_pupils_who_type_theirs_right(client, school_class):
    pupils = [pupil_make(school_class) for _ in range(10)]
    for n in range(20):
        client.post(COME_BACK, {"code": _wrong_personal_code(n)}, REMOTE_ADDR=SCHOOL_IP)
    for pupil in pupils:
        client.cookies.clear()
        response = client.post(COME_BACK, {"code": pupil.personal_code}, REMOTE_ADDR=SCHOOL_IP)
        assert response.status_code == HTTPStatus.FOUND


def test_20_wrong_class_codes_from_a_school_ip_do_not_stop_the_class_joining(client, school_class):
    for n in range(20):
        client.post(JOIN, {"code": _wrong_join_code(n), "nickname": "Typfout"}, REMOTE_ADDR=SCHOOL_IP)
    for number in range(25):
        client.cookies.clear()
        response = client.post(
            JOIN, {"code": school_class.join_code, "nickname": f"Leerling {number}"}, REMOTE_ADDR=SCHOOL_IP
        )
        assert response.status_code == HTTPStatus.FOUND, number


def test_a_class_full_of_joins_closes_only_that_class(client, school_class, teacher, settings):
    from tests.classrooms.factories import school_class_make

    settings.CLASSROOMS_JOINS_PER_CLASS_CODE = (3, 600)
    other = school_class_make(teacher=teacher)
    for number in range(3):
        client.cookies.clear()
        client.post(
            JOIN, {"code": school_class.join_code, "nickname": f"Kind {number}"}, REMOTE_ADDR=f"192.0.2.{number}"
        )
    client.cookies.clear()
    full = client.post(JOIN, {"code": school_class.join_code, "nickname": "Kind 9"}, REMOTE_ADDR="192.0.2.9")
    assert full.status_code == HTTPStatus.TOO_MANY_REQUESTS
    client.cookies.clear()
    elsewhere = client.post(JOIN, {"code": other.join_code, "nickname": "Kind 9"}, REMOTE_ADDR="192.0.2.9")
    assert elsewhere.status_code == HTTPStatus.FOUND


def test_one_code_tried_from_many_ips_is_stopped(client, school_class):
    for n in range(10):
        client.post(COME_BACK, {"code": "ABCDE-FGHJK"}, REMOTE_ADDR=f"198.51.100.{10 + n}")
    response = client.post(COME_BACK, {"code": "abcdefghjk"}, REMOTE_ADDR="198.51.100.99")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_a_flood_of_requests_from_one_ip_is_slowed_down(client, school_class, settings):
    settings.CLASSROOMS_ATTEMPTS_PER_IP = (5, 60)
    statuses = [client.post(COME_BACK, {"code": "x"}, REMOTE_ADDR="198.51.100.4").status_code for _ in range(6)]
    assert statuses[-1] == HTTPStatus.TOO_MANY_REQUESTS
