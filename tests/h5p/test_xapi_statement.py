"""The xAPI endpoint: the server decides who the actor is, which statements count, and the best result."""

import json
import logging
from http import HTTPStatus

import pytest
from django.db import connection
from django.urls import reverse

from h5p.models import H5PResult, H5PStatement
from h5p.selectors import activity_is_passed, best_results
from h5p.signals import result_recorded
from h5p.xapi import VERB_ANSWERED, VERB_COMPLETED
from tests.factories import UserFactory
from tests.h5p.factories import H5PActivityFactory

pytestmark = pytest.mark.django_db


def iri(activity) -> str:
    return f"http://testserver{reverse('h5p:activity', args=[activity.pk])}"


def statement(activity, *, verb=VERB_ANSWERED, raw=3, max_score=4, object_id=None, **extra) -> dict:
    document = {
        "actor": {"name": "Jan Jansen", "mbox": "mailto:jan@example.org"},
        "verb": {"id": verb, "display": {"en-US": "answered"}},
        "object": {"id": object_id or iri(activity), "objectType": "Activity"},
        "result": {"score": {"min": 0, "raw": raw, "max": max_score, "scaled": 0.99}, "completion": True},
    }
    document.update(extra)
    return document


def post(client, activity, document):
    return client.post(
        reverse("h5p:xapi", args=[activity.pk]), json.dumps({"statement": document}), content_type="application/json"
    )


@pytest.fixture
def activity():
    return H5PActivityFactory()


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_a_scored_statement_becomes_the_learners_result_with_an_opaque_actor(client, learner, activity):
    response = post(client, activity, statement(activity))
    assert response.status_code == HTTPStatus.CREATED
    stored = H5PStatement.objects.get()
    assert stored.statement["actor"]["account"]["name"] == str(learner.public_id)
    assert "Jan" not in json.dumps(stored.statement["actor"])
    assert learner.email not in json.dumps(stored.statement)
    assert best_results(learner=learner, activity_ids=[activity.pk])[activity.pk].scaled == 0.75


def test_the_score_is_computed_from_raw_and_max_not_taken_from_scaled(client, learner, activity):
    post(client, activity, statement(activity, raw=1, max_score=4))
    assert H5PResult.objects.get().scaled == 0.25


def test_a_statement_for_another_activity_is_refused(client, learner, activity):
    other = H5PActivityFactory()
    response = post(client, activity, statement(other))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not H5PStatement.objects.exists()


def test_child_statements_are_stored_but_are_not_the_activitys_result(client, learner, activity):
    with_parent = statement(activity, context={"contextActivities": {"parent": [{"id": iri(activity)}]}})
    sub_content = statement(activity, object_id=f"{iri(activity)}?subContentId=abc-123")
    assert post(client, activity, with_parent).status_code == HTTPStatus.CREATED
    assert post(client, activity, sub_content).status_code == HTTPStatus.CREATED
    assert H5PStatement.objects.filter(is_child=True).count() == 2
    assert not H5PResult.objects.exists()


def test_verbs_are_matched_by_iri_not_by_display_text(client, learner, activity):
    fake = statement(activity, verb="http://example.org/verbs/answered")
    assert post(client, activity, fake).status_code == HTTPStatus.OK
    assert not H5PStatement.objects.exists()
    assert not H5PResult.objects.exists()


@pytest.mark.parametrize(("raw", "max_score"), [(5, 4), (-1, 4), (0, 0), (1, -2), ("3", 4), (True, 4), (None, 4)])
def test_a_score_out_of_range_is_refused_and_logged(client, learner, activity, caplog, raw, max_score):
    with caplog.at_level(logging.WARNING, logger="h5p.views"):
        response = post(client, activity, statement(activity, raw=raw, max_score=max_score))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "xAPI statement refused" in caplog.text
    assert not H5PStatement.objects.exists()


def test_every_attempt_is_kept_and_the_best_one_is_the_result(client, learner, activity):
    for raw in (2, 4, 1):
        post(client, activity, statement(activity, raw=raw, max_score=4))
    assert H5PStatement.objects.count() == 3
    result = best_results(learner=learner, activity_ids=[activity.pk])[activity.pk]
    assert (result.scaled, result.completed, result.attempts) == (1.0, True, 3)


