"""Saved state (resume): per learner, activity, data type and sub-content id, with a size cap."""

import io
import json
from http import HTTPStatus

import pytest
from django.urls import reverse

from h5p.models import H5PContentState
from h5p.services import activity_update
from tests.factories import UserFactory
from tests.h5p.factories import H5PActivityFactory, package_bytes

pytestmark = pytest.mark.django_db


def url(activity, data_type="state", sub_content_id="0"):
    return reverse("h5p:state", args=[activity.pk, data_type, sub_content_id])


def save(client, target, data: str):
    return client.post(target, json.dumps({"data": data}), content_type="application/json")


@pytest.fixture
def activity():
    return H5PActivityFactory()


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_state_is_saved_loaded_and_deleted(client, learner, activity):
    assert client.get(url(activity)).json() == {"data": None}
    assert save(client, url(activity), '{"answers": [1]}').status_code == HTTPStatus.OK
    assert save(client, url(activity), '{"answers": [2]}').status_code == HTTPStatus.OK
    assert client.get(url(activity)).json() == {"data": '{"answers": [2]}'}
    assert client.delete(url(activity)).status_code == HTTPStatus.OK
    assert client.get(url(activity)).json() == {"data": None}


def test_state_is_kept_apart_per_learner_data_type_and_sub_content(client, learner, activity):
    save(client, url(activity), "main")
    save(client, url(activity, sub_content_id="abc-1"), "child")
    save(client, url(activity, data_type="progress"), "progress")
    assert client.get(url(activity, sub_content_id="abc-1")).json()["data"] == "child"
    assert client.get(url(activity, data_type="progress")).json()["data"] == "progress"
    client.force_login(UserFactory())
    assert client.get(url(activity)).json()["data"] is None


def test_state_over_the_cap_is_refused(client, learner, activity, settings):
    settings.H5P_STATE_MAX_BYTES = 1024
    assert save(client, url(activity), "x" * 1025).status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert save(client, url(activity), "x" * 5000).status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert not H5PContentState.objects.exists()


def test_the_default_cap_is_64_kib(settings):
    assert settings.H5P_STATE_MAX_BYTES == 64 * 1024


def test_state_is_reset_when_the_package_changes(client, learner, activity):
    save(client, url(activity), "old progress")
    activity_update(activity=activity, title=activity.title, is_published=True, package=io.BytesIO(package_bytes()))
    assert client.get(url(activity)).json()["data"] is None


@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_anonymous_visitors_have_no_state(client, activity, method):
    assert getattr(client, method)(url(activity)).status_code == HTTPStatus.NOT_FOUND


def test_odd_keys_and_bodies_are_bad_requests(client, learner, activity):
    assert client.get(url(activity, data_type="st ate")).status_code == HTTPStatus.BAD_REQUEST
    response = client.post(url(activity), json.dumps({"data": 3}), content_type="application/json")
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_an_unpublished_activity_has_no_state_for_learners(client, learner):
    hidden = H5PActivityFactory(is_published=False)
    assert client.get(url(hidden)).status_code == HTTPStatus.NOT_FOUND
