"""The audit trail of deleted classes and pupils, in Wagtail's audit log.

A pupil's nickname is personal data about a child, so entries name the class and count the pupils, never
who they were. ``data["organisation"]`` is the class's school (or None), so the school's coordinators see
the entries on their organisation's trail.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log

from classrooms.models import SchoolClass

CLASS_DELETED = "signaal.classrooms.class_deleted"
CLASS_ARCHIVED = "signaal.classrooms.class_archived"
PUPILS_DELETED = "signaal.classrooms.pupils_deleted"


class CountFormatter(LogFormatter):
    detail = ""

    def format_message(self, log_entry):
        pupils = log_entry.data.get("pupils")
        return self.detail % {"count": pupils} if pupils is not None else self.label


def formatter(label, detail) -> type[LogFormatter]:
    return type("Formatter", (CountFormatter,), {"label": label, "detail": detail})


ACTIONS = {
    CLASS_DELETED: formatter(_("Class deleted"), _("Class deleted with its %(count)s pupils")),
    CLASS_ARCHIVED: formatter(_("Class archived"), _("Class archived; its %(count)s pupils deleted")),
    PUPILS_DELETED: formatter(_("Pupils deleted"), _("%(count)s pupils deleted from the class")),
}


def school_class_log(*, school_class: SchoolClass, action: str, user, pupils: int, **data) -> None:
    """One entry about the class: who did it, and how many pupils it concerned."""
    log(
        instance=school_class,
        action=action,
        user=user if user is not None and user.is_authenticated else None,
        data={"organisation": school_class.organisation_id, "pupils": pupils, **data},
    )
