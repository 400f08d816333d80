"""Exports of a team's results: cells made safe for spreadsheets, and every export on the audit trail."""

import datetime
import tempfile

from organisations import audit
from organisations.models import Organisation

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(row: list) -> list:
    """Neutralise cells that a spreadsheet would run as a formula (CSV injection) by prefixing a quote."""
    return [_formula_safe(cell) for cell in row]


def _formula_safe(cell):
    return f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES) else cell


def results_export_record(*, organisation: Organisation, user, file_format: str) -> None:
    """Put the export on the organisation's trail: it hands people's results to whoever downloads it."""
    audit.organisation_log(
        instance=organisation,
        action=audit.RESULTS_EXPORTED,
        user=user,
        organisation_id=organisation.pk,
        format=file_format,
    )


def csv_cells(row: list) -> list:
    """A report row as CSV text: dates in ISO 8601, nothing a spreadsheet would run."""
    return [_csv_cell(cell) for cell in row]


def _csv_cell(cell):
    if isinstance(cell, datetime.datetime):
        return cell.isoformat(sep=" ")
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return "" if cell is None else _formula_safe(cell)


def xlsx_file(*, header: list[str], rows, sheet_title: str):
    """The rows as an XLSX workbook in a temporary file (written row by row: memory does not grow with rows).
    Text cells are neutralised like the CSV's, so no cell is ever a formula; dates are real dates."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    bold = Font(bold=True)
    header_cells = []
    for label in csv_safe(header):
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in csv_safe(row):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    output = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it once it is sent
    workbook.save(output)
    output.seek(0)
    return output
