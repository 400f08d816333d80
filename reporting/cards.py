"""A reporting route as a reader sees it: one shape for the national routes and an organisation's own contacts.

The national routes are rows of this app; an organisation's own contacts belong to `organisations`, a higher
layer, which hands them down as `RouteCard`s through the provider named in ``settings.REPORTING_LOCAL_ROUTES``
(see `reporting.selectors.local_routes`). The templates only ever see cards, so they need not know where a
route comes from.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    """Who a text is written for; the values are those of `courses.models.Audience`."""

    STAFF = "staff", _("Municipal staff")
    TEACHERS = "teachers", _("Teachers")
    PUPILS = "pupils", _("Pupils")


def phone_href(phone: str) -> str:
    """``tel:`` with the digits (and a leading +) of a number as people write it: "033-448 11 86"."""
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return f"tel:{digits}" if digits else ""


@dataclass(frozen=True)
class RouteCard:
    name: str  # what the card is called: "Veilig Thuis", or an organisation's contact's role
    text: str = ""  # when to use it, in the reader's voice
    phone: str = ""
    url: str = ""
    email: str = ""
    hours: str = ""
    is_emergency: bool = False
    person: str = ""  # an organisation's contact: the person or team to ask for
    organisation: str = ""  # set on an organisation's own contacts, empty on national routes

    @property
    def phone_href(self) -> str:
        return phone_href(self.phone)

    @property
    def is_local(self) -> bool:
        return bool(self.organisation)

    @property
    def web_label(self) -> str:
        """The site's address without its scheme, for print: "www.veiligthuis.nl"."""
        return self.url.split("://", 1)[-1].rstrip("/")
