"""What the content tests hold the course files to, readable without a database.

The allow-lists are built by hand from /work/shared/domain.md, section (c) "Reporting routes": a number or a
site that is not a route there fails the tests, so a typo in a helpline is caught before a learner dials it.
"""

import re
from pathlib import Path

import yaml

from courses.content_loader import DEFAULT_ROOT

WORDS_PER_MINUTE = 200
MINUTES_PER_ACTIVITY = 1  # one quiz question, one case to think through
TIME_TOLERANCE = 0.25
POOL_FACTOR = 1.5

# domain.md (c): 112, Politie, Arbeidsinspectie, Meld Misdaad Anoniem, CoMensha, Veilig Thuis, Kindertelefoon,
# Centrum Seksueel Geweld, 113 Zelfmoordpreventie.
ROUTE_NUMBERS = {
    "112",
    "113",
    "0900-8844",
    "0800-5151",
    "0800-7000",
    "033-448 11 86",
    "0800-2000",
    "0800-0432",
    "0800-0188",
    "0800-0113",
}
# The routes' own sites (Helpwanted is named by its site in domain.md; Jeugdzorg via rijksoverheid.nl).
ROUTE_SITES = {
    "politie.nl",
    "nlarbeidsinspectie.nl",
    "meldmisdaadanoniem.nl",
    "comensha.nl",
    "veiligthuis.nl",
    "kindertelefoon.nl",
    "centrumseksueelgeweld.nl",
    "helpwanted.nl",
    "113.nl",
    "rijksoverheid.nl",
}
# Where a lesson's sources may point: the organisations domain.md draws its facts from, first-hand.
SOURCE_SITES = ROUTE_SITES | {
    "overheid.nl",
    "officielebekendmakingen.nl",
    "unodc.org",
    "vng.nl",
    "wodc.nl",
    "nationaalrapporteur.nl",
    "hetccv.nl",
    "hetckm.nl",
    "nrc.nl",
    "nos.nl",
    "wegwijzermensenhandel.nl",
    "oneworld.nl",
    "maakhetzichtbaar.nl",
    "rodekruis.nl",
    "fier.nl",
}
PUPIL_ROUTES = ("vertrouwt", "0800-0432", "0800-2000", "0800-0188", "Helpwanted", "0800-0113", "112")
PUPIL_OPENING = ("over jou", "mag stoppen", "hulp", "0800-0432")
AFTER_TELLING = "Wat gebeurt er als je het aan een volwassene vertelt?"
# Words a pupil lesson must not use: the professionals' register, and wording that can read as blame.
PUPIL_FORBIDDEN = re.compile(
    r"\b(u|uw|AVIM|meldcode|Meldcode|altijd strafbaar|altijd verboden|Liever niet|eigen schuld|had moeten)\b"
)

_PHONE = re.compile(r"(?<![\d€.,])0\d{2,3}-\d[\d ]*\d\b")
_SHORT = re.compile(r"\b[Bb]el(?: gratis)? (\d{3})\b")
_URL_HOST = re.compile(r"https?://([^/\s\"'<>]+)")
_BARE_SITE = re.compile(r"(?<![/@\w.-])((?:[a-z0-9-]+\.)+nl)\b")
_TAG = re.compile(r"<[^>]+>")


def course_dirs(root: Path = DEFAULT_ROOT) -> list[Path]:
    return sorted(folder for folder in Path(root).iterdir() if (folder / "course.yaml").is_file())


def lesson_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if re.match(r"^\d+-.*\.ya?ml$", path.name))


def quiz_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("quiz-*.yaml"))


def read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def strings(value) -> list[str]:
    """Every string inside a YAML value, depth first."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


def phone_numbers(text: str) -> set[str]:
    return {number.strip() for number in _PHONE.findall(text)} | set(_SHORT.findall(text))


def sites(text: str) -> set[str]:
    return set(_URL_HOST.findall(text)) | set(_BARE_SITE.findall(text))


def site_allowed(host: str, allowed: set[str]) -> bool:
    host = host.lower().removeprefix("www.")
    return any(host == domain or host.endswith("." + domain) for domain in allowed)


def plain_words(html: str) -> int:
    return len(_TAG.sub(" ", html).split())


def block_text(block: dict) -> str:
    """The words a learner reads in one block (not the sources, not the teacher's discussion prompts)."""
    value = block["value"]
    if block["type"] in {"reporting_routes", "quiz", "h5p"}:
        return ""
    return " ".join(strings(value) if not isinstance(value, str) else [value])


def best_option_is_the_longest(question: dict) -> bool:
    """Whether the best answer of a choice or scenario question gives itself away by being the longest."""
    value = question["value"]
    if question["type"] == "single_choice":
        best = [option for option in value["options"] if option.get("is_correct")]
    elif question["type"] == "scenario":
        top = max(option["weight"] for option in value["options"])
        best = [option for option in value["options"] if option["weight"] == top]
    else:
        return False
    lengths = sorted((len(option["text"]) for option in value["options"]), reverse=True)
    return len(best) == 1 and len(best[0]["text"]) == lengths[0] and lengths[0] > lengths[1]


def quiz_question_count(folder: Path, key: str) -> int:
    quiz = read(folder / f"quiz-{key}.yaml")
    pool = len(quiz["questions"])
    draw = int((quiz.get("settings") or {}).get("draw_count") or 0)
    return min(draw, pool) if draw else pool


def computed_minutes(lesson_path: Path) -> float:
    """Reading at 200 words a minute, plus a minute for each quiz question and each case."""
    lesson = read(lesson_path)
    words = sum(plain_words(block_text(block)) for block in lesson["body"])
    activities = 0
    for block in lesson["body"]:
        if block["type"] == "quiz":
            activities += quiz_question_count(lesson_path.parent, block["value"]["quiz"])
        elif block["type"] in {"case_story", "h5p"}:
            activities += 1
    return words / WORDS_PER_MINUTE + activities * MINUTES_PER_ACTIVITY
