"""Pages are routed from the cache while the page tree is unchanged, and every change to the tree shows at once."""

import json
import re
from contextlib import contextmanager
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction, Site

from courses.models import CourseIndexPage, CoursePage, Enrollment, LessonActivity, LessonPage, LessonProgress
from courses.selectors import lesson_activities
from elearning.models import HomePage
from pagecache.routing import ROUTE_SECONDS, TREE_VERSION_KEY, _route_key, tree_changed, tree_version
from tests.courses.factories import course_with_lessons, lesson_add, text_body
from tests.factories import UserFactory
from tests.quizzes.factories import QuizFactory

pytestmark = pytest.mark.django_db

ROUTING_TABLES = ["wagtailcore_page", "wagtailcore_site", "wagtailcore_pageviewrestriction"]


@pytest.fixture
def course():
    return course_with_lessons(3)


@pytest.fixture
def learner_client(client, course):
    """A client logged in as a learner enrolled in the course."""
    learner = UserFactory()
    client.force_login(learner)
    client.post(reverse("courses:enroll", args=[course.pk]))
    client.learner = learner
    return client


def _lessons(course) -> list[LessonPage]:
    return list(LessonPage.objects.child_of(course).order_by("path"))


def _tables_queried(queries) -> set[str]:
    """The routing tables named in the captured SQL; quoted, so that a table is not found inside a longer name."""
    sql = " ".join(query["sql"] for query in queries)
    return {table for table in ROUTING_TABLES if f'"{table}"' in sql}


