"""The audit trail of revoked certificates, in Wagtail's audit log: who revoked and why."""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log

from certificates.models import Certificate

CERTIFICATE_REVOKED = "signaal.certificates.revoked"


class RevokedFormatter(LogFormatter):
    label = _("Certificate revoked")

    def format_message(self, log_entry):
        reason = log_entry.data.get("reason")
        return _("Certificate revoked: %(reason)s") % {"reason": reason} if reason else self.label


ACTIONS = {CERTIFICATE_REVOKED: RevokedFormatter}


def certificate_revoked_log(*, certificate: Certificate, user, reason: str) -> None:
    # The title names the course and the code, not the learner: the entry says what, the code leads to whom.
    log(
        instance=certificate,
        action=CERTIFICATE_REVOKED,
        user=user if user is not None and user.is_authenticated else None,
        title=f"{certificate.course_title} ({certificate.display_code})",
        data={"reason": reason, "learner": certificate.learner_id},
    )
