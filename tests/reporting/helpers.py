from organisations.contacts import reporting_contacts_save
from organisations.models import ReportingContact

OFFICER_A = {
    "name": "Anna Aandacht",
    "phone": "020-123 45 67",
    "email": "aandacht@aadorp.example",
    "url": "https://www.aadorp.example/mensenhandel",
    "note": "Op werkdagen van 9 tot 17 uur.",
}
OFFICER_B = {**OFFICER_A, "name": "Bert Beedorp", "phone": "030-765 43 21", "email": "bert@beedorp.example"}
PUPIL_CONTACT = {"name": "Mevrouw Zorg, vertrouwenspersoon", "phone": "06-12345678", "email": "", "url": "", "note": ""}


def officer_set(organisation, values: dict) -> None:
    reporting_contacts_save(organisation=organisation, contacts={ReportingContact.Kind.TRAFFICKING_OFFICER: values})


def pupil_contact_set(organisation, values: dict = PUPIL_CONTACT) -> None:
    reporting_contacts_save(organisation=organisation, contacts={ReportingContact.Kind.PUPIL_CONTACT: values})
