"""Nickname ideas for pupils, and a nudge when a nickname looks like a real name.

Pupils must not give their real name (a child's name is personal data), but "Sanne de Vries" is typed in a
second when the field is empty. An idea in the field and a question when the nickname looks like a name help;
the nudge is a question, not a rule: "Noah" may be a made-up name too.
"""

import re
import secrets

COLOURS = ["Blauwe", "Rode", "Groene", "Gele", "Paarse", "Oranje", "Roze", "Zilveren", "Gouden", "Witte"]
ANIMALS = ["Vos", "Uil", "Otter", "Das", "Egel", "Valk", "Dolfijn", "Panda", "Tijger", "Zeehond", "Kikker", "Haai"]

# A short list of first names that are common among Dutch pupils; enough to catch the usual case.
FIRST_NAMES = frozenset(
    {
        "adam",
        "amira",
        "anna",
        "bram",
        "daan",
        "emma",
        "eva",
        "fenna",
        "finn",
        "ilse",
        "jayden",
        "jesse",
        "julia",
        "lars",
        "lieke",
        "liam",
        "lotte",
        "lucas",
        "luuk",
        "milan",
        "mila",
        "mohamed",
        "noah",
        "nora",
        "noor",
        "olivia",
        "roos",
        "ruben",
        "sanne",
        "sara",
        "sem",
        "sophie",
        "tess",
        "thijs",
        "tim",
        "yara",
        "yusuf",
        "zoe",
    }
)
_CAPITALISED_WORD = re.compile(r"^[A-Z\u00c0-\u00de][a-z\u00df-\u00ff]+$")
_NAME_PARTICLES = {"de", "van", "der", "den", "el", "ten", "ter", "la", "le"}


def nickname_suggest() -> str:
    """A colour, an animal and a number, e.g. "PaarseOtter27": one word, so it never looks like a name."""
    number = secrets.randbelow(90) + 10
    return f"{secrets.choice(COLOURS)}{secrets.choice(ANIMALS)}{number}"


# Words that make two capitalised words a nickname rather than a name ("Snelle Vos").
_NICKNAME_WORDS = {word.lower() for word in ANIMALS} | {"kat", "hond", "leeuw", "draak", "ninja", "held", "ster"}


def nickname_looks_real(nickname: str) -> bool:
    """A common first name first ("Noah", "Emma 2"), or two or more capitalised words ("Jan Jansen",
    "Sanne de Vries") unless one of them is an animal or the like ("Snelle Vos")."""
    words = nickname.split()
    if not words:
        return False
    if words[0].lower() in FIRST_NAMES:
        return True
    names = [word for word in words if word.lower() not in _NAME_PARTICLES]
    if any(word.lower() in _NICKNAME_WORDS for word in names):
        return False
    return len(names) >= 2 and all(_CAPITALISED_WORD.match(word) for word in names)
