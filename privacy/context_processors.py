from privacy.selectors import statement_links


def statements(request) -> dict:
    """``statement_links`` for the footer: a callable, so a page that never shows it never looks it up."""
    return {"statement_links": statement_links}
