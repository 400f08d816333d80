from reporting.selectors import reporting_page_url


def reporting(request):
    return {"reporting_page_url": reporting_page_url}
