"""Removing a member: a confirmation page first (no JavaScript needed); then their access to the organisation ends
at once, the organisation's view of their progress goes, and their account, progress and certificates stay."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from certificates.models import Certificate
from certificates.services import certificate_issue
from courses.models import Enrollment
from courses.progress import enrollment_complete
from organisations.assignments import assignment_create
from organisations.members import MEMBER_LAST_MANAGER, MEMBER_REMOVE_SELF, member_remove
from organisations.models import FormerMember, Invitation, Membership, PersonAssignment, TeamMembership
from tests.courses.factories import course_with_lessons
from tests.organisations.factories import MembershipFactory, OrganisationFactory, TeamFactory, coordinator_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory()


@pytest.fixture
def coordinator(organisation):
    return coordinator_of(organisation)


@pytest.fixture
def leaver(organisation):
    """Someone in a team with a completed course and its certificate, and an accepted invitation on file."""
    team = TeamFactory(organisation=organisation, name="Wmo-loket")
    member = MembershipFactory(organisation=organisation, user__first_name="Lotte", user__last_name="Vos")
    TeamMembership.objects.create(team=team, membership=member)
    course = course_with_lessons(1, title="Herken de signalen")
    assignment_create(
        organisation=organisation, course=course, due_date=timezone.localdate() + timedelta(days=5), teams=[team]
    )
    enrollment = Enrollment.objects.get(learner=member.user)
    enrollment_complete(enrollment=enrollment)
    certificate_issue(enrollment=enrollment)
    Invitation.objects.create(
        organisation=organisation,
        email=member.user.email,
        expires_at=timezone.now(),
        accepted_at=timezone.now(),
        first_name="Lotte",
    )
    return member


def in_dutch(message) -> str:
    from django.utils import translation

    with translation.override("nl"):
        return str(message)


def remove_url(organisation, membership):
    return reverse("organisations:person_remove", args=[organisation.pk, membership.pk])


def test_the_confirmation_page_says_what_goes_and_what_stays_and_changes_nothing(
    client, organisation, coordinator, leaver
):
    client.force_login(coordinator.user)

    response = client.get(remove_url(organisation, leaver))

    assert response.status_code == HTTPStatus.OK
    assert "Lotte Vos" in response.text and '<form method="post"' in response.text
    assert "12" in response.text  # the retention period
    assert Membership.objects.filter(pk=leaver.pk).exists()


def test_removing_ends_the_link_and_keeps_the_persons_own_learning(client, organisation, coordinator, leaver):
    client.force_login(coordinator.user)
    user = leaver.user

    response = client.post(remove_url(organisation, leaver), follow=True)

    assert response.status_code == HTTPStatus.OK
    assert not Membership.objects.filter(pk=leaver.pk).exists()
    assert not TeamMembership.objects.filter(membership_id=leaver.pk).exists()
    assert not PersonAssignment.objects.filter(membership_id=leaver.pk).exists()
    assert not Invitation.objects.filter(email=user.email).exists()
    user.refresh_from_db()  # the account is theirs
    assert Enrollment.objects.get(learner=user).is_completed
    assert Certificate.objects.filter(learner=user, revoked_at__isnull=True).count() == 1
    people = client.get(reverse("organisations:members", args=[organisation.pk])).text
    assert "Lotte" not in people
    export = b"".join(client.get(reverse("organisations:export", args=[organisation.pk])).streaming_content)
    assert user.email.encode() not in export


def test_the_organisation_keeps_a_frozen_record_for_its_retention_period(client, organisation, coordinator, leaver):
    client.force_login(coordinator.user)
    client.post(remove_url(organisation, leaver))

    record = FormerMember.objects.get()
    assert (record.name, record.teams, record.removed_by) == ("Lotte Vos", "Wmo-loket", coordinator.user)
    assert record.progress[0]["course"] == "Herken de signalen" and record.progress[0]["status"] == "completed"
    page = client.get(reverse("organisations:former_members", args=[organisation.pk])).text
    assert "Lotte Vos" in page and "Herken de signalen" in page


def test_an_organisation_that_keeps_nothing_keeps_no_record(organisation, coordinator, leaver):
    organisation.removed_member_retention_months = 0
    organisation.save()

    assert member_remove(membership=leaver, removed_by=coordinator.user) is None
    assert not FormerMember.objects.exists()


def test_a_removed_coordinator_loses_access_at_once_in_the_same_session(client, organisation, coordinator):
    other = coordinator_of(organisation)
    client.force_login(other.user)
    assert client.get(reverse("organisations:report", args=[organisation.pk])).status_code == HTTPStatus.OK

    member_remove(membership=other, removed_by=coordinator.user)

    assert client.get(reverse("organisations:report", args=[organisation.pk])).status_code == HTTPStatus.NOT_FOUND
    assert client.get(reverse("organisations:members", args=[organisation.pk])).status_code == HTTPStatus.NOT_FOUND


def test_a_removed_member_no_longer_sees_the_organisations_assignments(client, organisation, coordinator, leaver):
    client.force_login(leaver.user)
    assert "Herken de signalen" in client.get(reverse("dashboard")).text

    member_remove(membership=leaver, removed_by=coordinator.user)

    dashboard = client.get(reverse("dashboard")).text
    assert organisation.name not in dashboard


def test_a_coordinator_cannot_remove_themselves_or_the_last_coordinator(client, organisation, coordinator):
    client.force_login(coordinator.user)

    response = client.post(remove_url(organisation, coordinator), follow=True)

    assert Membership.objects.filter(pk=coordinator.pk).exists()
    assert escape(in_dutch(MEMBER_REMOVE_SELF)) in response.text
    with pytest.raises(ValidationError) as refused:
        member_remove(membership=coordinator, removed_by=MembershipFactory(organisation=organisation).user)
    assert refused.value.messages == [str(MEMBER_LAST_MANAGER)]
    assert Membership.objects.filter(pk=coordinator.pk).exists()


def test_removing_is_on_the_audit_trail(client, organisation, coordinator, leaver):
    from wagtail.models import ModelLogEntry

    from organisations import audit

    client.force_login(coordinator.user)
    client.post(remove_url(organisation, leaver))

    entry = ModelLogEntry.objects.get(action=audit.MEMBER_REMOVED)
    assert entry.user == coordinator.user and entry.data["email"] == leaver.user.email


def test_a_get_never_removes(client, organisation, coordinator, leaver):
    client.force_login(coordinator.user)
    client.get(remove_url(organisation, leaver) + "?confirm=1")
    assert Membership.objects.filter(pk=leaver.pk).exists()
