"""Exports of a team's results: cells made safe for spreadsheets, and every export on the audit trail."""

from organisations import audit
from organisations.models import Organisation

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(row: list) -> list:
    """Neutralise cells that a spreadsheet would run as a formula (CSV injection) by prefixing a quote."""
    return [f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES) else cell for cell in row]


def results_export_record(*, organisation: Organisation, user, file_format: str) -> None:
    """Put the export on the organisation's trail: it hands people's results to whoever downloads it."""
    audit.organisation_log(
        instance=organisation,
        action=audit.RESULTS_EXPORTED,
        user=user,
        organisation_id=organisation.pk,
        format=file_format,
    )
