"""A real OpenID Connect provider for the tests: django-oauth-toolkit, mounted under /test-idp/ of the live server.

The provider signs real ID tokens (RS256) and serves discovery, JWKS, token and userinfo; Signaal talks to it over
HTTP exactly as it would to Entra ID. What the provider says about a person (its claims) is set per test in
``PEOPLE``, keyed by the provider's own account; ``ID_TOKEN_OVERRIDES`` makes it misbehave on purpose (another
issuer, another audience, an expired token). A disabled account (``is_active`` False) gets no new tokens, as at
Entra ID.
"""

from django.contrib.auth import authenticate, login
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import include, path
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider import views as dot_views
from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.identity.scenario import ID_TOKEN_OVERRIDES, PEOPLE, PREFIX


class TestProviderValidator(OAuth2Validator):
    oidc_claim_scope = None  # every claim, whatever the scope

    def get_additional_claims(self, request):
        return dict(PEOPLE.get(request.user.email, {}))

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expires = super().get_id_token_dictionary(token, token_handler, request)
        claims.update(ID_TOKEN_OVERRIDES)
        return claims, expires

    def validate_refresh_token(self, refresh_token, client, request, *args, **kwargs):
        valid = super().validate_refresh_token(refresh_token, client, request, *args, **kwargs)
        return valid and request.user.is_active


class ProviderAuthorizationView(dot_views.AuthorizationView):
    login_url = f"/{PREFIX}/login/"


@csrf_exempt
def provider_login(request):
    """The provider's own sign-in page (its accounts live in the same user table, under their own addresses)."""
    next_url = request.GET.get("next", "/")
    if request.method == "POST":
        user = authenticate(request, email=request.POST.get("email"), password=request.POST.get("password"))
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return HttpResponseRedirect(next_url)
    return HttpResponse(
        f'<form method="post" action="?next={escape(next_url)}"><input name="email"><input name="password"></form>'
    )


provider_urlpatterns = [
    path("authorize/", ProviderAuthorizationView.as_view(), name="authorize"),
    path("token/", dot_views.TokenView.as_view(), name="token"),
    path("userinfo/", dot_views.UserInfoView.as_view(), name="user-info"),
    path(".well-known/jwks.json", dot_views.JwksInfoView.as_view(), name="jwks-info"),
    path(
        ".well-known/openid-configuration",
        dot_views.ConnectDiscoveryInfoView.as_view(),
        name="oidc-connect-discovery-info",
    ),
]

urlpatterns = [
    path("login/", provider_login, name="test_idp_login"),
    path("o/", include((provider_urlpatterns, "oauth2_provider"))),
]