def _without_csrf_tokens(html: str) -> str:
    """Django masks the CSRF token afresh for every response, and every response has a CSP nonce of its own."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', html)
    return re.sub(r'nonce="[^"]*"', "nonce", html)


def _route_cache_key(url: str) -> str:
    return _route_key(RequestFactory().get(url), url.lstrip("/"))


@contextmanager
def _tree_version_held():
    """Changes made inside leave the tree version as it was, so a route cached before would still be current."""
    version = tree_version()
    yield
    cache.set(TREE_VERSION_KEY, version, timeout=None)


def _quiz_body(quiz) -> str:
    return json.dumps([{"type": "quiz", "value": {"quiz": quiz.pk, "is_required": True}}])


def _activity_keys(lesson) -> list[tuple[str, int]]:
    return [(activity.kind, activity.activity_id) for activity in lesson_activities(lesson=lesson)]


def _publish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


# Served from the cache


@pytest.mark.parametrize("page", ["home", "reporting routes", "course", "lesson"])
def test_a_page_served_again_asks_the_database_nothing_about_its_route(learner_client, course, page):
    url = {
        "home": "/",
        "reporting routes": "/waar-meld-ik/",
        "course": course.url,
        "lesson": _lessons(course)[-1].url,
    }[page]
    with CaptureQueriesContext(connection) as first_queries:
        first = learner_client.get(url)
    with CaptureQueriesContext(connection) as second_queries:
        second = learner_client.get(url)

    assert first.status_code == second.status_code == HTTPStatus.OK
    assert _tables_queried(first_queries) == set(ROUTING_TABLES)
    assert _tables_queried(second_queries) == set()
    assert _without_csrf_tokens(second.content.decode()) == _without_csrf_tokens(first.content.decode())


def test_a_cached_route_holds_the_page_and_its_parent_but_not_the_tree_above_nor_the_sites_root(learner_client, course):
    lesson = _lessons(course)[-1]
    learner_client.get(lesson.url)

    route = cache.get(_route_cache_key(lesson.url))

    assert route.page.pk == lesson.pk and route.page._cached_parent_obj.pk == course.pk
    assert "_cached_parent_obj" not in route.page._cached_parent_obj.__dict__  # unpickled on every request
    assert "root_page" not in route.site._state.fields_cache


# Every change to the tree shows at once


def test_a_newly_published_title_shows_at_once_on_a_cached_route(client, course):
    client.get(course.url)

    _publish(course, title="Signalen van uitbuiting herkennen")
    html = client.get(course.url).content.decode()

    assert "Signalen van uitbuiting herkennen" in html
    assert "Herken de signalen" not in html


def test_an_unpublished_page_is_gone_at_once(client, course):
    client.get(course.url)

    course.unpublish()

    assert client.get(course.url).status_code == HTTPStatus.NOT_FOUND


def test_a_deleted_page_is_gone_at_once(client, course):
    client.get(course.url)

    CoursePage.objects.get(pk=course.pk).delete()

    assert client.get(course.url).status_code == HTTPStatus.NOT_FOUND


def test_a_moved_page_leaves_its_old_url_for_its_new_one(client, course):
    archive = HomePage.objects.get().add_child(instance=CourseIndexPage(title="Archief", slug="archief"))
    old_url = course.url
    client.get(old_url)

    course.move(archive, pos="last-child")
    new_url = CoursePage.objects.get(pk=course.pk).url

    assert new_url == "/archief/herken-de-signalen/"
    # Wagtail keeps a redirect for a moved page; its middleware answers only where the page routing gave 404.
    moved = client.get(old_url)
    assert moved.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert moved["Location"] == new_url
    assert client.get(new_url).status_code == HTTPStatus.OK


def test_a_published_new_slug_moves_the_page_to_its_new_url(client, course):
    old_url = course.url
    client.get(old_url)

    _publish(course, slug="signalen")

    assert client.get(old_url).status_code == HTTPStatus.NOT_FOUND
    assert client.get("/cursussen/signalen/").status_code == HTTPStatus.OK


def test_unpublishing_a_course_closes_its_cached_lessons(learner_client, course):
    lesson_url = _lessons(course)[0].url
    assert learner_client.get(lesson_url).status_code == HTTPStatus.OK

    course.unpublish()

    assert learner_client.get(lesson_url).status_code == HTTPStatus.NOT_FOUND


# View restrictions


def test_a_login_restriction_added_above_a_cached_page_sends_visitors_to_log_in(client, course):
    client.get(course.url)

    PageViewRestriction.objects.create(page=course.get_parent(), restriction_type=PageViewRestriction.LOGIN)
    first = client.get(course.url)
    second = client.get(course.url)

    assert first.status_code == second.status_code == HTTPStatus.FOUND
    assert first["Location"] == second["Location"] == f"{reverse('account_login')}?next={course.url}"


def test_a_login_restriction_lets_a_logged_in_learner_through(learner_client, course):
    PageViewRestriction.objects.create(page=course.get_parent(), restriction_type=PageViewRestriction.LOGIN)
    learner_client.get(course.url)

    assert learner_client.get(course.url).status_code == HTTPStatus.OK


def test_removing_the_login_restriction_serves_the_page_again(client, course):
    restriction = PageViewRestriction.objects.create(
        page=course.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(course.url).status_code == HTTPStatus.FOUND

    restriction.delete()

    assert client.get(course.url).status_code == HTTPStatus.OK


def test_changing_the_groups_of_a_restriction_changes_the_tree(course):
    restriction = PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.GROUPS)
    before = tree_version()

    restriction.groups.add(Group.objects.create(name="Docenten"))

    assert tree_version() != before


# Sites


def test_a_site_given_another_root_page_serves_it_at_once(client, course):
    catalogue = course.get_parent()
    assert client.get("/").context["page"].pk == HomePage.objects.get().pk

    site = Site.objects.get(is_default_site=True)
    site.root_page = catalogue
    site.save()

    assert client.get("/").context["page"].pk == catalogue.pk
    assert client.get("/herken-de-signalen/").status_code == HTTPStatus.OK


def test_a_site_moved_to_another_hostname_no_longer_answers_for_the_old_one(client, course):
    catalogue = course.get_parent()
    site = Site.objects.create(hostname="docenten.example", port=80, root_page=catalogue)
    assert client.get("/", headers={"host": "docenten.example"}).context["page"].pk == catalogue.pk

    site.hostname = "leraren.example"
    site.save()

    assert client.get("/", headers={"host": "docenten.example"}).context["page"].pk == HomePage.objects.get().pk
    assert client.get("/", headers={"host": "leraren.example"}).context["page"].pk == catalogue.pk


def test_two_sites_on_one_hostname_told_apart_by_port_keep_their_own_pages(client, course):
    """Wagtail picks the site by hostname and port: http and https on one hostname can be two sites."""
    catalogue = course.get_parent()
    default = Site.objects.get(is_default_site=True)
    default.hostname, default.port = "testserver", 80
    default.save()
    Site.objects.create(hostname="testserver", port=443, root_page=catalogue)
    assert client.get("/", secure=True).context["page"].pk == catalogue.pk

    assert client.get("/").context["page"].pk == HomePage.objects.get().pk


# The tree version


def test_an_evicted_tree_version_disowns_every_route_cached_before(client, course):
    client.get(course.url)
    key = _route_cache_key(course.url)
    route = cache.get(key)
    route.page.title = "Een vervalste titel"
    cache.set(key, route, ROUTE_SECONDS)
    assert "Een vervalste titel" in client.get(course.url).content.decode()  # the cached route is what is served

    cache.delete(TREE_VERSION_KEY)
    html = client.get(course.url).content.decode()

    assert "Een vervalste titel" not in html
    assert "Herken de signalen" in html


def test_an_evicted_tree_version_restarts_at_a_number_no_version_before_had():
    seen = [tree_version()]
    for _ in range(5):
        tree_changed()
        seen.append(tree_version())

    cache.delete(TREE_VERSION_KEY)

    assert tree_version() not in seen
    assert len(set(seen)) == len(seen)


def test_a_url_that_gave_404_serves_the_page_published_there_later(client):
    assert client.get("/cursussen/herken-de-signalen/").status_code == HTTPStatus.NOT_FOUND

    with _tree_version_held():
        course_with_lessons(1)

    assert client.get("/cursussen/herken-de-signalen/").status_code == HTTPStatus.OK


# Courses


def test_a_lesson_published_after_the_course_was_cached_joins_its_lesson_list(client, course):
    draft = course.add_child(instance=LessonPage(title="Slotopdracht", body=text_body(), live=False))
    assert "Slotopdracht" not in client.get(course.url).content.decode()

    draft.save_revision().publish()

    assert "Slotopdracht" in client.get(course.url).content.decode()


def test_a_lesson_published_later_is_next_in_the_navigation_of_a_cached_lesson(learner_client, course):
    last = _lessons(course)[-1]
    html = learner_client.get(last.url).content.decode()
    assert "Les 3 van 3" in html and 'rel="next"' not in html

    added = lesson_add(course, title="Slotopdracht")
    html = learner_client.get(last.url).content.decode()

    assert "Les 3 van 4" in html
    assert f'<a rel="next" href="{added.url}">Slotopdracht →</a>' in html


def test_publishing_a_quiz_into_a_lesson_adds_it_to_the_lesson_activities(learner_client, course):
    lesson = _lessons(course)[0]
    quiz = QuizFactory(title="Toets over signalen")
    learner_client.get(lesson.url)
    assert _activity_keys(lesson) == []

    _publish(lesson, body=_quiz_body(quiz))

    assert _activity_keys(lesson) == [(LessonActivity.Kind.QUIZ, quiz.pk)]
    assert "Toets over signalen" in learner_client.get(lesson.url).content.decode()


def test_publishing_a_lesson_without_its_quiz_removes_it_from_the_lesson_activities(learner_client, course):
    quiz = QuizFactory(title="Toets over signalen")
    lesson = lesson_add(course, title="Toets", body=_quiz_body(quiz))
    learner_client.get(lesson.url)
    assert _activity_keys(lesson) == [(LessonActivity.Kind.QUIZ, quiz.pk)]

    _publish(lesson, body=text_body())

    assert _activity_keys(lesson) == []
    assert "Toets over signalen" not in learner_client.get(lesson.url).content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_request_during_a_publication_does_not_keep_the_old_activities(monkeypatch):
    """Wagtail's admin publishes outside a transaction and requests are not atomic: this test commits as it does.

    A request that reads the lesson's activities while the old ones are deleted and the new ones not yet
    written must not leave that empty list cached under the version that follows the publication.
    """
    course = course_with_lessons(0)
    lesson = lesson_add(course, title="Toets")
    quiz = QuizFactory()
    write = LessonActivity.objects.bulk_create

    def write_after_a_reader(activities, *args, **kwargs):
        lesson_activities(lesson=lesson)  # a request reading between the deletion and the writing
        return write(activities, *args, **kwargs)

    monkeypatch.setattr(LessonActivity.objects, "bulk_create", write_after_a_reader)
    _publish(lesson, body=_quiz_body(quiz))

    assert _activity_keys(lesson) == [(LessonActivity.Kind.QUIZ, quiz.pk)]


def test_opening_a_cached_lesson_is_remembered_once(learner_client, course):
    lesson = _lessons(course)[1]

    learner_client.get(lesson.url)
    learner_client.get(lesson.url)

    enrollment = Enrollment.objects.get(learner=learner_client.learner)
    assert LessonProgress.objects.filter(enrollment=enrollment, lesson=lesson).count() == 1
    assert enrollment.last_lesson_id == lesson.pk
    assert learner_client.get(reverse("courses:resume", args=[course.pk]))["Location"] == lesson.url
