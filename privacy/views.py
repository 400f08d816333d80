from http import HTTPStatus
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from privacy.archive import personal_data_zip
from privacy.export import personal_data
from privacy.forms import AccountDeleteForm
from privacy.reauthentication import recently_signed_in_with_sso
from privacy.selectors import deletion_consequences
from privacy.services import account_delete

ACCOUNT_DELETED = _("Your account and everything about you have been deleted.")


def _person(request):
    """Staff, teachers and editors; pupils' data is their teacher's to delete (and goes by itself after a year)."""
    if hasattr(request.user, "pupil"):
        raise Http404
    return request.user


@never_cache
@login_required
def my_data(request):
    _person(request)
    return TemplateResponse(request, "privacy/my_data.html", {})


@never_cache
@login_required
def my_data_download(request):
    user = _person(request)
    content = personal_data_zip(data=personal_data(user=user), request=request)
    response = HttpResponse(content, content_type="application/zip")
    name = f"signaal-mijn-gegevens-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_delete_confirm(request):
    user = _person(request)
    needs_sso = not user.has_usable_password() and not recently_signed_in_with_sso(request)
    form = AccountDeleteForm(request.POST if request.method == "POST" and not needs_sso else None, user=user)
    if form.is_bound and form.is_valid():
        account_delete(user=user)
        logout(request)
        messages.success(request, ACCOUNT_DELETED)
        return redirect("/")
    sso_login_url = f"{reverse('identity:start')}?{urlencode({'next': request.path})}" if needs_sso else ""
    context = {
        "form": form,
        "needs_sso": needs_sso,
        "sso_login_url": sso_login_url,
        "consequences": deletion_consequences(user=user),
    }
    status = HTTPStatus.BAD_REQUEST if form.is_bound or (needs_sso and request.method == "POST") else HTTPStatus.OK
    return TemplateResponse(request, "privacy/account_delete.html", context, status=status)
