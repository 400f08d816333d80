"""Everything the platform holds about one person, by kind: what "Mijn gegevens" puts in the ZIP.

One query per kind, whatever the number of rows (``tests/privacy/test_export.py`` counts them). Secrets are left
out on purpose: password hash, MFA secrets and recovery codes, single sign-on tokens, the calendar feed's token
hash, pupils' code seeds. ``EXPORTED`` and ``NOT_EXPORTED`` name every model that points at a user, so a new one
fails the test until someone decides where it belongs.
"""

from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import ModelLogEntry, PageLogEntry

from accounts.models import User
from certificates.models import Certificate
from classrooms.models import Pupil, SchoolClass
from courses.models import Enrollment, LessonProgress
from h5p.models import H5PContentState, H5PResult, H5PStatement
from organisations.models import CalendarFeed, FormerMember, Invitation, Membership, PersonAssignment
from quizzes.models import QuizAnswer, QuizAttempt

# Models with a foreign key to the user, by label: the kind of the export that holds them ...
EXPORTED = {
    "account.EmailAddress": "account",
    "mfa.Authenticator": "account",
    "socialaccount.SocialAccount": "account",
    "organisations.CalendarFeed": "account",
    "organisations.Membership": "memberships",
    "classrooms.Pupil": "classes",
    "classrooms.SchoolClass": "classes",
    "courses.Enrollment": "enrolments",
    "quizzes.QuizAttempt": "quiz_answers",
    "h5p.H5PStatement": "h5p_statements",
    "h5p.H5PResult": "h5p_results",
    "h5p.H5PContentState": "h5p_state",
    "certificates.Certificate": "certificates",
    "wagtailcore.ModelLogEntry": "audit_entries",
    "wagtailcore.PageLogEntry": "audit_entries",
}
# ... and those left out, with the reason.
NOT_EXPORTED = {
    "admin.LogEntry": "the Django admin's own history of edits, shown in that admin",
    "wagtailusers.UserProfile": "editor preferences of the Wagtail admin",
    "wagtailadmin.EditingSession": "who has a page open in the editor now (minutes)",
    "wagtailadmin.FormState": "an editor's unsaved form, kept briefly",
    "wagtailcore.APIToken": "a secret",
    "wagtailcore.Revision": "content editors wrote, not data about them",
    "wagtailcore.UploadedFile": "content editors uploaded",
    "wagtaildocs.Document": "content editors uploaded",
    "wagtailimages.Image": "content editors uploaded",
    "wagtailcore.WorkflowState": "content moderation",
    "wagtailcore.TaskState": "content moderation",
    "wagtailcore.Comment": "comments on content in the editor",
    "wagtailcore.CommentReply": "comments on content in the editor",
    "wagtailcore.PageSubscription": "editor notifications about content",
    "organisations.Invitation": "invited_by: invitations this person sent are the invitees' data (invitations to "
    "this person are exported under memberships)",
    "organisations.Assignment": "created_by: who assigned a course to a team",
    "organisations.FormerMember": "removed_by: who removed a member (records about this person, by address, are "
    "exported under memberships)",
}
PAGE_OWNER_FIELDS = {"owner", "locked_by"}  # every page type's editorial fields: content, not personal data


@dataclass
class PersonalData:
    """The export's contents: kind → list of plain rows (JSON-ready with Django's encoder)."""

    kinds: dict[str, list[dict]] = field(default_factory=dict)

    def rows(self, kind: str) -> list[dict]:
        return self.kinds.setdefault(kind, [])


def _account(user: User) -> dict:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "public_id": user.public_id,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
        "has_password": user.has_usable_password(),
    }


