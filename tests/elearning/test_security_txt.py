"""/.well-known/security.txt (RFC 9116) from the settings."""

from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import pytest

URL = "/.well-known/security.txt"

pytestmark = pytest.mark.django_db


def fields(response) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in response.content.decode().splitlines():
        name, _sep, value = line.partition(": ")
        found.setdefault(name, []).append(value)
    return found


def test_security_txt_says_whom_to_tell_until_when_in_which_languages(client, settings):
    settings.SECURITY_CONTACT = ["security@signaal.example", "https://signaal.example/melden"]
    settings.WAGTAILADMIN_BASE_URL = "https://signaal.example"

    response = client.get(URL)

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    found = fields(response)
    assert found["Contact"] == ["mailto:security@signaal.example", "https://signaal.example/melden"]
    assert found["Preferred-Languages"] == ["nl, en"]
    assert found["Canonical"] == ["https://signaal.example/.well-known/security.txt"]
    expires = datetime.strptime(found["Expires"][0], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert datetime.now(UTC) < expires < datetime.now(UTC) + timedelta(days=365)


def test_the_expiry_can_be_set(client, settings):
    settings.SECURITY_TXT_EXPIRES = "2027-03-01T00:00:00+01:00"

    assert fields(client.get(URL))["Expires"] == ["2027-02-28T23:00:00Z"]
