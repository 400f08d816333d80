from http import HTTPStatus

from allauth.socialaccount.providers.base import AuthProcess
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from identity import selectors
from identity.adapter import sso_app
from identity.forms import OrganisationSSOForm, SSOStartForm
from identity.messages import SSO_UNKNOWN_DOMAIN
from identity.services import organisation_sso_save
from organisations.models import Membership
from organisations.selectors import organisation_for_manager

SSO_SAVED = _("Single sign-on has been saved.")


def _next_url(request) -> str | None:
    next_url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    allowed = url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=False)
    return next_url if next_url and allowed else None


@never_cache
@require_http_methods(["GET", "POST"])
def sso_start(request):
    """ "Inloggen met uw organisatie": the work address decides which organisation's provider signs them in."""
    form = SSOStartForm(request.POST or None)
    if form.is_valid():
        email = form.cleaned_data["email"]
        sso = selectors.sso_for_email(email=email)
        if sso is None:
            form.add_error("email", SSO_UNKNOWN_DOMAIN % {"domain": selectors.email_domain(email)})
        else:
            provider = sso_app(sso).get_provider(request)
            return provider.redirect(
                request, AuthProcess.LOGIN, next_url=_next_url(request), auth_params={"login_hint": email}
            )
    status = HTTPStatus.BAD_REQUEST if form.is_bound else HTTPStatus.OK
    context = {"form": form, "next": _next_url(request) or ""}
    return TemplateResponse(request, "identity/start.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def sso_settings(request, organisation_id: int):
    """An organisation admin sets up their organisation's provider (coordinators may not: it decides who gets in)."""
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    if (
        not Membership.objects.filter(organisation=organisation, user=request.user, role=Membership.Role.ADMIN).exists()
        and not request.user.is_superuser
    ):
        raise Http404
    instance = getattr(organisation, "sso", None)
    form = OrganisationSSOForm(request.POST or None, instance=instance)
    if form.is_valid():
        organisation_sso_save(form=form, organisation=organisation, saved_by=request.user)
        messages.success(request, SSO_SAVED)
        return redirect("identity:settings", organisation_id=organisation.pk)
    callback = request.build_absolute_uri(f"/accounts/oidc/{form['slug'].value() or '<short-name>'}/login/callback/")
    context = {"form": form, "organisation": organisation, "callback_url": callback}
    status = HTTPStatus.BAD_REQUEST if form.is_bound else HTTPStatus.OK
    return TemplateResponse(request, "identity/settings.html", context, status=status)