def personal_data(*, user: User) -> PersonalData:
    """Collect every kind of data about ``user``; one query per kind."""
    data = PersonalData()
    data.rows("account").append(_account(user))
    account = data.rows("account")
    account += [
        {"kind": "email_address", **row}
        for row in EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
    ]
    account += [
        {"kind": "second_factor", **row}
        for row in Authenticator.objects.filter(user=user).values("type", "created_at", "last_used_at")
    ]
    account += [
        {"kind": "single_sign_on", **row}
        for row in SocialAccount.objects.filter(user=user).values(
            "provider", "uid", "date_joined", "last_login", "extra_data"
        )
    ]
    account += [{"kind": "calendar_feed", **row} for row in CalendarFeed.objects.filter(user=user).values("created_at")]
    memberships = list(Membership.objects.filter(user=user).values("pk", "organisation__name", "role", "created_at"))
    data.rows("memberships").extend({"kind": "membership", **row} for row in memberships)
    data.rows("memberships").extend(
        {"kind": "assignment", **row}
        for row in PersonAssignment.objects.filter(membership__user=user).values(
            "assignment__organisation__name",
            "assignment__course__title",
            "assignment__due_date",
            "reminded_at",
            "overdue_notified_at",
        )
    )
    invitations = []
    if user.email:
        invitations = list(
            Invitation.objects.filter(email__iexact=user.email).values(
                "pk", "organisation__name", "email", "first_name", "last_name", "created_at", "accepted_at"
            )
        )
        data.rows("memberships").extend({"kind": "invitation", **row} for row in invitations)
        data.rows("memberships").extend(
            {"kind": "former_membership", **row}
            for row in FormerMember.objects.filter(email__iexact=user.email).values(
                "organisation__name", "name", "email", "teams", "progress", "removed_at"
            )
        )
    data.rows("classes").extend(
        {"kind": "pupil", **row}
        for row in Pupil.objects.filter(user=user).values(
            "nickname", "school_class__name", "joined_at", "last_active_at"
        )
    )
    data.rows("classes").extend(
        {"kind": "class_taught", **row}
        for row in SchoolClass.objects.filter(teacher=user).values("name", "organisation__name", "created_at")
    )
    data.rows("enrolments").extend(
        Enrollment.objects.filter(learner=user).values(
            "course__title", "cycle", "status", "progress_percent", "created_at", "completed_at"
        )
    )
    data.rows("progress").extend(
        LessonProgress.objects.filter(enrollment__learner=user).values(
            "enrollment__course__title", "lesson__title", "visited_at", "finish_requested_at", "completed_at"
        )
    )
    data.rows("quiz_answers").extend(
        {"kind": "attempt", **row}
        for row in QuizAttempt.objects.filter(learner=user).values(
            "pk", "quiz__title", "number", "status", "started_at", "graded_at", "score_percent", "pass_mark_percent"
        )
    )
    data.rows("quiz_answers").extend(
        {"kind": "answer", **row}
        for row in QuizAnswer.objects.filter(attempt__learner=user).values(
            "attempt_id", "question_key", "response", "points", "saved_at"
        )
    )
    data.rows("h5p_statements").extend(
        H5PStatement.objects.filter(learner=user).values(
            "activity__title", "verb", "raw_score", "max_score", "completed", "statement", "created_at"
        )
    )
    data.rows("h5p_results").extend(
        H5PResult.objects.filter(learner=user).values(
            "activity__title", "scaled", "completed", "attempts", "updated_at"
        )
    )
    data.rows("h5p_state").extend(
        H5PContentState.objects.filter(learner=user).values(
            "activity__title", "data_type", "sub_content_id", "data", "updated_at"
        )
    )
    certificates = list(
        Certificate.objects.filter(learner=user).values(
            "pk",
            "learner_name",
            "course_title",
            "completed_at",
            "score_percent",
            "expires_on",
            "code",
            "issued_at",
            "revoked_at",
            "revoked_reason",
        )
    )
    data.rows("certificates").extend(certificates)
    data.rows("audit_entries").extend(
        audit_entries(
            user=user,
            membership_ids=[row["pk"] for row in memberships],
            invitation_ids=[row["pk"] for row in invitations],
            certificate_ids=[row["pk"] for row in certificates],
        )
    )
    return data


def audit_entries_about(*, user: User, membership_ids, invitation_ids, certificate_ids) -> Q:
    """Audit entries about this person: on their account, memberships, invitations or certificates, or naming
    their address (a removed member's entry is about the organisation, titled with the address)."""
    types = ContentType.objects.get_for_models(User, Membership, Invitation, Certificate)
    about = Q(content_type=types[User], object_id=str(user.pk)) | Q(data__learner=user.pk)
    for model, ids in ((Membership, membership_ids), (Invitation, invitation_ids), (Certificate, certificate_ids)):
        if ids:
            about |= Q(content_type=types[model], object_id__in=[str(pk) for pk in ids])
    if user.email:
        about |= Q(label__iexact=user.email) | Q(data__email=user.email)
    return about


def audit_entries(*, user: User, membership_ids, invitation_ids, certificate_ids) -> list[dict]:
    """What this person did (as the actor) and what was recorded about them, in the audit trail. Two queries (the
    content types are cached by Django)."""
    about = audit_entries_about(
        user=user, membership_ids=membership_ids, invitation_ids=invitation_ids, certificate_ids=certificate_ids
    )
    fields = ("timestamp", "action", "label", "data", "user_id")
    rows = [{"about": "page", **row} for row in PageLogEntry.objects.filter(user_id=user.pk).values(*fields)]
    rows += [
        {"about": "record", **row}
        for row in ModelLogEntry.objects.filter(Q(user_id=user.pk) | about).values(*fields).order_by("timestamp")
    ]
    for row in rows:
        row["by_this_person"] = row.pop("user_id") == user.pk
    return rows
