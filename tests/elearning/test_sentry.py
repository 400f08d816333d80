"""Sentry is off unless SENTRY_DSN is set, and when on, an error report carries the error and the request id
but nothing personal: no user, e-mail address, cookie, header, query string, request body or local variable."""

import json

import pytest
import sentry_sdk
from django.http import HttpResponse
from django.urls import path
from sentry_sdk.transport import Transport

from elearning.sentry import sentry_init

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]
EMAIL = "fatima.elamrani@gemeente.example"


def broken_view(request):
    secret_note = f"the learner {request.user.email} wrote: ik word uitgebuit"  # noqa: F841 - a local variable
    raise ZeroDivisionError("broken on purpose")


urlpatterns = [path("broken/", broken_view), path("fine/", lambda request: HttpResponse("ok"))]


class Captured(Transport):
    """Stands in for the network: what would have been sent to Sentry."""

    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)

    def events(self) -> list[dict]:
        return [item.payload.json for envelope in self.envelopes for item in envelope.items if item.type == "event"]


@pytest.fixture
def sentry():
    transport = Captured()
    sentry_init(
        dsn="https://public@sentry.invalid/1",
        environment="test",
        release="",
        traces_sample_rate=0.0,
        transport=transport,
    )
    yield transport
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: the SDK is off again for the tests after this one


def test_sentry_is_off_without_a_dsn(settings):
    assert settings.SENTRY_DSN == ""
    assert not sentry_sdk.get_client().is_active()


def test_an_error_is_reported_without_personal_data(client, user, sentry):
    user.email = EMAIL
    user.save()
    client.force_login(user)
    client.raise_request_exception = False

    response = client.post(
        f"/broken/?email={EMAIL}",
        {"answer": f"mijn naam is Fatima, {EMAIL}"},
        HTTP_X_REQUEST_ID="trace-sentry-0001",
        HTTP_USER_AGENT="Mozilla/5.0 (her phone)",
    )
    sentry_sdk.flush()

    assert response.status_code == 500
    [event] = sentry.events()
    assert event["exception"]["values"][-1]["type"] == "ZeroDivisionError"
    assert event["tags"]["request_id"] == "trace-sentry-0001"
    frames = [frame for value in event["exception"]["values"] for frame in value["stacktrace"]["frames"]]
    assert not any("vars" in frame for frame in frames)
    for frame in frames:  # the lines of source code around each frame are code: this module's own text
        for key in ("pre_context", "context_line", "post_context"):
            frame.pop(key, None)
    sent = json.dumps(event)
    for personal in (EMAIL, "Fatima", "uitgebuit", "her phone", "sessionid", "csrftoken"):
        assert personal not in sent, personal
    assert "user" not in event
    assert set(event["request"]) <= {"method", "url"}
    assert "?" not in event["request"].get("url", "")


def test_a_successful_request_sends_nothing(client, sentry):
    assert client.get("/fine/").status_code == 200
    sentry_sdk.flush()

    assert sentry.events() == []
