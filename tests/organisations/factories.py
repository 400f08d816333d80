import factory

from organisations.models import Membership, Organisation, Team, TeamMembership
from tests.factories import UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    kind = Organisation.Kind.MUNICIPALITY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER


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
    return MembershipFactory(organisation=organisation, role=Membership.Role.COORDINATOR)
