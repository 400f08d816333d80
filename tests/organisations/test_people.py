"""The coordinator's people pages: search, filter, sort and pages; one person; roles and teams; constant queries."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from courses.models import Enrollment
from courses.progress import enrollment_complete
from organisations.assignments import assignment_create
from organisations.members import MEMBER_ROLE_SELF
from organisations.models import Assignment, Membership, TeamMembership
from tests.courses.factories import course_with_lessons
from tests.organisations.factories import (
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    coordinator_of,
    members_in_bulk,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Gemeente Zaanstad")


@pytest.fixture
def coordinator(organisation):
    return coordinator_of(organisation)


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator.user)
    return client


@pytest.fixture
def people(organisation):
    """Anna (Wmo, course done), Bram (Handhaving, overdue) and Cor (no team, nothing assigned)."""
    wmo = TeamFactory(organisation=organisation, name="Wmo-loket")
    handhaving = TeamFactory(organisation=organisation, name="Handhaving")
    anna = MembershipFactory(organisation=organisation, user__first_name="Anna", user__last_name="Jansen")
    bram = MembershipFactory(organisation=organisation, user__first_name="Bram", user__last_name="Bakker")
    cor = MembershipFactory(organisation=organisation, user__first_name="Cor", user__last_name="Visser")
    TeamMembership.objects.create(team=wmo, membership=anna)
    TeamMembership.objects.create(team=handhaving, membership=bram)
    course = course_with_lessons(1, title="Herken de signalen")
    soon = timezone.localdate() + timedelta(days=3)
    assignment_create(organisation=organisation, course=course, due_date=soon, teams=[wmo, handhaving])
    Assignment.objects.filter(team=handhaving).update(due_date=timezone.localdate() - timedelta(days=1))
    enrollment_complete(enrollment=Enrollment.objects.get(learner=anna.user))
    return {"anna": anna, "bram": bram, "cor": cor, "wmo": wmo, "handhaving": handhaving, "course": course}


def in_dutch(message) -> str:
    with translation.override("nl"):
        return escape(str(message))


def names(response) -> list[str]:
    return [m.user.first_name for m in response.context["people"].object_list if m.role == Membership.Role.MEMBER]


def members_url(organisation, **query):
    from urllib.parse import urlencode

    return reverse("organisations:members", args=[organisation.pk]) + ("?" + urlencode(query) if query else "")


def test_the_list_shows_everyone_sorted_by_name(coordinator_client, organisation, people):
    response = coordinator_client.get(members_url(organisation))

    assert response.status_code == HTTPStatus.OK
    assert names(response) == ["Bram", "Anna", "Cor"]  # Bakker, Jansen, Visser
    assert "1/1" in response.text and "Wmo-loket" in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "jans"}, ["Anna"]),
        ({"q": "bram bakker"}, ["Bram"]),
        ({"q": "nobody-here"}, []),
        ({"role": "member", "status": "done"}, ["Anna"]),
        ({"status": "open"}, ["Bram"]),
        ({"status": "none", "role": "member"}, ["Cor"]),
        ({"overdue": "on"}, ["Bram"]),
        ({"sort": "-name", "role": "member"}, ["Cor", "Anna", "Bram"]),
        ({"sort": "-progress", "role": "member"}, ["Anna", "Bram", "Cor"]),
    ],
)
def test_search_filters_and_sorting(coordinator_client, organisation, people, query, expected):
    assert names(coordinator_client.get(members_url(organisation, **query))) == expected


def test_filter_by_team(coordinator_client, organisation, people):
    response = coordinator_client.get(members_url(organisation, team=people["handhaving"].pk))

    assert names(response) == ["Bram"]


def test_a_tampered_filter_is_ignored_not_an_error(coordinator_client, organisation, people):
    foreign_team = TeamFactory()

    response = coordinator_client.get(members_url(organisation, team=foreign_team.pk, role="king", sort="x"))

    assert response.status_code == HTTPStatus.OK
    assert sorted(names(response)) == ["Anna", "Bram", "Cor"]


def test_the_list_is_paginated_and_keeps_the_filters(coordinator_client, organisation):
    members_in_bulk(organisation, 120)

    first = coordinator_client.get(members_url(organisation, q="voornaam"))
    third = coordinator_client.get(members_url(organisation, q="voornaam", page=3))

    assert len(first.context["people"].object_list) == 50
    assert "q=voornaam&amp;page=2" in first.text
    assert len(third.context["people"].object_list) == 20


def test_the_person_page_shows_assignments_progress_and_certificates(coordinator_client, organisation, people):
    from certificates.services import certificate_issue

    enrollment = Enrollment.objects.get(learner=people["anna"].user)
    certificate_issue(enrollment=enrollment)
    url = reverse("organisations:person", args=[organisation.pk, people["anna"].pk])

    response = coordinator_client.get(url)

    assert response.status_code == HTTPStatus.OK
    assert "Herken de signalen" in response.text and "Wmo-loket" in response.text
    assert 'aria-valuenow="100"' in response.text
    assert response.context["certificates"] and response.context["last_activity"] is not None


def test_changing_a_role_is_logged_and_a_coordinator_cannot_demote_themselves(
    coordinator_client, organisation, coordinator, people
):
    url = reverse("organisations:person_role", args=[organisation.pk, people["cor"].pk])
    coordinator_client.post(url, {"role": "coordinator"})
    people["cor"].refresh_from_db()
    assert people["cor"].role == Membership.Role.COORDINATOR

    own = reverse("organisations:person_role", args=[organisation.pk, coordinator.pk])
    response = coordinator_client.post(own, {"role": "member"}, follow=True)
    coordinator.refresh_from_db()
    assert coordinator.role == Membership.Role.COORDINATOR
    assert in_dutch(MEMBER_ROLE_SELF) in response.text


def test_an_unknown_role_changes_nothing(coordinator_client, organisation, people):
    url = reverse("organisations:person_role", args=[organisation.pk, people["cor"].pk])
    coordinator_client.post(url, {"role": "superuser"})
    people["cor"].refresh_from_db()
    assert people["cor"].role == Membership.Role.MEMBER


def test_moving_someone_to_another_team_hands_over_its_assignments(coordinator_client, organisation, people):
    url = reverse("organisations:person_teams", args=[organisation.pk, people["cor"].pk])

    coordinator_client.post(url, {"teams": [people["wmo"].pk]})

    assert list(people["cor"].teams.all()) == [people["wmo"]]
    assert Enrollment.objects.filter(learner=people["cor"].user, course=people["course"]).exists()
    coordinator_client.post(url, {"teams": [people["handhaving"].pk]})
    assert list(people["cor"].teams.all()) == [people["handhaving"]]


def test_moving_someone_into_a_team_of_another_organisation_is_refused(coordinator_client, organisation, people):
    foreign = TeamFactory()
    url = reverse("organisations:person_teams", args=[organisation.pk, people["anna"].pk])

    coordinator_client.post(url, {"teams": [foreign.pk]})

    assert list(people["anna"].teams.all()) == [people["wmo"]]


def _assign_everyone(organisation, course):
    team = TeamFactory(organisation=organisation, name="Allen")
    TeamMembership.objects.bulk_create(
        [TeamMembership(team=team, membership=m) for m in Membership.objects.filter(organisation=organisation)],
        ignore_conflicts=True,
    )
    assignment_create(
        organisation=organisation, course=course, due_date=timezone.localdate() + timedelta(days=3), teams=[team]
    )


@pytest.mark.parametrize("query", [{}, {"q": "voornaam1", "overdue": "on", "sort": "-activity"}, {"page": "3"}])
def test_the_member_list_costs_the_same_queries_at_10_000_members(
    coordinator_client, organisation, people, django_assert_max_num_queries, query
):
    url = members_url(organisation, **query)
    coordinator_client.get(url)
    with django_assert_max_num_queries(30) as small:
        coordinator_client.get(url)
    small_count = len(small)  # now: Django's query log is a bounded deque that the bulk inserts below roll over

    members_in_bulk(organisation, 10_000)
    _assign_everyone(organisation, people["course"])

    with django_assert_max_num_queries(small_count):
        response = coordinator_client.get(url)
    assert response.status_code == HTTPStatus.OK


def test_the_person_page_costs_the_same_queries_with_many_assignments(
    coordinator_client, organisation, people, django_assert_max_num_queries
):
    url = reverse("organisations:person", args=[organisation.pk, people["anna"].pk])
    coordinator_client.get(url)
    with django_assert_max_num_queries(30) as small:
        coordinator_client.get(url)
    small_count = len(small)  # now: Django's query log is a bounded deque that the bulk inserts below roll over

    members_in_bulk(organisation, 10_000)
    for index in range(5):
        course = course_with_lessons(1, title=f"Cursus {index}")
        _assign_everyone(organisation, course) if index == 0 else assignment_create(
            organisation=organisation,
            course=course,
            due_date=timezone.localdate() + timedelta(days=3),
            teams=[people["wmo"]],
        )
    coordinator_client.get(url)  # new course pages: the site's page cache is filled again once

    with django_assert_max_num_queries(small_count):
        coordinator_client.get(url)


def test_pending_invitations_are_listed_with_expiry_and_can_be_revoked(
    coordinator_client, organisation, client, mailoutbox, django_capture_on_commit_callbacks
):
    import re

    from organisations.models import Invitation
    from organisations.services import invitation_create

    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(organisation=organisation, email="open@example.org")
    link = re.search(r"/organisatie/uitnodiging/\S+/", mailoutbox[0].body).group(0)

    page = coordinator_client.get(members_url(organisation)).text
    assert "open@example.org" in page and invitation.expires_at.strftime("%Y") in page
    revoke = reverse("organisations:invitation_revoke", args=[organisation.pk, invitation.pk])
    assert coordinator_client.get(revoke).status_code == HTTPStatus.METHOD_NOT_ALLOWED  # a GET never revokes
    response = coordinator_client.post(revoke, follow=True)

    assert response.status_code == HTTPStatus.OK
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    coordinator_client.logout()
    assert client.get(link).status_code == HTTPStatus.NOT_FOUND  # the link stopped working


def test_an_accepted_invitation_cannot_be_revoked(coordinator_client, organisation):
    from organisations.models import Invitation

    accepted = Invitation.objects.create(
        organisation=organisation, email="a@example.org", expires_at=timezone.now(), accepted_at=timezone.now()
    )
    revoke = reverse("organisations:invitation_revoke", args=[organisation.pk, accepted.pk])

    assert coordinator_client.post(revoke).status_code == HTTPStatus.NOT_FOUND
    assert Invitation.objects.filter(pk=accepted.pk).exists()
