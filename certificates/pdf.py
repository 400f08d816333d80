"""The certificate as a PDF: an HTML template rendered by WeasyPrint, with a QR code to the verification page.

WeasyPrint may fetch only the platform's own static files (the stylesheet) and the QR image this module made
for the render: `StaticFilesOnlyFetcher` refuses every other URL, so nothing in a learner's name or a course
title can make the renderer call out to the network or read local files. Template variables are
auto-escaped like any Django template.

The QR code is a PNG (segno, 8 px per module, drawn without smoothing) rather than inline SVG: WeasyPrint
parses an SVG path of a few hundred segments in Python, which made it a third of the render time, and a
scanner reads both the same. The font configuration is kept per thread, since loading it is the other big
fixed cost of a render, and so is the certificate's stylesheet, parsed once (with that font configuration)
instead of on every render: the template's ``<link>`` is taken out of the HTML and the parsed sheet passed in.
Its QR code uses a fixed mask pattern (any of the eight is valid; choosing the best one scored all eight, a
fifth of a render).
"""

import hashlib
import io
import logging
import mimetypes
import re
import threading
from urllib.parse import unquote, urljoin, urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from certificates.models import Certificate

logger = logging.getLogger(__name__)

TEMPLATE = "certificates/pdf.html"
QR_PATH = "certificate-render/qr.png"  # not a real URL: served from memory by the fetcher of one render
QR_MASK = 2  # a fixed mask pattern: every mask is valid, scoring all eight for the best cost ~8 ms a render
_STYLESHEET_LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)">')
_local = threading.local()


class URLRefused(ValueError):
    pass


def _base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"


def verification_url(certificate: Certificate) -> str:
    """Absolute, because it is printed and scanned far away from any request."""
    return urljoin(_base_url(), reverse("certificates:verify_code", args=[certificate.code]).lstrip("/"))


class StaticFilesOnlyFetcher(URLFetcher):
    """Serves URLs under the platform's STATIC_URL from the static files; refuses everything else."""

    def __init__(self, resources: dict[str, bytes] | None = None):
        super().__init__(allowed_protocols=["http", "https"], allow_redirects=False)
        self.static_prefix = urljoin(_base_url(), settings.STATIC_URL.lstrip("/"))
        self.resources = resources or {}  # absolute URL → bytes made for this render (the QR image)
        self.fetched: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        clean = url.split("#")[0].split("?")[0]
        if clean in self.resources:
            content = self.resources[clean]
        elif clean.startswith(self.static_prefix):
            content = self._static_file(clean)
        else:
            content = None
        if content is None:
            self.refused.append(url)
            logger.warning("certificate PDF: refused to fetch %r", url[:200])
            raise URLRefused(f"not a static file of the platform: {url[:200]}")
        self.fetched.append(url)
        mime_type = mimetypes.guess_type(clean)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=content, headers={"Content-Type": mime_type})

    def _static_file(self, url: str) -> bytes | None:
        relative = unquote(urlsplit(url).path)[len(urlsplit(self.static_prefix).path) :]
        if not relative or ".." in relative.split("/"):
            return None
        try:
            found = finders.find(relative)
            if found:
                with open(found, "rb") as file:
                    return file.read()
            if staticfiles_storage.exists(relative):
                with staticfiles_storage.open(relative) as file:
                    return file.read()
        except (OSError, SuspiciousFileOperation, ValueError):
            return None
        return None


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m", mask=QR_MASK).save(buffer, kind="png", scale=8, border=0)
    return buffer.getvalue()


def certificate_html(certificate: Certificate) -> str:
    with translation.override(certificate.language):
        return render_to_string(
            TEMPLATE,
            {
                "certificate": certificate,
                "verification_url": verification_url(certificate),
                "verification_page": urljoin(_base_url(), reverse("certificates:verify").lstrip("/")),
                "qr_src": urljoin(_base_url(), QR_PATH),
                "language": certificate.language,
            },
        )


def _font_config() -> FontConfiguration:
    if not hasattr(_local, "font_config"):
        _local.font_config = FontConfiguration()
    return _local.font_config


def _stylesheet(href: str, fetcher: StaticFilesOnlyFetcher) -> CSS:
    """The stylesheet at ``href``, fetched through this render's fetcher (its rules apply every time) and parsed
    once per thread and content."""
    url = urljoin(_base_url(), href)
    response = fetcher.fetch(url)
    try:
        content = response.read()
    finally:
        response.close()
    sheets = _local.__dict__.setdefault("stylesheets", {})
    key = (url, hashlib.sha256(content).digest())
    if key not in sheets:
        sheets[key] = CSS(string=content.decode(), base_url=url, url_fetcher=fetcher, font_config=_font_config())
    return sheets[key]


def certificate_pdf(certificate: Certificate, *, fetcher: StaticFilesOnlyFetcher | None = None) -> bytes:
    """Render the certificate: A4 landscape, tagged for screen readers (PDF/UA-1), in its language."""
    fetcher = fetcher or StaticFilesOnlyFetcher()
    fetcher.resources[urljoin(_base_url(), QR_PATH)] = qr_png(verification_url(certificate))
    html = certificate_html(certificate)
    stylesheets = [_stylesheet(href, fetcher) for href in _STYLESHEET_LINK.findall(html)]
    document = HTML(string=_STYLESHEET_LINK.sub("", html), base_url=_base_url(), url_fetcher=fetcher)
    return document.write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True, font_config=_font_config(), stylesheets=stylesheets
    )
