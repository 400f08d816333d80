import pytest

from tests.organisations.factories import MembershipFactory, OrganisationFactory

PROVIDER = "organisations.contacts.local_routes"


@pytest.fixture(autouse=True)
def _local_routes_provider(settings):
    """Until ``REPORTING_LOCAL_ROUTES`` is in base.py, the tests put it where it will go."""
    if not getattr(settings, "REPORTING_LOCAL_ROUTES", ""):
        settings.REPORTING_LOCAL_ROUTES = PROVIDER


@pytest.fixture
def org_a(db):
    return OrganisationFactory(name="Gemeente Aadorp")


@pytest.fixture
def org_b(db):
    return OrganisationFactory(name="Gemeente Beedorp")


@pytest.fixture
def member_a(org_a):
    return MembershipFactory(organisation=org_a).user


@pytest.fixture
def member_b(org_b):
    return MembershipFactory(organisation=org_b).user
