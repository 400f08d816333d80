"""Verification codes: 130 random bits plus a 10-bit check, in Crockford base32, shown as 7 groups of 4.

Crockford's alphabet leaves out I, L, O and U, so a code read aloud or typed from paper survives the usual
look-alikes: input is upper-cased, spaces and dashes are dropped, O becomes 0 and I/L become 1. The check
characters let the page tell a typo from an unknown code without touching the database.
"""

import hashlib
import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_CHARS = 26  # 26 × 5 = 130 random bits
CHECK_CHARS = 2
LENGTH = RANDOM_CHARS + CHECK_CHARS
GROUP = 4

_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.]+")
_VALID = re.compile(rf"^[{ALPHABET}]{{{LENGTH}}}$")


class CodeFormatError(ValueError):
    """The text is not shaped like a certificate code at all (length or characters)."""


class CodeChecksumError(ValueError):
    """The text is shaped like a code but a character is wrong: a typo or a tampered code."""


def _encode(number: int, length: int) -> str:
    chars = []
    for _ in range(length):
        number, digit = divmod(number, 32)
        chars.append(ALPHABET[digit])
    return "".join(reversed(chars))


def _check(body: str) -> str:
    digest = int.from_bytes(hashlib.sha256(body.encode("ascii")).digest()[:2], "big")
    return _encode(digest % 1024, CHECK_CHARS)


def code_generate() -> str:
    body = _encode(secrets.randbits(RANDOM_CHARS * 5), RANDOM_CHARS)
    return body + _check(body)


def code_normalise(text: str) -> str:
    """Return the stored form of a typed or scanned code; raise CodeFormatError or CodeChecksumError."""
    code = _SEPARATORS.sub("", (text or "").strip().upper()).translate(_LOOK_ALIKES)
    if not _VALID.match(code):
        raise CodeFormatError(code)
    if _check(code[:RANDOM_CHARS]) != code[RANDOM_CHARS:]:
        raise CodeChecksumError(code)
    return code


def code_display(code: str) -> str:
    """Readable groups: ``7K3M-Q9XT-…``."""
    return "-".join(code[start : start + GROUP] for start in range(0, len(code), GROUP))
