"""A person deletes their own account: every row that points at them is removed or anonymised."""

import logging
import re
import uuid

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry

from accounts.models import User
from certificates.models import Certificate
from classrooms.models import SchoolClass
from classrooms.services import school_class_delete
from organisations.models import FormerMember, Invitation, Membership
from privacy.export import audit_entries_about

logger = logging.getLogger(__name__)

# Certificates outlive the account they were issued to (an employer may still scan one), so they move to one
# anonymous holder: they are no longer linked to the person, nor to each other.
ERASED_HOLDER_PUBLIC_ID = uuid.UUID("5e1f0000-0000-4000-8000-000000000000")
# Stored on the certificate; the verification page shows it as the reason (Dutch, like the certificate itself).
CERTIFICATE_ERASED_REASON = Certificate.REVOKED_ON_REQUEST_REASON
ERASED_LABEL = "verwijderd account"
PERSONAL_DATA_KEYS = ("email", "learner", "name", "first_name", "last_name")


def erased_holder() -> User:
    holder, _created = User.objects.get_or_create(
        public_id=ERASED_HOLDER_PUBLIC_ID, defaults={"email": None, "is_active": False, "password": "!"}
    )
    return holder


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete ``user``'s account and everything about them.

    - classes they teach are deleted with their pupils (as the teacher would);
    - certificates are revoked "on request", lose the name and the PDF, and move to the anonymous holder, so a
      scanned code still answers "ingetrokken" without naming anyone;
    - audit entries they made lose their actor; entries about them lose their address and name;
    - invitations to their address and former-member records with it are deleted;
    - the account itself is deleted, and the database's cascades take the rest (memberships, enrolments,
      progress, quiz answers, H5P statements, results and saved state, e-mail addresses, MFA, SSO links).
    Sessions end with the account: a session of a user that no longer exists is anonymous.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    for school_class in SchoolClass.objects.filter(teacher=user):
        school_class_delete(school_class=school_class)
    _audit_anonymise(user)  # first: it finds entries about the certificates while they are still the person's
    _certificates_erase(user)
    if user.email:
        Invitation.objects.filter(email__iexact=user.email).delete()
        FormerMember.objects.filter(email__iexact=user.email).delete()
    user_id = user.pk
    user.delete()
    logger.info("account %s deleted at its owner's request", user_id)


def _certificates_erase(user: User) -> None:
    certificates = Certificate.objects.filter(learner=user)
    stored = [name for name in certificates.exclude(pdf="").values_list("pdf", flat=True)]
    certificates.update(
        learner=erased_holder(),
        learner_name="",
        revoked_at=Coalesce("revoked_at", Value(timezone.now())),
        revoked_reason=CERTIFICATE_ERASED_REASON,
        pdf="",
        emailed_at=Coalesce("emailed_at", Value(timezone.now())),  # nothing left to send to anyone
    )
    if stored:
        storage = Certificate._meta.get_field("pdf").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in stored], robust=True)


def _audit_anonymise(user: User) -> None:
    ModelLogEntry.objects.filter(user_id=user.pk).update(user=None)
    PageLogEntry.objects.filter(user_id=user.pk).update(user=None)
    about = audit_entries_about(
        user=user,
        membership_ids=list(Membership.objects.filter(user=user).values_list("pk", flat=True)),
        invitation_ids=list(
            Invitation.objects.filter(email__iexact=user.email).values_list("pk", flat=True) if user.email else []
        ),
        certificate_ids=list(Certificate.objects.filter(learner=user).values_list("pk", flat=True)),
    )
    entries = list(ModelLogEntry.objects.filter(about).only("pk", "label", "data"))
    names = [name.strip() for name in (user.email or "", user.get_full_name(), str(user)) if name.strip()]
    for entry in entries:
        for name in sorted(names, key=len, reverse=True):  # the address before a name it may contain
            entry.label = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", ERASED_LABEL, entry.label, flags=re.IGNORECASE)
        entry.data = {key: value for key, value in (entry.data or {}).items() if key not in PERSONAL_DATA_KEYS}
    ModelLogEntry.objects.bulk_update(entries, ["label", "data"], batch_size=500)
