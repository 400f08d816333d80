"""The results of one activity: editors see every learner's attempts, best score and completion in the admin."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from h5p.models import H5PStatement
from h5p.selectors import activity_results, activity_results_summary
from h5p.services import statement_record
from h5p.xapi import VERB_ANSWERED, VERB_COMPLETED, ParsedStatement
from tests.classrooms.factories import pupil_make, school_class_make
from tests.factories import UserFactory
from tests.h5p.factories import H5PActivityFactory

pytestmark = pytest.mark.django_db


def play(learner, activity, raw: float | None, *, completed=True, maximum: float = 10):
    """One attempt as the player sends it: a top-level statement with a result."""
    verb = VERB_COMPLETED if completed else VERB_ANSWERED
    parsed = ParsedStatement(verb, False, raw, None if raw is None else maximum, completed, True)
    statement_record(learner=learner, activity=activity, statement={"verb": {"id": verb}}, parsed=parsed, actor={})


def results_url(activity, **query) -> str:
    url = reverse("h5p_activity_results", args=[activity.pk])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


@pytest.fixture
def activity():
    return H5PActivityFactory(title="Signalen herkennen")


def test_an_editor_sees_attempts_best_score_and_completion_of_each_learner(client, editor, activity):
    anna, bram, cas = (UserFactory(first_name=name, last_name="Jansen") for name in ("Anna", "Bram", "Cas"))
    play(anna, activity, 4, completed=False)
    play(anna, activity, 9)
    play(bram, activity, 5, completed=False)
    play(cas, activity, 7)
    play(cas, activity, 6)
    play(cas, activity, 10)
    client.force_login(editor)

    response = client.get(results_url(activity, ordering="-score"))

    assert response.status_code == HTTPStatus.OK
    rows = [(row.learner, row.attempts, row.score_percent, row.completed) for row in response.context["table"].data]
    assert rows == [("Cas Jansen", 3, 100, True), ("Anna Jansen", 2, 90, True), ("Bram Jansen", 1, 50, False)]
    summary = response.context["summary"]
    assert (summary.started, summary.completed, summary.median_attempts) == (3, 2, 2)
    assert response.context["average_percent"] == 80
    assert "Signalen herkennen" in response.content.decode()


def test_a_pupil_is_shown_by_nickname_never_by_code(client, editor, activity):
    pupil = pupil_make(school_class_make(), "Sterretje")
    play(pupil.user, activity, 8)
    client.force_login(editor)

    page = client.get(results_url(activity)).content.decode()

    assert "Sterretje" in page
    assert pupil.personal_code not in page


@pytest.mark.parametrize("ordering", ["attempts", "-attempts", "score", "completed", "-last_active", "nonsense"])
def test_the_table_sorts_by_its_columns(client, editor, activity, ordering):
    learners = UserFactory.create_batch(3)
    for number, learner in enumerate(learners, start=1):
        for _attempt in range(number):
            play(learner, activity, number, completed=number > 1)
    client.force_login(editor)

    table = client.get(results_url(activity, ordering=ordering)).context["table"]

    attempts = [row.attempts for row in table.data]
    assert attempts == ([3, 2, 1] if ordering in ("-attempts", "-last_active", "nonsense") else [1, 2, 3])


def test_fifty_learners_per_page(client, editor, activity):
    for learner in UserFactory.create_batch(51, verified=False):
        play(learner, activity, 5)
    client.force_login(editor)

    first = client.get(results_url(activity))
    second = client.get(results_url(activity, p=2))

    assert len(first.context["table"].data) == 50
    assert len(second.context["table"].data) == 1
    assert first.context["summary"].started == 51


@pytest.mark.parametrize("learners", [3, 30])
def test_the_page_costs_the_same_queries_for_3_or_30_learners(
    client, editor, activity, learners, django_assert_num_queries
):
    school_class = school_class_make()
    for number in range(learners):
        play(UserFactory(verified=False), activity, number % 10, completed=number % 2 == 0)
        play(pupil_make(school_class, f"P{number}").user, activity, 3)
    client.force_login(editor)
    client.get(results_url(activity))  # warm the session and site caches

    # 7 for Wagtail's admin (user, permissions, profile, locales, page and collection permissions) and 7 for
    # the page: activity, count, rows, names, nicknames, summary, median.
    with django_assert_num_queries(14):
        assert client.get(results_url(activity)).status_code == HTTPStatus.OK


@pytest.mark.parametrize("make_user", [lambda: UserFactory(), lambda: UserFactory(is_staff=True)])
def test_someone_without_the_editor_permission_is_refused(client, activity, make_user):
    client.force_login(make_user())
    response = client.get(results_url(activity))
    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
    assert "table" not in (response.context or {})


def test_an_unknown_activity_is_not_found(client, editor):
    client.force_login(editor)
    assert client.get(reverse("h5p_activity_results", args=[999999])).status_code == HTTPStatus.NOT_FOUND


def test_the_snippet_list_links_to_the_results(client, editor, activity):
    client.force_login(editor)
    page = client.get(reverse("wagtailsnippets_h5p_h5pactivity:list")).content.decode()
    assert reverse("h5p_activity_results", args=[activity.pk]) in page


def test_with_since_only_statements_of_the_cycle_count(activity):
    learner = UserFactory()
    play(learner, activity, 10)
    H5PStatement.objects.update(created_at=timezone.now() - timedelta(days=30))
    play(learner, activity, 3, completed=False)
    since = timezone.now() - timedelta(days=1)

    [ever] = activity_results(activity_id=activity.pk)
    [cycle] = activity_results(activity_id=activity.pk, since=since)

    assert (ever["attempts"], ever["best_scaled"], ever["has_completed"]) == (2, 1.0, True)
    assert (cycle["attempts"], cycle["best_scaled"], cycle["has_completed"]) == (1, 0.3, False)
    summary = activity_results_summary(activity_results(activity_id=activity.pk, since=since))
    assert (summary.started, summary.completed, summary.average_scaled, summary.median_attempts) == (1, 0, 0.3, 1)
