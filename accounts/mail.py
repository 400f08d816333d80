"""One shape for every mail the platform sends: a plain-text part and an HTML part in the platform's identity.

Each mail has one text template (its words); the HTML part is that text laid out in ``email/layout.html``
(the name, a coloured header, no external images), so the two parts can never say different things. Links are
absolute from ``WAGTAILADMIN_BASE_URL``, the site's configured address: mails are mostly sent from background
tasks, where no request says which host the reader uses.
"""

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def site_url() -> str:
    """The configured base URL without a trailing slash, e.g. ``https://signaal.example``."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def site_link(url: str, request=None) -> str:
    """``url`` (a path, or a URL on any host) on the configured base URL. In development (``DEBUG``) a request's
    own host wins, so a server run on another port still sends links that work."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
    if settings.DEBUG and request is not None:
        return request.build_absolute_uri(path)
    return site_url() + path


def mail_html(*, subject: str, text: str) -> str:
    """The HTML part for ``text``: paragraphs kept, URLs made into links, in the platform's layout."""
    context = {
        "subject": subject,
        "text": text,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": site_url(),
        "language": translation.get_language() or settings.LANGUAGE_CODE,
    }
    return render_to_string("email/layout.html", context)


def mail_build(
    *, subject: str, text: str, to: list[str], attachments: Iterable[tuple[str, bytes, str]] = ()
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(subject=subject, body=text, to=to)
    message.attach_alternative(mail_html(subject=subject, text=text), "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def mail_send(*, subject: str, text: str, to: list[str], attachments: Iterable[tuple[str, bytes, str]] = ()) -> None:
    """Send at once; a mail server that fails raises (the callers record the failure and try again later)."""
    mail_build(subject=subject, text=text, to=to, attachments=attachments).send()
