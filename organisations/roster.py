"""Reading a staff list (CSV) into rows a coordinator can check before anything is imported.

Columns: e-mail, first name, last name, team. CSV with `,` or `;`, UTF-8 with or without BOM, or Latin-1; or
the first sheet of an XLSX workbook. A team that does not exist yet is no error: the preview offers to create it.
Pure functions: no database, so every rule is easy to test.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 10_000
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024  # an XLSX is a ZIP: refuse one that unpacks to more than this

FILE_TOO_LARGE = _("The file is larger than 2 MB. Split it into smaller files.")
FILE_NOT_TEXT = _("This is not a CSV text file. Save the list as CSV (comma or semicolon separated) and try again.")
FILE_EMPTY = _("The file has no rows.")
FILE_TOO_MANY_ROWS = _("The file has more than %(max)s rows. Split it into smaller files.")
FILE_XLSX_UNREADABLE = _("This Excel file cannot be read. Save it again as .xlsx or as CSV and try again.")
ROW_EMAIL_INVALID = _("'%(email)s' is not a valid e-mail address.")
ROW_EMAIL_MISSING = _("The e-mail address is missing.")
ROW_DUPLICATE = _("This e-mail address is already on line %(line)s.")
ROW_TOO_FEW_COLUMNS = _("Expected 4 columns (e-mail, first name, last name, team), found %(count)s.")

HEADER_WORDS = {"email", "e-mail", "e-mailadres", "emailadres", "mail", "e-mail address", "email address"}


@dataclass
class RosterRow:
    line: int
    email: str
    first_name: str = ""
    last_name: str = ""
    team: str = ""
    errors: list[str] = field(default_factory=list)
    new_team: bool = False  # the team does not exist yet: the preview offers to create it

    @property
    def is_valid(self) -> bool:
        return not self.errors


def roster_decode(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(FILE_TOO_LARGE)
    if b"\x00" in data[:4096]:
        raise ValidationError(FILE_NOT_TEXT)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    # Latin-1 decodes any bytes: refuse what is clearly not text (control characters other than tab/newlines).
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text[:4096]):
        raise ValidationError(FILE_NOT_TEXT)
    return text


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _xlsx_lines(data: bytes):
    """The first sheet's rows as lists of text. Read-only and with values, not formulas; the ZIP's declared
    sizes are checked before anything is unpacked."""
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNPACKED_BYTES:
                raise ValidationError(FILE_TOO_LARGE)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield ["" if value is None else str(value) for value in values]
    except ValidationError:
        raise
    except Exception as error:  # a damaged or foreign file: openpyxl raises many kinds
        raise ValidationError(FILE_XLSX_UNREADABLE) from error


def _lines(data: bytes):
    if data[:4] == b"PK\x03\x04":
        if len(data) > MAX_FILE_BYTES:
            raise ValidationError(FILE_TOO_LARGE)
        return list(_xlsx_lines(data))
    text = roster_decode(data)
    return csv.reader(io.StringIO(text), delimiter=_delimiter(text))


def roster_parse(data: bytes, *, known_teams: set[str]) -> list[RosterRow]:
    """Parse and check every row of a CSV or XLSX file. Never raises for a bad row: the row carries its errors."""
    reader = _lines(data)
    rows: list[RosterRow] = []
    seen: dict[str, int] = {}
    teams_by_key = {team.casefold(): team for team in known_teams}
    for line, cells in enumerate(reader, start=1):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue  # empty lines are skipped
        if line == 1 and cells[0].casefold() in HEADER_WORDS:
            continue
        if len(rows) >= MAX_ROWS:
            raise ValidationError(FILE_TOO_MANY_ROWS % {"max": MAX_ROWS})
        rows.append(_row(line, cells, seen, teams_by_key))
    if not rows:
        raise ValidationError(FILE_EMPTY)
    return rows


def _row(line: int, cells: list[str], seen: dict[str, int], teams_by_key: dict[str, str]) -> RosterRow:
    if len(cells) < 4:
        if "@" not in cells[0]:
            return RosterRow(line=line, email=cells[0], errors=[str(ROW_TOO_FEW_COLUMNS % {"count": len(cells)})])
        cells = cells + [""] * (4 - len(cells))  # an address alone is enough
    email, first_name, last_name, team = cells[:4]
    row = RosterRow(line=line, email=email.lower(), first_name=first_name, last_name=last_name)
    if not email:
        row.errors.append(str(ROW_EMAIL_MISSING))
    else:
        try:
            validate_email(email)
        except ValidationError:
            row.errors.append(str(ROW_EMAIL_INVALID % {"email": email}))
    if row.email and row.email in seen:
        row.errors.append(str(ROW_DUPLICATE % {"line": seen[row.email]}))
    elif row.email:
        seen[row.email] = line
    if team:
        if team.casefold() in teams_by_key:
            row.team = teams_by_key[team.casefold()]
        else:
            row.team, row.new_team = team, True
    return row
