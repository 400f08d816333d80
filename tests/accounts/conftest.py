import pytest

from tests.factories import PASSWORD, totp_code

LOGIN_URL = "/accounts/login/"
MFA_URL = "/accounts/2fa/authenticate/"


def password_login(client, user, *, next_url: str = ""):
    url = f"{LOGIN_URL}?next={next_url}" if next_url else LOGIN_URL
    return client.post(url, {"login": user.email, "password": PASSWORD})


def logged_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


@pytest.fixture
def mfa_login():
    """Log in through allauth as a user set up with tests.factories.mfa_enable: password, then a code."""

    def log_in(client, user, *, code: str | None = None, next_url: str = ""):
        response = password_login(client, user, next_url=next_url)
        assert response.status_code == 302 and response["Location"] == MFA_URL, response
        return client.post(MFA_URL, {"code": code or totp_code()})

    return log_in
