"""Retention: an organisation sees a removed member's record for its own number of months (default 12), then the
daily task deletes it."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from wagtail.models import ModelLogEntry

from organisations import audit
from organisations.members import member_remove
from organisations.models import FormerMember, Organisation
from organisations.retention import months_before
from organisations.tasks import former_members_delete_expired_task
from tests.organisations.factories import MembershipFactory, OrganisationFactory, coordinator_of

pytestmark = pytest.mark.django_db


def removed(organisation, *, months_ago: int, days: int = 0) -> FormerMember:
    record = member_remove(
        membership=MembershipFactory(organisation=organisation), removed_by=coordinator_of(organisation).user
    )
    FormerMember.objects.filter(pk=record.pk).update(
        removed_at=months_before(timezone.now(), months_ago) - datetime.timedelta(days=days)
    )
    return record


def test_the_default_is_twelve_months():
    assert Organisation().removed_member_retention_months == 12


def test_records_older_than_the_period_are_deleted_and_younger_ones_kept():
    organisation = OrganisationFactory()
    old = removed(organisation, months_ago=12, days=1)
    young = removed(organisation, months_ago=11)

    assert former_members_delete_expired_task.delay().get() == 1

    assert not FormerMember.objects.filter(pk=old.pk).exists()
    assert FormerMember.objects.filter(pk=young.pk).exists()
    entry = ModelLogEntry.objects.get(action=audit.FORMER_MEMBERS_DELETED)
    assert entry.data == {"organisation": organisation.pk, "count": 1}


def test_each_organisation_has_its_own_period():
    short = OrganisationFactory(removed_member_retention_months=1)
    long = OrganisationFactory(removed_member_retention_months=24)
    in_short = removed(short, months_ago=2)
    in_long = removed(long, months_ago=13)

    former_members_delete_expired_task.delay().get()

    assert not FormerMember.objects.filter(pk=in_short.pk).exists()
    assert FormerMember.objects.filter(pk=in_long.pk).exists()


def test_a_shorter_period_set_later_applies_to_records_already_kept():
    organisation = OrganisationFactory()
    record = removed(organisation, months_ago=4)
    organisation.removed_member_retention_months = 3
    organisation.save()

    former_members_delete_expired_task.delay().get()

    assert not FormerMember.objects.filter(pk=record.pk).exists()


def test_running_twice_deletes_nothing_more():
    organisation = OrganisationFactory()
    removed(organisation, months_ago=13)
    assert former_members_delete_expired_task.delay().get() == 1
    assert former_members_delete_expired_task.delay().get() == 0


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime.datetime(2026, 3, 31, 12), 1, datetime.datetime(2026, 2, 28, 12)),
        (datetime.datetime(2026, 1, 15), 12, datetime.datetime(2025, 1, 15)),
        (datetime.datetime(2026, 1, 15), 13, datetime.datetime(2024, 12, 15)),
        (datetime.datetime(2024, 3, 30), 1, datetime.datetime(2024, 2, 29)),
        (datetime.datetime(2026, 5, 1), 0, datetime.datetime(2026, 5, 1)),
    ],
)
def test_months_are_calendar_months(moment, months, expected):
    assert months_before(moment, months) == expected


def test_the_task_runs_daily_in_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["organisations-former-members-delete"]
    assert entry["task"] == "organisations.tasks.former_members_delete_expired_task"


def test_a_coordinator_sets_the_period_on_the_removed_members_page(client):
    from http import HTTPStatus

    from django.urls import reverse

    organisation = OrganisationFactory()
    client.force_login(coordinator_of(organisation).user)
    url = reverse("organisations:former_members", args=[organisation.pk])

    assert client.post(url, {"removed_member_retention_months": "6"}).status_code == HTTPStatus.FOUND
    organisation.refresh_from_db()
    assert organisation.removed_member_retention_months == 6
    assert ModelLogEntry.objects.get(action=audit.RETENTION_CHANGED).data["new"] == 6


@pytest.mark.parametrize("months", ["-1", "121", "twaalf", ""])
def test_a_period_out_of_range_is_refused_and_nothing_changes(client, months):
    from http import HTTPStatus

    from django.urls import reverse

    organisation = OrganisationFactory()
    client.force_login(coordinator_of(organisation).user)

    response = client.post(
        reverse("organisations:former_members", args=[organisation.pk]), {"removed_member_retention_months": months}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    organisation.refresh_from_db()
    assert organisation.removed_member_retention_months == 12
