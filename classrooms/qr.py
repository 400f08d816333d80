"""The join link and its QR code (inline SVG: no image request, nothing from a third party)."""

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe

from classrooms.models import SchoolClass


def join_url(school_class: SchoolClass) -> str:
    path = reverse("classrooms:join_with_code", kwargs={"code": school_class.join_code})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def site_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def come_back_url() -> str:
    """Where a pupil comes back with their personal code. The code itself never goes into a link or a QR code:
    a link is kept in browser history and server logs, and the code is the pupil's only key."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("classrooms:code_login")


def _svg(url: str) -> str:
    code = segno.make(url, error="m")
    # segno writes only the modules' path: the URL is ours and the output is well-formed SVG.
    return mark_safe(code.svg_inline(scale=6, dark="#000", light="#fff", omitsize=True))  # noqa: S308


def join_qr_svg(school_class: SchoolClass) -> str:
    return _svg(join_url(school_class))


def come_back_qr_svg() -> str:
    return _svg(come_back_url())
