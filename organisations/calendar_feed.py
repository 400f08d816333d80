"""A learner's personal calendar feed: their due dates as an ICS URL with a secret token, revocable."""

import secrets

from django.db import transaction
from django.urls import reverse

from accounts.mail import site_url
from organisations.assignment_mail import due_event
from organisations.ics import calendar
from organisations.models import CalendarFeed, PersonAssignment
from organisations.services import token_hash


@transaction.atomic
def calendar_feed_create(*, user) -> str:
    """A new secret URL for ``user``'s due dates; the previous one stops working. The token is shown once."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": token_hash(token)})
    return site_url() + reverse("organisations:calendar_feed", args=[token])


def calendar_feed_revoke(*, user) -> None:
    CalendarFeed.objects.filter(user=user).delete()


def calendar_feed_ics(*, token: str) -> bytes | None:
    """The feed for this token (every assignment of its owner, open or done), or None for an unknown token.
    Two queries, however many assignments."""
    feed = CalendarFeed.objects.filter(token_hash=token_hash(token)).select_related("user").first()
    if feed is None:
        return None
    people = PersonAssignment.objects.filter(
        membership__user_id=feed.user_id, assignment__course__live=True
    ).select_related("assignment__course")
    return calendar([due_event(person) for person in people.order_by("assignment__due_date")], name="Signaal")
