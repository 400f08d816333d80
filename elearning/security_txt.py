"""/.well-known/security.txt (RFC 9116): how to report a vulnerability, from the settings."""

from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.http import HttpResponse
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET

DEFAULT_VALIDITY = timedelta(days=180)  # the RFC asks for less than a year


def _expires() -> datetime:
    configured = settings.SECURITY_TXT_EXPIRES
    if configured:
        expires = parse_datetime(configured)
        if expires is None:
            raise ValueError(f"SECURITY_TXT_EXPIRES is not an ISO 8601 date-time: {configured!r}")
        return expires if expires.tzinfo else expires.replace(tzinfo=UTC)
    return datetime.combine(datetime.now(UTC).date() + DEFAULT_VALIDITY, time.min, tzinfo=UTC)


def _contact(value: str) -> str:
    return value if ":" in value else f"mailto:{value}"


@require_GET
def security_txt(request):
    canonical = f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/.well-known/security.txt"
    lines = [f"Contact: {_contact(contact)}" for contact in settings.SECURITY_CONTACT]
    lines += [
        f"Expires: {_expires().astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: nl, en",
        f"Canonical: {canonical}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