def test_completed_without_a_score_passes_only_content_without_a_pass_mark(client, learner, activity):
    unscored = statement(activity, verb=VERB_COMPLETED)
    del unscored["result"]
    post(client, activity, unscored)
    result = best_results(learner=learner, activity_ids=[activity.pk])[activity.pk]
    assert result.scaled is None
    assert activity_is_passed(result, 0)  # an accordion: completing it is the point
    assert not activity_is_passed(result, 0.7)  # a scored activity needs its score


def test_a_recorded_result_sends_the_signal_after_commit(client, learner, activity, django_capture_on_commit_callbacks):
    received = []

    def handler(sender, learner, activity_id, **kwargs):
        received.append((learner.pk, activity_id))

    result_recorded.connect(handler)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            post(client, activity, statement(activity))
        assert received == []
        for callback in callbacks:
            callback()
    finally:
        result_recorded.disconnect(handler)
    assert received == [(learner.pk, activity.pk)]


def test_anonymous_statements_are_refused_as_if_there_were_no_such_activity(client, activity):
    assert post(client, activity, statement(activity)).status_code == HTTPStatus.NOT_FOUND
    assert not H5PStatement.objects.exists()


def test_an_unpublished_activity_accepts_no_statements_from_learners(client, learner):
    hidden = H5PActivityFactory(is_published=False)
    assert post(client, hidden, statement(hidden)).status_code == HTTPStatus.NOT_FOUND


def test_unpublishing_an_activity_stops_statements_at_once(client, learner, activity):
    assert post(client, activity, statement(activity)).status_code == HTTPStatus.CREATED  # now cached
    activity.is_published = False
    activity.save()
    assert post(client, activity, statement(activity)).status_code == HTTPStatus.NOT_FOUND


def test_a_deleted_activity_is_not_served_from_the_cache(client, learner, activity):
    assert post(client, activity, statement(activity)).status_code == HTTPStatus.CREATED
    url = reverse("h5p:xapi", args=[activity.pk])
    activity.delete()
    response = client.post(url, json.dumps({"statement": {}}), content_type="application/json")
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_malformed_json_is_a_bad_request(client, learner, activity):
    response = client.post(reverse("h5p:xapi", args=[activity.pk]), "{nope", content_type="application/json")
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_a_statement_costs_a_constant_number_of_queries(client, learner, activity, django_assert_num_queries):
    post(client, activity, statement(activity))  # the first attempt creates the result row
    for _ in range(5):
        post(client, activity, statement(activity))
    with django_assert_num_queries(QUERIES_PER_STATEMENT) as captured:
        post(client, activity, statement(activity, raw=4))
    print(f"\nH5P: one xAPI statement = {len(captured)} queries")


def test_an_answer_to_one_question_is_a_single_insert(client, learner, activity, django_assert_num_queries):
    post(client, activity, statement(activity))
    parent = {"contextActivities": {"parent": [{"id": iri(activity)}]}}
    child = statement(activity, object_id=f"{iri(activity)}?subContentId=q1", context=parent)
    with django_assert_num_queries(QUERIES_PER_CHILD_STATEMENT):
        response = post(client, activity, child)
    assert response.json() == {"stored": True}


# The session and the activity come from the cache. On PostgreSQL: user, then the statement and its best result
# in one statement (h5p/services.py); elsewhere: user, savepoint, insert statement, select result for update,
# update result, release.
QUERIES_PER_STATEMENT = 2 if connection.vendor == "postgresql" else 6
QUERIES_PER_CHILD_STATEMENT = 2  # user, insert


@pytest.mark.parametrize(
    ("scaled", "completed", "threshold", "passed"),
    [
        (0.7, True, 0.7, True),
        (0.69, True, 0.7, False),
        (None, True, 0.7, False),
        (None, True, 0, True),
        (None, False, 0, False),
        (0.0, True, 0, True),
    ],
)
def test_activity_is_passed(scaled, completed, threshold, passed):
    from h5p.selectors import ActivityResult

    assert activity_is_passed(ActivityResult(1, scaled, completed), threshold) is passed
    assert activity_is_passed(None, threshold) is False


def test_best_results_reads_many_activities_in_one_query(django_assert_num_queries):
    learner = UserFactory()
    activities = [H5PActivityFactory() for _ in range(3)]
    for index, activity in enumerate(activities[:2]):
        H5PResult.objects.create(learner=learner, activity=activity, scaled=index / 2, completed=True, attempts=1)
    with django_assert_num_queries(1):
        results = best_results(learner=learner, activity_ids=[a.pk for a in activities])
    assert set(results) == {activities[0].pk, activities[1].pk}
    assert results[activities[1].pk].scaled == 0.5
