"""Codes people read aloud and type: no 0/O, 1/I/l, in upper case, grouped for reading.

A class code (6 characters, ~30 bits) is not a secret on its own: it is said out loud in class and
printed on the join card; closing joining and the rate limits protect it. A personal code (10 characters,
~49 bits, 31^10 ≈ 8.2 × 10^14) is a pupil's only credential. With at most 100 wrong guesses per IP per 10
minutes, hitting any one of 100,000 pupils' codes takes one IP about 1,560 years on average, and 50 IPs about 31.

Personal codes are derived, not stored: ``HMAC(key, seed)`` rendered in the alphabet. The key is
``CLASSROOMS_CODE_KEY`` (default: ``SECRET_KEY``); changing it changes every pupil's code.
"""

import hashlib
import hmac
import re
import secrets

from django.conf import settings

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
PERSONAL_CODE_LENGTH = 10

_NOT_IN_CODE = re.compile(r"[\s\-_.]+")


def code_normalise(value: str) -> str:
    """What the person meant: upper case, without spaces, dashes or dots."""
    return _NOT_IN_CODE.sub("", value or "").upper()


def code_display(code: str) -> str:
    """Groups of three to five characters, easier to read aloud: ``SGN-2B7``, ``ABCDE-FGHJK``."""
    size = 3 if len(code) <= JOIN_CODE_LENGTH else 5
    return "-".join(code[i : i + size] for i in range(0, len(code), size))


def join_code_new() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def _key() -> bytes:
    return (getattr(settings, "CLASSROOMS_CODE_KEY", "") or settings.SECRET_KEY).encode()


def seed_new() -> str:
    return secrets.token_hex(16)


def personal_code(seed: str) -> str:
    """The pupil's login code, derived from its stored seed."""
    number = int.from_bytes(hmac.new(_key(), b"code:" + seed.encode(), hashlib.sha256).digest(), "big")
    chars = []
    for _ in range(PERSONAL_CODE_LENGTH):
        number, index = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[index])
    return "".join(chars)


def code_digest(code: str) -> str:
    """A keyed hash of a (normalised) personal code: what the login looks up."""
    return hmac.new(_key(), b"login:" + code_normalise(code).encode(), hashlib.sha256).hexdigest()


def looks_like_join_code(code: str) -> bool:
    return len(code) == JOIN_CODE_LENGTH and all(char in ALPHABET for char in code)


def looks_like_personal_code(code: str) -> bool:
    return len(code) == PERSONAL_CODE_LENGTH and all(char in ALPHABET for char in code)
