from http import HTTPStatus

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache


@never_cache
def login_door(request, *, default_next: str):
    """The Wagtail admin's and the Django admin's own login pages, whatever the method: nobody logs in here.

    A visitor is sent to allauth's login and back to where they were going, so its rate limits, e-mail
    verification and MFA guard every session; a password posted here is ignored. A logged-in user is here because
    the admin refused them: sending them to the login would bring them straight back, so they are told instead.
    """
    if request.user.is_authenticated:
        return TemplateResponse(request, "account/admin_no_access.html", status=HTTPStatus.FORBIDDEN)
    next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=False):
        next_url = default_next
    return redirect_to_login(next_url, login_url=settings.LOGIN_URL)
