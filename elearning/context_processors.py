from elearning.selectors import catalogue_url


def site_links(request) -> dict:
    """``catalogue_url`` for the header: a callable, so pages that do not show it never look it up."""
    return {"catalogue_url": catalogue_url}
