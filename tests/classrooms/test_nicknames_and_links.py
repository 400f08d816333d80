"""The join page offers a nickname, asks once when one looks like a real name, and pupil pages have no dead links."""

import re
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse

from classrooms.forms import NICKNAME_LOOKS_REAL
from classrooms.models import Pupil
from classrooms.nicknames import nickname_looks_real, nickname_suggest
from tests.classrooms.factories import pupil_client_login, pupil_make, says

pytestmark = pytest.mark.django_db

JOIN = reverse("classrooms:join")


@pytest.mark.parametrize(
    ("nickname", "looks_real"),
    [
        ("Jan Jansen", True),
        ("Sanne de Vries", True),
        ("Noah", True),
        ("emma 2", True),
        ("Snelle Vos", False),
        ("PaarseOtter27", False),
        ("Gok", False),
        ("kind 9", False),
    ],
)
def test_what_looks_like_a_real_name(nickname, looks_real):
    assert nickname_looks_real(nickname) is looks_real


def test_suggestions_are_valid_nicknames_that_do_not_look_real():
    for _ in range(50):
        suggestion = nickname_suggest()
        assert not nickname_looks_real(suggestion)
        assert re.fullmatch(r"[A-Za-z]+\d{2}", suggestion)


def test_the_join_page_starts_with_an_idea_and_another_name_keeps_the_code(client, school_class):
    first = client.get(JOIN).content.decode()
    assert re.search(r'name="nickname" value="[A-Za-z]+\d{2}"', first)
    assert 'name="suggest"' in first

    again = client.post(JOIN, {"code": school_class.join_code, "nickname": "iets", "suggest": "1"})

    assert again.status_code == HTTPStatus.OK
    html = again.content.decode()
    assert f'value="{school_class.join_code}"' in html
    assert not re.search(r'name="nickname" value="iets"', html)
    assert not Pupil.objects.exists()


def test_a_real_looking_name_is_asked_about_and_can_be_kept(client, school_class):
    asked = client.post(JOIN, {"code": school_class.join_code, "nickname": "Sanne de Vries"})
    assert asked.status_code == HTTPStatus.OK
    assert says(asked, NICKNAME_LOOKS_REAL)
    assert 'name="not_my_name"' in asked.content.decode()
    assert not Pupil.objects.exists()

    kept = client.post(JOIN, {"code": school_class.join_code, "nickname": "Sanne de Vries", "not_my_name": "on"})

    assert kept.status_code == HTTPStatus.FOUND
    assert Pupil.objects.get().nickname == "Sanne de Vries"


def _links(html: str, base: str) -> set[str]:
    found = set()
    for href in re.findall(r'href="([^"]+)"', html):
        url = urljoin(base, href.replace("&amp;", "&"))
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc in ("", "testserver"):
            found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def test_no_dead_links_on_the_pupil_pages(client, school_class):
    pupil = pupil_make(school_class, "Vos")
    pupil_client_login(client, pupil)
    start = [reverse("classrooms:pupil_home"), reverse("classrooms:help")]
    seen, queue = set(), list(start)
    while queue and len(seen) < 60:
        path = queue.pop(0)
        if path in seen or path.startswith("/static/") or path.startswith("/media/"):
            continue
        seen.add(path)
        response = client.get(path, follow=True)
        assert response.status_code != HTTPStatus.NOT_FOUND, f"{path} is a dead link"
        if path in start or path.startswith(reverse("classrooms:pupil_home")):
            queue.extend(_links(response.content.decode(), "http://testserver" + path) - seen)
    assert len(seen) > len(start)
