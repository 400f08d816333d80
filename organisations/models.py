from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A municipality, school or other body whose people take courses."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        SCHOOL = "school", _("School")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    cbs_code = models.CharField(
        _("CBS municipality code"), max_length=6, blank=True, help_text=_("For municipalities, e.g. GM0363.")
    )
    removed_member_retention_months = models.PositiveSmallIntegerField(
        _("keep removed members' progress (months)"),
        default=12,
        help_text=_(
            "How long the organisation still sees what a removed member had done (a frozen record); then it is "
            "deleted. 0 deletes it at once."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cbs_code"], condition=~Q(cbs_code=""), name="organisation_unique_cbs_code"
            ),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person in an organisation, with a role. A person may belong to several organisations."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        COORDINATOR = "coordinator", _("Coordinator")
        ADMIN = "admin", _("Organisation admin")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} @ {self.organisation} ({self.role})"

    @property
    def manages(self) -> bool:
        return self.role in (self.Role.COORDINATOR, self.Role.ADMIN)


class Team(models.Model):
    """A group of members of one organisation, e.g. "Wmo-loket" or "Handhaving"."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=120)
    members = models.ManyToManyField(Membership, through="TeamMembership", related_name="teams")

    class Meta:
        verbose_name = _("team")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="team_unique_name")]

    def __str__(self):
        return self.name


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE)
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "membership"], name="team_membership_unique")]

    def __str__(self):
        return f"{self.membership_id} in {self.team_id}"


class Invitation(models.Model):
    """An e-mail invitation to join an organisation, accepted once through a link that expires."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Until it is sent: failed tries so far and when the catch-up task tries again (organisations/delivery.py).
    send_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    next_attempt_at = models.DateTimeField(null=True, blank=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"], condition=Q(accepted_at__isnull=True), name="invitation_one_open"
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at < timezone.now()


class Assignment(models.Model):
    """An organisation asks a team or one person to complete a course by a due date."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="assignments")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments")
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.CASCADE, related_name="direct_assignments"
    )
    due_date = models.DateField(_("due date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=False, membership__isnull=True)
                | Q(team__isnull=True, membership__isnull=False),
                name="assignment_one_target",
            ),
            models.UniqueConstraint(fields=["course", "team"], condition=Q(team__isnull=False), name="assignment_team"),
            models.UniqueConstraint(
                fields=["course", "membership"], condition=Q(membership__isnull=False), name="assignment_person"
            ),
        ]

    def __str__(self):
        return f"{self.course_id} → {self.team or self.membership} by {self.due_date}"


class PersonAssignment(models.Model):
    """One person's share of an assignment: what reminders and reports are about."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="people")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="person_assignments")
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    # A reminder or overdue notice that could not be sent: failed tries and when the catch-up tries again.
    notice_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    notice_next_attempt_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The mail that tells the person about the assignment (with the due date and an .ics): empty ``next`` on
    # rows from before it existed, so nobody is mailed about an old assignment.
    assigned_mail_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    assigned_mail_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    assigned_mail_next_attempt_at = models.DateTimeField(null=True, blank=True, editable=False)
    # "Stuur nu een herinnering": the last reminder a coordinator sent by hand (at most one a day).
    manual_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "membership"], name="person_assignment_unique"),
        ]

    def __str__(self):
        return f"{self.membership_id} ← {self.assignment_id}"


class FormerMember(models.Model):
    """What an organisation keeps of a member it removed: a frozen record of their assignments and progress at
    the moment of removal, deleted after the organisation's retention period. No link to the account: from the
    removal on, the person's own learning is theirs alone."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="former_members")
    name = models.CharField(_("name"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    teams = models.CharField(_("teams"), max_length=500, blank=True)
    # [{"course": title, "due_date": iso, "status": key, "progress": int, "completed_at": iso or None}, ...]
    progress = models.JSONField(default=list)
    removed_at = models.DateTimeField(_("removed on"), default=timezone.now, db_index=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("former member")
        verbose_name_plural = _("former members")
        ordering = ["-removed_at"]

    def __str__(self):
        return f"{self.email} (removed from {self.organisation_id})"


class CalendarFeed(models.Model):
    """A learner's personal calendar feed of due dates. The URL carries a secret token; the database keeps only
    its hash. Making a new one or switching it off makes the old URL stop working."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")

    def __str__(self):
        return f"calendar feed of {self.user_id}"


class CoordinatorDigest(models.Model):
    """One coordinator's weekly digest for one week: the guard that makes a retry never mail twice."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="digests")
    period = models.DateField(_("week of"), help_text=_("The Monday of the week the digest is about."))
    sent_at = models.DateTimeField(null=True, blank=True)  # also set when there was nothing to report
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("coordinator digest")
        constraints = [models.UniqueConstraint(fields=["membership", "period"], name="coordinator_digest_once")]

    def __str__(self):
        return f"{self.membership_id} {self.period}"


class ReportingContact(models.Model):
    """An organisation's own reporting route: who its members (or, at a school, its pupils) can turn to.

    Shown before the national routes in lessons, on "Waar meld ik?" and on the signal card, through
    `organisations.contacts.local_routes` (reporting sits below organisations and asks for them by setting).
    """

    class Kind(models.TextChoices):
        TRAFFICKING_OFFICER = "trafficking_officer", _("Human trafficking contact person (aandachtsfunctionaris)")
        CARE_COORDINATOR = "care_coordinator", _("Regional care coordinator for human trafficking")
        VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis in your region")
        PUPIL_CONTACT = "pupil_contact", _("Contact person for pupils")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="reporting_contacts")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    url = models.URLField(_("website"), blank=True)
    note = models.TextField(_("when to contact"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reporting contact")
        verbose_name_plural = _("reporting contacts")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="reporting_contact_one_per_kind"),
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email="") | ~Q(url=""), name="reporting_contact_reachable"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"
