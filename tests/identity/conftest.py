import re
from dataclasses import dataclass

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from identity.models import OrganisationSSO, SSODomain
from tests.factories import PASSWORD, UserFactory
from tests.identity import scenario as idp
from tests.organisations.factories import OrganisationFactory

SLUG = "gemeente-noord"
DOMAIN = "noord.example"
CLIENT_ID = "signaal-noord"
CLIENT_SECRET = "a-long-client-secret-for-the-test-provider"


def _private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@dataclass
class Provider:
    """The running test provider and the organisation that uses it."""

    issuer: str
    rp: str  # the platform's base URL (another host name than the provider's, so their cookies stay apart)
    sso: OrganisationSSO

    def account(self, login: str, **claims):
        """An account at the provider (signing in there as ``login``) whose sign-in tells Signaal ``claims``."""
        user = UserFactory(email=login, verified=False)
        idp.PEOPLE[login] = {"email_verified": True, "amr": ["pwd"], **claims}
        return user

    def browser(self) -> "Browser":
        return Browser(self)


class Browser:
    """A person's browser: real HTTP to the live server, cookies per host, following every redirect."""

    def __init__(self, provider: Provider):
        self.provider = provider
        self.http = requests.Session()

    def sso_login(self, *, work_email: str, provider_account: str, next_url: str = "") -> requests.Response:
        """ "Inloggen met uw organisatie": the work address, then the provider's own sign-in, then back."""
        start = self.http.get(f"{self.provider.rp}/inloggen/organisatie/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', start.text).group(1)
        data = {"csrfmiddlewaretoken": token, "email": work_email}
        if next_url:
            data["next"] = next_url
        at_provider = self.http.post(
            f"{self.provider.rp}/inloggen/organisatie/", data=data, headers={"Referer": start.url}
        )
        if "/test-idp/login/" not in at_provider.url:
            return at_provider  # refused before the provider, or already signed in there
        return self.http.post(at_provider.url, data={"email": provider_account, "password": PASSWORD})

    def get(self, path: str) -> requests.Response:
        return self.http.get(f"{self.provider.rp}{path}")


@pytest.fixture
def provider(transactional_db, live_server, settings):
    port = live_server.url.rsplit(":", 1)[1]
    rp = f"http://localhost:{port}"
    issuer = f"http://127.0.0.1:{port}/{idp.PREFIX}/o"
    settings.ROOT_URLCONF = "tests.identity.provider_urls"
    settings.OAUTH2_PROVIDER = {
        "OIDC_ENABLED": True,
        "OIDC_RSA_PRIVATE_KEY": _private_key_pem(),
        "OIDC_ISS_ENDPOINT": issuer,
        "OAUTH2_VALIDATOR_CLASS": "tests.identity.idp.TestProviderValidator",
        "SCOPES": {"openid": "OpenID Connect", "profile": "Profile", "email": "E-mail"},
        "PKCE_REQUIRED": True,
    }
    from oauth2_provider.models import Application

    Application.objects.create(
        name="Signaal",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=f"{rp}/accounts/oidc/{SLUG}/login/callback/",
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    sso = OrganisationSSO.objects.create(
        organisation=OrganisationFactory(name="Gemeente Noord"),
        slug=SLUG,
        issuer=issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
    )
    SSODomain.objects.create(sso=sso, domain=DOMAIN)
    idp.PEOPLE.clear()
    idp.ID_TOKEN_OVERRIDES.clear()
    yield Provider(issuer=issuer, rp=rp, sso=sso)
    idp.PEOPLE.clear()
    idp.ID_TOKEN_OVERRIDES.clear()
