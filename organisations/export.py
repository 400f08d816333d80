FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(row: list) -> list:
    """Neutralise cells that a spreadsheet would run as a formula (CSV injection) by prefixing a quote."""
    return [f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES) else cell for cell in row]
