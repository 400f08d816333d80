"""The signal card: an A5 PDF per audience with the signals to watch for and where to report them.

The routes on it are the reader's: their organisation's own contacts first (from the provider that
`reporting.selectors.local_routes` asks), then the national routes for their audience. The card is HTML with
its own stylesheet, rendered by WeasyPrint as a tagged PDF (PDF/UA-1) with a language, so screen readers read
it and its text can be selected and searched.

WeasyPrint may fetch nothing: the template carries its styles and the fonts come from the system, so no text
on the card can make the renderer read a file or call out. A PDF is cached under a digest of its HTML, so a
card is rendered once for as long as its text stays the same, and an edited route or contact makes a new one;
two organisations' cards can never be mixed up, because their HTML differs.
"""

import hashlib
import threading

from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from reporting import signal_card_texts as texts
from reporting.cards import Audience
from reporting.selectors import local_routes, national_routes

TEMPLATE = "reporting/signal_card.html"
PATH = "signaalkaart"
SLUGS = {Audience.STAFF: "gemeente", Audience.TEACHERS: "docenten", Audience.PUPILS: "jongeren"}
CACHE_SECONDS = 24 * 60 * 60
_local = threading.local()


class NothingFetcher(URLFetcher):
    """The card needs nothing from outside its HTML."""

    def fetch(self, url, headers=None):
        raise ValueError(f"the signal card fetches nothing: {url[:200]}")


def audience_for_slug(slug: str) -> Audience | None:
    return next((audience for audience, known in SLUGS.items() if known == slug), None)


def signal_card_html(*, request, audience: Audience) -> str:
    """The card's HTML for this reader, in the active language."""
    for_pupils = audience == Audience.PUPILS
    context = {
        "audience": audience,
        "for_pupils": for_pupils,
        "title": texts.TITLES[audience],
        "principle": texts.PRINCIPLES[audience],
        "signal_groups": texts.SIGNALS[audience],
        "steps_heading": texts.STEPS_HEADINGS[audience],
        "steps": texts.STEPS[audience],
        "local": local_routes(request=request, for_pupils=for_pupils),
        "national": [
            route
            for route in national_routes(for_pupils=for_pupils)
            if route.name not in texts.LEFT_OUT.get(audience, ())
        ],
        "language": translation.get_language(),
        "today": timezone.localdate(),
    }
    return render_to_string(TEMPLATE, context)


def _font_config() -> FontConfiguration:
    if not hasattr(_local, "font_config"):
        _local.font_config = FontConfiguration()  # loading it is a large fixed cost of a render
    return _local.font_config


def signal_card_pdf(html: str) -> bytes:
    """The PDF of the card's HTML, from the cache when the same text was rendered before."""
    key = "reporting:signal-card:v1:" + hashlib.sha256(html.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        document = HTML(string=html, url_fetcher=NothingFetcher())
        pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, font_config=_font_config())
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf


def signal_card_response(request, *, audience: Audience) -> HttpResponse:
    response = HttpResponse(
        signal_card_pdf(signal_card_html(request=request, audience=audience)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="signaalkaart-{SLUGS[audience]}.pdf"'
    # Members get their organisation's contacts on it: no shared cache may keep one reader's card for another.
    patch_cache_control(response, private=True, max_age=0)
    return response
