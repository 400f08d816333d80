"""An organisation's own reporting routes: reads, the one write, and the provider `reporting` asks for them.

Staff and teachers see the contacts of every organisation they belong to (aandachtsfunctionaris, regional
zorgcoördinator, Veilig Thuis in the region); a pupil sees the contact for pupils of the school their class
belongs to (or, for a class without a school, of the teacher's organisations). Everyone else, and members of
an organisation that set nothing, see only the national routes.
"""

from django.db import transaction
from django.db.models import Q

from classrooms.middleware import session_pupil
from classrooms.models import SchoolClass
from organisations.models import Organisation, ReportingContact
from reporting.cards import RouteCard

Kind = ReportingContact.Kind
STAFF_KINDS = (Kind.TRAFFICKING_OFFICER, Kind.CARE_COORDINATOR, Kind.VEILIG_THUIS)
PUPIL_KINDS = (Kind.PUPIL_CONTACT,)
KIND_ORDER = {kind: position for position, kind in enumerate(Kind.values)}
FIELDS = ("name", "phone", "email", "url", "note")


def contact_card(contact: ReportingContact) -> RouteCard:
    return RouteCard(
        name=contact.get_kind_display(),
        person=contact.name,
        organisation=contact.organisation.name,
        text=contact.note,
        phone=contact.phone,
        email=contact.email,
        url=contact.url,
    )


def organisation_reporting_contacts(*, organisation: Organisation) -> dict[str, ReportingContact]:
    """{kind: contact} of the contacts the organisation has set."""
    return {contact.kind: contact for contact in ReportingContact.objects.filter(organisation=organisation)}


def _sorted_cards(contacts) -> list[RouteCard]:
    ordered = sorted(contacts, key=lambda contact: (contact.organisation.name, KIND_ORDER[contact.kind]))
    return [contact_card(contact) for contact in ordered]


def member_reporting_contacts(*, user, kinds=STAFF_KINDS) -> list[RouteCard]:
    """The contacts of every organisation the user belongs to (for staff and teachers, unless ``kinds`` says
    otherwise): one query."""
    if not user.is_authenticated:
        return []
    contacts = ReportingContact.objects.filter(organisation__memberships__user=user, kind__in=kinds)
    return _sorted_cards(contacts.select_related("organisation"))


def pupil_reporting_contacts(*, school_class_id: int) -> list[RouteCard]:
    """The contact for pupils of the class's school; for a class without a school, of the teacher's
    organisations. Two queries."""
    school_class = SchoolClass.objects.filter(pk=school_class_id).values("organisation_id", "teacher_id").first()
    if school_class is None:
        return []
    if school_class["organisation_id"]:
        where = Q(organisation_id=school_class["organisation_id"])
    else:
        where = Q(organisation__memberships__user_id=school_class["teacher_id"])
    contacts = ReportingContact.objects.filter(where, kind__in=PUPIL_KINDS).select_related("organisation")
    return _sorted_cards(contacts)


def local_routes(*, request, for_pupils: bool) -> list[RouteCard]:
    """The provider `reporting` asks (``settings.REPORTING_LOCAL_ROUTES``): the viewer's own contacts.

    For pupils' texts: a pupil gets their school's contact for pupils; a teacher printing the pupils' signal
    card gets the contact for pupils of their own school(s).
    """
    if for_pupils:
        info = session_pupil(request)
        if info:
            return pupil_reporting_contacts(school_class_id=info["class"])
        return member_reporting_contacts(user=request.user, kinds=PUPIL_KINDS)
    return member_reporting_contacts(user=request.user)


@transaction.atomic
def reporting_contacts_save(*, organisation: Organisation, contacts: dict[str, dict | None]) -> None:
    """Set the organisation's contacts: ``{kind: {name, phone, email, url, note}}``; ``None`` removes one.

    Kinds left out of ``contacts`` are not touched.
    """
    for kind, values in contacts.items():
        kind = Kind(kind)
        if values is None:
            ReportingContact.objects.filter(organisation=organisation, kind=kind).delete()
            continue
        ReportingContact.objects.update_or_create(
            organisation=organisation, kind=kind, defaults={field: values.get(field, "") for field in FIELDS}
        )
