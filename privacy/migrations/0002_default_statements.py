"""Put a privacy statement and an accessibility statement under the home page, with a default text that editors
adapt (who runs this installation, a contact address). Historic models have no tree methods, so the tree columns
are written by hand, as elearning's site-root migration does."""

from django.db import migrations

STEP_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP_LENGTH = 4

PRIVACY = (
    "<p>Signaal is een leerplatform over het herkennen van mensenhandel. Wij gaan zuinig om met de gegevens van "
    "iedereen die het gebruikt. Hier leest u welke gegevens wij bewaren, waarom, hoe lang, en wat u zelf kunt doen.</p>"
    "<h2>Wie is verantwoordelijk?</h2>"
    "<p>De organisatie die deze installatie van Signaal beheert is verantwoordelijk voor uw gegevens. Gebruikt u "
    "Signaal via uw gemeente of school, dan verwerken wij gegevens in opdracht van die organisatie; zij is dan "
    "verwerkingsverantwoordelijke en wij zijn verwerker.</p>"
    "<h2>Welke gegevens?</h2><ul>"
    "<li><b>Medewerkers en docenten:</b> naam, e-mailadres, de organisatie en teams waar u bij hoort, uw rol, "
    "welke cursussen u volgt, uw voortgang, uw antwoorden op toetsen, uw resultaten in oefeningen en uw "
    "certificaten.</li>"
    "<li><b>Leerlingen:</b> alleen een bijnaam, de klas, voortgang en resultaten. Geen e-mailadres, geen echte "
    "naam en geen wachtwoord.</li>"
    "<li><b>Logboek:</b> wie wanneer iemand uitnodigde, een cursus toewees of een rol veranderde. Zo kan uw "
    "organisatie laten zien wat er is gebeurd.</li></ul>"
    "<h2>Waarvoor?</h2>"
    "<p>Alleen om u te laten leren, uw voortgang te bewaren, certificaten uit te geven en te laten controleren, en "
    "zodat uw coördinator kan zien of de opgedragen cursussen zijn gevolgd. Wij verkopen niets en delen niets met "
    "adverteerders.</p>"
    "<h2>Cookies en volgen</h2>"
    "<p>Signaal gebruikt alleen cookies die nodig zijn om in te loggen, formulieren te beveiligen en uw taalkeuze "
    "te onthouden. Er zijn geen trackers, geen advertenties en geen statistiekdiensten van anderen. Video's laden "
    "pas na een klik.</p>"
    "<h2>Hoe lang?</h2>"
    "<p>Gegevens van leerlingen worden verwijderd als zij een jaar niet actief zijn, of eerder als de docent de "
    "klas opheft. Certificaten blijven controleerbaar tot u uw account verwijdert. Verlaat u een organisatie, dan "
    "ziet die organisatie uw voortgang nog een beperkte tijd en daarna niet meer.</p>"
    "<h2>Uw rechten</h2>"
    "<p>Onder <b>Mijn gegevens</b> downloadt u alles wat Signaal over u bewaart, en vraagt u aan uw account te "
    "verwijderen. U kunt ook vragen om gegevens te verbeteren of om minder te verwerken. Komen wij er samen niet "
    "uit, dan kunt u een klacht indienen bij de Autoriteit Persoonsgegevens.</p>"
)

ACCESSIBILITY = (
    "<p>Signaal wil door iedereen te gebruiken zijn: op een telefoon, met alleen een toetsenbord, met een "
    "schermlezer of met grote letters. Wij streven naar de norm die voor overheidswebsites geldt: "
    "<b>WCAG 2.1 op niveau AA</b>.</p>"
    "<h2>Hoe wij dat controleren</h2><ul>"
    "<li>Bij elke wijziging lopen geautomatiseerde browsertests de belangrijkste routes door (inloggen, een les "
    "volgen, een toets maken, een klas beheren, een certificaat controleren). Op elke pagina daarin controleert "
    "<b>axe-core</b> de regels van WCAG 2.1 A en AA; een fout laat de test falen.</li>"
    "<li>Die routes worden ook alleen met het <b>toetsenbord</b> gevolgd: alles is bereikbaar, de focus is zichtbaar "
    "en springt niet weg.</li>"
    "<li>De pagina's werken op een scherm van <b>320 pixels</b> breed zonder horizontaal te scrollen.</li>"
    "<li>Formuliervelden hebben een label, foutmeldingen staan bij het veld en informatie hangt nooit alleen van "
    "kleur af.</li></ul>"
    "<h2>Wat nog niet goed is</h2>"
    "<p>Interactieve oefeningen (H5P) worden door redacteuren geüpload en zijn gemaakt met software van anderen. "
    "Niet elk type oefening is even goed met een toetsenbord of schermlezer te gebruiken. Bij elke les staat "
    "daarom ook de tekst van de les zelf.</p>"
    "<h2>Loopt u ergens tegenaan?</h2>"
    "<p>Laat het ons weten via de beheerder van uw organisatie of het contactadres van deze installatie. Wij "
    "antwoorden binnen vijf werkdagen en zoeken samen met u een oplossing.</p>"
)

STATEMENTS = [
    ("privacystatementpage", "Privacyverklaring", "privacy", PRIVACY),
    ("accessibilitystatementpage", "Toegankelijkheidsverklaring", "toegankelijkheid", ACCESSIBILITY),
]


def _step(number: int) -> str:
    digits = ""
    for _position in range(STEP_LENGTH):
        number, remainder = divmod(number, len(STEP_ALPHABET))
        digits = STEP_ALPHABET[remainder] + digits
    return digits


def create_statements(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("elearning.HomePage")
    home = HomePage.objects.order_by("path").first()
    if home is None:
        return  # no site yet: editors add the statements themselves
    for model_name, title, slug, body in STATEMENTS:
        model = apps.get_model("privacy", model_name)
        if model.objects.exists():
            continue
        last = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).order_by("-path").first()
        position = int(last.path[-STEP_LENGTH:], 36) + 1 if last else 1
        if Page.objects.filter(url_path=f"{home.url_path}{slug}/").exists():
            slug = f"{slug}-verklaring"
        content_type, _created = ContentType.objects.get_or_create(app_label="privacy", model=model_name)
        model.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type,
            path=home.path + _step(position),
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}{slug}/",
            locale_id=home.locale_id,
            body=body,
        )
        children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).count()
        Page.objects.filter(pk=home.pk).update(numchild=children)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_statement_pages"),
        ("elearning", "0003_home_page_audience_texts"),
    ]

    operations = [migrations.RunPython(create_statements, migrations.RunPython.noop)]
