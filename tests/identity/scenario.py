"""What the test provider says and does, set per test (no django-oauth-toolkit import: it is installed per test)."""

PEOPLE: dict[str, dict] = {}  # the provider's account e-mail → the claims it sends about that person
ID_TOKEN_OVERRIDES: dict = {}  # claims the provider puts in ID tokens on purpose (another issuer, audience, exp)
PREFIX = "test-idp"
