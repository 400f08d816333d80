import factory

from organisations.models import Membership, Organisation, Team, TeamMembership
from tests.factories import UserFactory, mfa_enable


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    kind = Organisation.Kind.MUNICIPALITY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER

    @factory.post_generation
    def mfa(obj, create, extracted, **kwargs):
        """Coordinators and organisation admins must use MFA, so they have it set up unless ``mfa=False``."""
        if create and (extracted or (extracted is None and obj.manages)) and not obj.user.authenticator_set.exists():
            mfa_enable(obj.user)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


def team_with_members(team: Team, count: int) -> list[Membership]:
    members = MembershipFactory.create_batch(count, organisation=team.organisation)
    TeamMembership.objects.bulk_create([TeamMembership(team=team, membership=m) for m in members])
    return members


def coordinator_of(organisation: Organisation) -> Membership:
    """Coordinators must use MFA, so theirs is set up."""
    return MembershipFactory(organisation=organisation, role=Membership.Role.COORDINATOR, user__mfa=True)


def members_in_bulk(organisation: Organisation, count: int, *, team: Team | None = None, prefix: str = "bulk"):
    """``count`` members at once (one INSERT per table), for specs about pages at 10,000 people."""
    from accounts.models import User

    users = User.objects.bulk_create(
        [
            User(email=f"{prefix}{i}@example.org", first_name=f"Voornaam{i}", last_name=f"Achternaam{i}", password="!")
            for i in range(count)
        ],
        batch_size=2000,
    )
    memberships = Membership.objects.bulk_create(
        [Membership(organisation=organisation, user=user) for user in users], batch_size=2000
    )
    if team is not None:
        TeamMembership.objects.bulk_create(
            [TeamMembership(team=team, membership=m) for m in memberships], batch_size=2000
        )
    return memberships
