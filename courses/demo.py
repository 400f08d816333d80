"""A small demo course that shows every lesson block. Loading it twice changes nothing."""

import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.embeds.models import Embed
from wagtail.images.models import Image

from courses.models import CourseIndexPage, CoursePage, LessonPage
from elearning.models import HomePage
from reporting.models import ReportingRoute

DEMO_VIDEO_URL = "https://www.youtube.com/watch?v=signaal-demo"
DEMO_COURSE_SLUG = "kennismaken-met-signaal"


def _catalogue() -> CourseIndexPage:
    index = CourseIndexPage.objects.first()
    if index:
        return index
    return HomePage.objects.get().add_child(
        instance=CourseIndexPage(
            title="Cursussen", slug="cursussen", intro="<p>Kies een cursus die bij uw werk past.</p>"
        )
    )


def _demo_image() -> Image:
    existing = Image.objects.filter(title="Signaal demo: drie signalen").first()
    if existing:
        return existing
    canvas = PILImage.new("RGB", (800, 400), "#eef4f7")
    draw = ImageDraw.Draw(canvas)
    for n, colour in enumerate(("#0b5c7a", "#b3261e", "#1d6b34")):
        draw.ellipse((120 + n * 220, 120, 280 + n * 220, 280), fill=colour)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    return Image.objects.create(title="Signaal demo: drie signalen", file=ImageFile(buffer, name="signalen.png"))


def _demo_embed() -> None:
    # Stored like a fetched oEmbed result, so the demo needs no internet; the player still loads only on click.
    Embed.objects.get_or_create(
        url=DEMO_VIDEO_URL,
        max_width=None,
        defaults={
            "type": "video",
            "html": '<iframe title="Demo video" width="560" height="315" '
            'src="https://www.youtube-nocookie.com/embed/signaal-demo" allowfullscreen></iframe>',
            "title": "Demo video",
            "provider_name": "YouTube",
            "width": 560,
            "height": 315,
        },
    )


def _lesson(course: CoursePage, *, slug: str, title: str, body: list, **fields) -> LessonPage:
    existing = LessonPage.objects.child_of(course).filter(slug=slug).first()
    if existing:
        return existing
    lesson = course.add_child(instance=LessonPage(title=title, slug=slug, body=body, **fields))
    lesson.save_revision().publish()
    return lesson


def demo_course_load(*, quiz=None, h5p_activity=None) -> CoursePage:
    index = _catalogue()
    course = CoursePage.objects.child_of(index).filter(slug=DEMO_COURSE_SLUG).first()
    if course is None:
        course = index.add_child(
            instance=CoursePage(
                title="Kennismaken met Signaal",
                slug=DEMO_COURSE_SLUG,
                for_teachers=True,
                for_staff=True,
                summary="Een korte rondleiding: zo ziet een les eruit, met elk soort onderdeel.",
                learning_objectives="<ul><li>U weet hoe een les werkt.</li><li>U weet waar u signalen meldt.</li></ul>",
                estimated_minutes=15,
                certificate_validity_months=24,
            )
        )
    _demo_embed()
    routes = list(ReportingRoute.objects.order_by("sort_order").values_list("pk", flat=True)[:3])
    _lesson(
        course,
        slug="signalen-herkennen",
        title="Signalen herkennen",
        estimated_minutes=5,
        body=[
            {
                "type": "text",
                "value": "<h2>Eén signaal bewijst niets</h2><p>Let op de combinatie van signalen. "
                "Meerdere signalen samen zijn een reden om te overleggen.</p>",
            },
            {
                "type": "case_story",
                "value": {
                    "person": "Een man in een kassenbedrijf",
                    "story": "<p>Hij kwam naar Nederland voor kantoorwerk. Onderweg hoorde hij dat het komkommers "
                    "plukken werd. Van zijn loon ging huur, reis en eten af, tot er niets overbleef.</p>",
                    "quote": "Ik mocht niet naar buiten en niet met de buren praten.",
                    "question": "Welke signalen zie je?",
                    "signals": [
                        {"signal": "Valse beloften", "explanation": "Het werk was anders dan beloofd."},
                        {"signal": "Schuld bij de werkgever", "explanation": "Kosten worden van het loon ingehouden."},
                        {"signal": "Beperkte vrijheid", "explanation": "Niet naar buiten mogen, geen contact."},
                    ],
                },
            },
            {
                "type": "signal_list",
                "value": {
                    "heading": "Signalen per vorm",
                    "groups": [
                        {
                            "form": "labour",
                            "signals": [
                                {"signal": "Structureel lange werkdagen", "explanation": ""},
                                {"signal": "Geen toegang tot eigen paspoort of bankrekening", "explanation": ""},
                            ],
                        },
                        {
                            "form": "criminal",
                            "signals": [
                                {"signal": "Meerdere telefoons", "explanation": "Moet altijd bereikbaar zijn."},
                            ],
                        },
                    ],
                },
            },
            {
                "type": "image",
                "value": {
                    "image": _demo_image().pk,
                    "alt_text": "Drie gekleurde cirkels: signalen die samen een beeld vormen.",
                    "caption": "Signalen vormen samen een beeld.",
                },
            },
        ],
    )
    activities = []
    if quiz is not None:
        activities.append({"type": "quiz", "value": {"quiz": quiz.pk, "is_required": True}})
    if h5p_activity is not None:
        activities.append(
            {"type": "h5p", "value": {"activity": h5p_activity.pk, "is_required": False, "pass_threshold": 70}}
        )
    _lesson(
        course,
        slug="wat-doe-je",
        title="Wat doe je?",
        estimated_minutes=10,
        body=[
            {"type": "callout", "value": {"kind": "tip", "text": "<p>Noteer feiten los van uw interpretatie.</p>"}},
            {
                "type": "video",
                "value": {
                    "video": DEMO_VIDEO_URL,
                    "title": "Signalen in de praktijk",
                    "transcript": "<p>Een medewerker vertelt hoe ze signalen opmerkte.</p>",
                },
            },
            *activities,
            {"type": "reporting_routes", "value": {"heading": "Waar meld je het?", "routes": routes}},
            {"type": "callout", "value": {"kind": "help", "text": "<p>Direct gevaar? Bel 112.</p>"}},
        ],
    )
    return course
