"""The national routes for pupils, in "je" (issue 22; numbers and sites from domain.md (c), checked Nov 2026).

Routes that staff and teachers already have get a pupil text; the routes only for pupils are added. It runs
after the site root migration, which adds the national routes on a new database, and never overwrites a text
an editor has written since.
"""

from django.db import migrations

PUPIL_TEXTS = {
    "112": "Ben jij of is iemand anders nu in gevaar? Bel 112.",
    "Veilig Thuis": "Gaat het thuis niet goed, of maak je je zorgen over jezelf of over een vriend of vriendin? "
    "Je mag eerst iets vragen zonder je naam te zeggen.",
}

PUPIL_ROUTES = [
    {
        "name": "Een volwassene die je vertrouwt",
        "pupil_text": "Je mentor, een docent, de vertrouwenspersoon of de zorgcoördinator op school, of je ouder. "
        "Vertel wat er is gebeurd of waar je je zorgen over maakt. Je hoeft het niet zeker te weten.",
        "sort_order": 4,
    },
    {
        "name": "De Kindertelefoon",
        "phone": "0800-0432",
        "url": "https://www.kindertelefoon.nl",
        "pupil_text": "Voor kinderen en jongeren van 8 tot 18 jaar. Bel of chat over alles wat je dwarszit. Gratis en anoniem: je "
        "hoeft je naam niet te zeggen.",
        "hours": "Elke dag van 11 tot 21 uur",
        "sort_order": 6,
    },
    {
        "name": "Centrum Seksueel Geweld",
        "phone": "0800-0188",
        "url": "https://centrumseksueelgeweld.nl",
        "pupil_text": "Heeft iemand je seksueel iets aangedaan, ook als het net is gebeurd? Je krijgt medische "
        "hulp en iemand om mee te praten.",
        "hours": "Dag en nacht, gratis",
        "sort_order": 62,
    },
    {
        "name": "Helpwanted",
        "url": "https://www.helpwanted.nl",
        "pupil_text": "Staan er foto's of filmpjes van jou online, of dreigt iemand ermee? Helpwanted helpt je om "
        "ze weg te laten halen. Betaal niet en bewaar de berichten.",
        "sort_order": 64,
    },
    {
        "name": "113 Zelfmoordpreventie",
        "phone": "0800-0113",
        "url": "https://www.113.nl",
        "pupil_text": "Denk je aan zelfmoord, of weet je niet meer hoe het verder moet? Praat erover: gratis, "
        "dag en nacht.",
        "sort_order": 66,
    },
]


def add_pupil_routes(apps, schema_editor):
    ReportingRoute = apps.get_model("reporting.ReportingRoute")
    for name, text in PUPIL_TEXTS.items():
        ReportingRoute.objects.filter(name=name, pupil_text="").update(pupil_text=text)
    for route in PUPIL_ROUTES:
        if not ReportingRoute.objects.filter(name=route["name"]).exists():
            ReportingRoute.objects.create(for_professionals=False, **route)


def remove_pupil_routes(apps, schema_editor):
    ReportingRoute = apps.get_model("reporting.ReportingRoute")
    ReportingRoute.objects.filter(name__in=[route["name"] for route in PUPIL_ROUTES], for_professionals=False).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0002_route_audiences"),
        ("elearning", "0002_site_root"),
    ]

    operations = [migrations.RunPython(add_pupil_routes, remove_pupil_routes)]
