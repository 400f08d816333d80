"""How long an organisation keeps the record of a removed member (``FormerMember``): its own number of months
(``Organisation.removed_member_retention_months``, default 12), then a daily task deletes it."""

import datetime

from django.db import transaction
from django.utils import timezone

from organisations import audit
from organisations.models import FormerMember, Organisation


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """``moment`` minus whole calendar months; the 31st of a shorter month becomes its last day."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


@transaction.atomic
def organisation_retention_set(*, organisation: Organisation, months: int, user) -> None:
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)  # a bound form changed the instance
    old = locked.removed_member_retention_months
    if old == months:
        return
    locked.removed_member_retention_months = months
    locked.save(update_fields=["removed_member_retention_months"])
    audit.organisation_log(
        instance=organisation,
        action=audit.RETENTION_CHANGED,
        user=user,
        organisation_id=organisation.pk,
        old=old,
        new=months,
    )


@transaction.atomic
def former_members_delete_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete every record older than its organisation's retention period. One query per organisation that has
    records (a handful); the deletion is on each organisation's audit trail as a count, never with names."""
    now = now or timezone.now()
    deleted_total = 0
    organisation_ids = FormerMember.objects.values_list("organisation_id", flat=True).distinct()
    for organisation in Organisation.objects.filter(pk__in=organisation_ids):
        cutoff = months_before(now, organisation.removed_member_retention_months)
        deleted, _per_model = FormerMember.objects.filter(organisation=organisation, removed_at__lte=cutoff).delete()
        if deleted:
            deleted_total += deleted
            audit.organisation_log(
                instance=organisation,
                action=audit.FORMER_MEMBERS_DELETED,
                user=None,
                organisation_id=organisation.pk,
                count=deleted,
            )
    return deleted_total
