"""Make the Signaal home page the Wagtail site root, with "Waar meld ik?" and the national routes below it.

Historic models have no tree methods, so the tree columns are written by hand, as Wagtail's own
project template does.
"""

from django.db import migrations

ROUTES = [
    {
        "name": "112",
        "phone": "112",
        "when_to_use": "Bij direct gevaar: iemand wordt nu bedreigd, mishandeld of vastgehouden.",
        "hours": "Dag en nacht",
        "is_emergency": True,
    },
    {
        "name": "Politie",
        "phone": "0900-8844",
        "url": "https://www.politie.nl",
        "when_to_use": "Als u vermoedt dat iemand wordt uitgebuit en u wilt dat dit wordt onderzocht, "
        "of als een slachtoffer aangifte wil doen. Gespecialiseerde rechercheurs (AVIM) pakken dit op.",
        "hours": "Dag en nacht",
    },
    {
        "name": "Meld Misdaad Anoniem",
        "phone": "0800-7000",
        "url": "https://www.meldmisdaadanoniem.nl",
        "when_to_use": "Als u iets wilt melden zonder dat iemand weet wie u bent. Uw nummer wordt niet "
        "opgeslagen en uw melding gaat zonder uw naam naar de politie.",
        "hours": "Dag en nacht",
    },
    {
        "name": "Veilig Thuis",
        "phone": "0800-2000",
        "url": "https://www.veiligthuis.nl",
        "when_to_use": "Bij zorgen over een minderjarige of over geweld in de thuissituatie. Ook voor "
        "professionals die de Meldcode volgen. U kunt eerst anoniem advies vragen.",
        "hours": "Dag en nacht, gratis",
    },
    {
        "name": "Nederlandse Arbeidsinspectie",
        "phone": "0800-5151",
        "url": "https://www.nlarbeidsinspectie.nl",
        "when_to_use": "Bij vermoedens van arbeidsuitbuiting: heel lange werkdagen, geen of te weinig "
        "loon, schulden bij de werkgever, wonen via de baas. Anoniem melden kan. Vanuit het buitenland: "
        "+31 70 333 44 44.",
    },
    {
        "name": "CoMensha",
        "phone": "033-448 11 86",
        "url": "https://www.comensha.nl",
        "when_to_use": "Voor advies, en als een (mogelijk) slachtoffer opvang of hulp nodig heeft. "
        "CoMensha registreert signalen van mensenhandel in heel Nederland.",
        "hours": "Maandag tot en met vrijdag, 9.00–17.00 uur",
    },
    {
        "name": "Zorgcoördinator mensenhandel",
        "when_to_use": "Regelt in uw regio zorg, opvang en begeleiding voor slachtoffers. Uw gemeente of "
        "CoMensha weet wie dat in uw regio is.",
    },
]

INTRO = (
    "<p>Twijfelt u of iemand wordt uitgebuit? U hoeft het niet zeker te weten om er iets mee te doen. "
    "Eén signaal bewijst niets, maar meerdere signalen samen zijn een reden om te overleggen of te melden.</p>"
    "<p>Hieronder staat welke organisatie u wanneer belt.</p>"
)
OUTRO = (
    "<h2>Welke route kies ik?</h2><ul>"
    "<li>Is er nu gevaar? Bel <b>112</b>.</li>"
    "<li>Wilt u dat er onderzoek komt? Bel de <b>politie</b>, of bij arbeidsuitbuiting de "
    "<b>Arbeidsinspectie</b>.</li>"
    "<li>Wilt u anoniem blijven? Bel <b>Meld Misdaad Anoniem</b>.</li>"
    "<li>Gaat het om een kind of jongere, of om de thuissituatie? Bel <b>Veilig Thuis</b>.</li>"
    "<li>Heeft iemand opvang of zorg nodig, of wilt u advies? Bel <b>CoMensha</b> of de "
    "<b>zorgcoördinator</b>.</li></ul>"
)


def create_site_root(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("elearning.HomePage")
    ReportingRoutesPage = apps.get_model("reporting.ReportingRoutesPage")
    ReportingRoute = apps.get_model("reporting.ReportingRoute")

    if HomePage.objects.exists():
        return
    # The placeholder page that Wagtail's own migrations create.
    Page.objects.filter(depth=2, url_path="/home/").delete()

    locale, _ = Locale.objects.get_or_create(language_code="nl")
    home_type, _ = ContentType.objects.get_or_create(app_label="elearning", model="homepage")
    routes_type, _ = ContentType.objects.get_or_create(app_label="reporting", model="reportingroutespage")

    home = HomePage.objects.create(
        title="Signaal",
        draft_title="Signaal",
        slug="home",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=1,
        url_path="/home/",
        locale=locale,
        intro="<p>Leer de signalen van mensenhandel herkennen en weet waar u ze meldt.</p>",
    )
    ReportingRoutesPage.objects.create(
        title="Waar meld ik?",
        draft_title="Waar meld ik?",
        slug="waar-meld-ik",
        content_type=routes_type,
        path="000100010001",
        depth=3,
        numchild=0,
        url_path="/home/waar-meld-ik/",
        locale=locale,
        intro=INTRO,
        outro=OUTRO,
    )
    Page.objects.filter(depth=1).update(numchild=Page.objects.filter(depth=2).count())
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page_id": home.pk}
    )
    for order, route in enumerate(ROUTES):
        ReportingRoute.objects.create(sort_order=order * 10, **route)


class Migration(migrations.Migration):
    dependencies = [
        ("elearning", "0001_initial"),
        ("reporting", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_site_root, migrations.RunPython.noop)]
