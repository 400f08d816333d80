"""A demo municipality with teams, its coordinator and a staff member. Loading it twice changes nothing."""

from pathlib import Path

from organisations.models import Membership, Organisation, Team, TeamMembership

SAMPLE_ROSTER = Path(__file__).with_name("medewerkers-voorbeeld.csv")
DEMO_TEAMS = ["Wmo-loket", "Handhaving", "Publiekszaken"]


def demo_organisation_load(*, coordinator, staff_member) -> Organisation:
    organisation, _created = Organisation.objects.get_or_create(
        cbs_code="GM9999", defaults={"name": "Gemeente Voorbeeld", "kind": Organisation.Kind.MUNICIPALITY}
    )
    teams = {name: Team.objects.get_or_create(organisation=organisation, name=name)[0] for name in DEMO_TEAMS}
    Membership.objects.get_or_create(
        organisation=organisation, user=coordinator, defaults={"role": Membership.Role.COORDINATOR}
    )
    member, _created = Membership.objects.get_or_create(organisation=organisation, user=staff_member)
    TeamMembership.objects.get_or_create(team=teams["Wmo-loket"], membership=member)
    return organisation
