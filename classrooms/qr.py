"""The join link and its QR code (inline SVG: no image request, nothing from a third party)."""

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe

from classrooms.models import SchoolClass


def join_url(school_class: SchoolClass) -> str:
    path = reverse("classrooms:join_with_code", kwargs={"code": school_class.join_code})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def join_qr_svg(school_class: SchoolClass) -> str:
    code = segno.make(join_url(school_class), error="m")
    # segno writes only the modules' path: the URL is ours and the output is well-formed SVG.
    return mark_safe(code.svg_inline(scale=6, dark="#000", light="#fff", omitsize=True))  # noqa: S308
