"""Demo quizzes in Dutch (B1) about recognising signals of human trafficking. Loading twice changes nothing.

Question and option ids are derived from stable names, so a reload keeps learners' saved answers valid.
"""

import uuid

from quizzes.models import Quiz

_NAMESPACE = uuid.UUID("5b0c3c56-8a4e-4e0b-9a55-6f1d2f3e7c11")


def _id(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def _question(quiz_key: str, key: str, kind: str, value: dict) -> dict:
    value = dict(value)
    if "options" in value:
        value["options"] = [
            {"type": "item", "id": _id(quiz_key, key, str(index)), "value": option}
            for index, option in enumerate(value["options"])
        ]
    return {"type": kind, "id": _id(quiz_key, key), "value": value}


def _choice(text: str, feedback: str, correct: bool = False) -> dict:
    return {"text": text, "is_correct": correct, "feedback": feedback}


def _statement(text: str, feedback: str, signal: bool) -> dict:
    return {"text": text, "is_signal": signal, "feedback": feedback}


def _action(text: str, weight: int, feedback: str) -> dict:
    return {"text": text, "weight": weight, "feedback": feedback}


SIGNALS_KEY = "signalen-herkennen"
PRACTICE_KEY = "oefenen-met-signalen"

_SIGNALS_QUESTIONS = [
    (
        "labour-single",
        "single_choice",
        {
            "prompt": "Een schoonmaker vertelt dat zijn baas zijn paspoort bewaart ‘voor de veiligheid’. Wat zegt dit?",
            "options": [
                _choice(
                    "Het is een signaal van arbeidsuitbuiting.",
                    "Goed. Wie zijn eigen identiteitsbewijs niet heeft, kan moeilijk weg of hulp zoeken.",
                    True,
                ),
                _choice("Het is normaal: een werkgever mag je paspoort bewaren.", "Nee. Je paspoort is van jou."),
                _choice("Het zegt niets.", "Toch wel. Het is een bekend signaal, al bewijst het op zich niets."),
            ],
            "explanation": "Geen eigen identiteitsbewijs hebben is een signaal. Eén signaal bewijst niets, "
            "maar samen met andere signalen kan het wijzen op uitbuiting.",
        },
    ),
    (
        "labour-multiple",
        "multiple_response",
        {
            "prompt": "Welke dingen kunnen wijzen op arbeidsuitbuiting? Kies alles wat klopt.",
            "scoring": "partial",
            "options": [
                _choice("Elke dag twaalf uur werken, ook in het weekend.", "Klopt: structureel lange dagen.", True),
                _choice(
                    "Een schuld bij de werkgever die steeds groter wordt.", "Klopt: zo houdt men iemand vast.", True
                ),
                _choice(
                    "Wonen in een huis dat de werkgever regelt.", "Klopt: wonen en werk hangen dan aan elkaar.", True
                ),
                _choice("Een vast contract met een cao-loon.", "Nee, dit is juist een teken van goed werk."),
            ],
            "explanation": "Lange dagen, schulden bij de werkgever en wonen via de werkgever maken iemand "
            "afhankelijk. Vooral de combinatie is een reden om alert te zijn.",
        },
    ),
    (
        "pupil-true-false",
        "true_false",
        {
            "prompt": "Een leerling met twee telefoons en veel contant geld is zeker een drugskoerier.",
            "is_true": False,
            "feedback_true": "Nee, ‘zeker’ is te sterk. Het zijn signalen, geen bewijs.",
            "feedback_false": "Goed. Het zijn signalen. Praat erover met de zorgcoördinator.",
            "explanation": "Twee telefoons, contant geld en spijbelen kunnen wijzen op criminele uitbuiting. "
            "Je stelt geen diagnose, je deelt je zorg met de zorgcoördinator.",
        },
    ),
    (
        "pupil-sorting",
        "signal_sorting",
        {
            "prompt": "Is dit een signaal van criminele uitbuiting bij een leerling?",
            "options": [
                _statement("Hij heeft opeens twee telefoons.", "Dit is een signaal.", True),
                _statement("Hij heeft vaak veel contant geld bij zich.", "Dit is een signaal.", True),
                _statement("Hij spijbelt steeds vaker.", "Dit is een signaal, zeker samen met andere.", True),
                _statement("Hij zit op voetbal.", "Dit is geen signaal. Een hobby is gewoon.", False),
            ],
            "explanation": "Let op combinaties: nieuwe spullen of geld zonder uitleg, een tweede telefoon en "
            "spijbelen samen zijn een reden om het gesprek te zoeken.",
        },
    ),
    (
        "counter-scenario",
        "scenario",
        {
            "situation": "Aan de balie van de gemeente staat een man. Hij wil zich inschrijven op een adres waar "
            "al vijftien mensen staan ingeschreven. Zijn ‘werkgever’ praat voor hem en heeft zijn papieren.",
            "image": None,
            "image_alt": "",
            "prompt": "Wat doe je?",
            "options": [
                _action(
                    "Ik help de man en noteer wat ik zie. Daarna bespreek ik het met de aandachtsfunctionaris.",
                    100,
                    "Goed. Je blijft rustig, legt vast wat je ziet en deelt het met de juiste collega.",
                ),
                _action(
                    "Ik vraag de man of hij even alleen met mij wil praten.",
                    50,
                    "Dat kan helpen, maar het kan ook gevaarlijk zijn. Bespreek het ook met de aandachtsfunctionaris.",
                ),
                _action(
                    "Ik zeg tegen de werkgever dat ik denk dat hij de man uitbuit.",
                    0,
                    "Niet doen. Zo breng je de man mogelijk in gevaar.",
                ),
            ],
            "explanation": "Veel mensen op één adres en iemand die voor een ander praat zijn signalen. "
            "Blijf veilig, leg vast wat je ziet en meld het intern.",
        },
    ),
]

_PRACTICE_QUESTIONS = [
    (
        "practice-single",
        "single_choice",
        {
            "prompt": "Wat doe je als je één signaal ziet?",
            "options": [
                _choice("Ik blijf alert en kijk of er meer signalen zijn.", "Goed. Combinaties zijn belangrijk.", True),
                _choice("Ik bel meteen de politie.", "Bij direct gevaar wel, anders overleg je eerst."),
            ],
            "explanation": "Eén signaal bewijst niets. Let op combinaties en overleg met een collega.",
        },
    ),
    (
        "practice-true-false",
        "true_false",
        {
            "prompt": "Je kunt bij Meld Misdaad Anoniem een melding doen zonder je naam te geven.",
            "is_true": True,
            "feedback_true": "Goed. Je blijft anoniem.",
            "feedback_false": "Dat klopt niet. Je hoeft je naam niet te geven.",
            "explanation": "Meld Misdaad Anoniem is er voor wie een melding wil doen zonder zijn naam te noemen.",
        },
    ),
]


def _quiz_load(key: str, defaults: dict, questions: list) -> Quiz:
    quiz = Quiz.objects.filter(title=defaults["title"]).first()
    if quiz is None:
        data = [_question(key, *question) for question in questions]
        quiz = Quiz.objects.create(questions=data, **defaults)
    return quiz


def demo_quizzes_load() -> dict[str, Quiz]:
    """Create the demo quizzes once; return them by stable key."""
    return {
        SIGNALS_KEY: _quiz_load(
            SIGNALS_KEY,
            {
                "title": "Signalen van uitbuiting herkennen",
                "intro": "Vijf situaties uit werk en school. Herken jij de signalen? Je hebt 70% nodig.",
                "pass_mark_percent": 70,
                "shuffle_options": True,
            },
            _SIGNALS_QUESTIONS,
        ),
        PRACTICE_KEY: _quiz_load(
            PRACTICE_KEY,
            {
                "title": "Oefenen met signalen",
                "intro": "Oefen zonder druk. Na elke vraag zie je meteen de uitleg.",
                "pass_mark_percent": 50,
                "feedback_timing": Quiz.FeedbackTiming.AFTER_EACH,
            },
            _PRACTICE_QUESTIONS,
        ),
    }
