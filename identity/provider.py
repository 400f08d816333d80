"""allauth's OpenID Connect provider, with the nonce that OpenID Connect asks for.

allauth 65 sends no ``nonce`` and so cannot tie an ID token to the sign-in that asked for it. This subclass puts
a fresh random nonce in the authorisation request and in allauth's one-time state; ``identity.adapter`` refuses
an ID token whose nonce differs. PKCE is on too. It replaces the stock class through allauth's documented
``SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"]`` and keeps its URLs.
"""

import secrets

from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider

NONCE_STATE_KEY = "identity_nonce"


class OrganisationOIDCProvider(OpenIDConnectProvider):
    package = "allauth.socialaccount.providers.openid_connect"
    pkce_enabled_default = True

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(32)
        auth_params = dict(kwargs.pop("auth_params", None) or self.get_auth_params())
        auth_params["nonce"] = nonce
        kwargs[NONCE_STATE_KEY] = nonce
        return super().redirect(request, process, next_url=next_url, data=data, auth_params=auth_params, **kwargs)


provider_classes = []  # registered through the setting, not as a provider of its own
