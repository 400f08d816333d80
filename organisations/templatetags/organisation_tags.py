from django import template

from organisations.models import Membership

register = template.Library()


@register.filter
def administered_by(organisation, user) -> bool:
    """Whether ``user`` is an admin of ``organisation`` (the settings only an admin may change, such as sign-in)."""
    return Membership.objects.filter(organisation=organisation, user=user, role=Membership.Role.ADMIN).exists()
