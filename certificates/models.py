from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.codes import code_display


class Certificate(models.Model):
    """Frozen proof that one enrollment cycle was completed.

    Everything shown on the certificate is copied at issue time (name, course title and version, dates,
    score), so later edits to the account or the course never change what was certified. The enrollment
    link goes NULL when a course is deleted, so the certificate stays verifiable; deleting the learner
    deletes their certificates (right to erasure).
    """

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    enrollment = models.OneToOneField(
        "courses.Enrollment", on_delete=models.SET_NULL, null=True, blank=True, related_name="certificate"
    )
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates")
    learner_name = models.CharField(_("name"), max_length=300)
    course_title = models.CharField(_("course"), max_length=255)
    course_version = models.PositiveBigIntegerField(_("course version"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed on"))
    score_percent = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True, db_index=True)
    code = models.CharField(_("verification code"), max_length=28, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    pdf = models.FileField(_("PDF"), upload_to="certificates/%Y/%m/", blank=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    # The e-mail (and the PDF it carries) is retried by the catch-up task until it goes out: failed tries so
    # far, and when the next one is due. Set at issue too, so a lost task message is caught up as well.
    email_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    email_next_attempt_at = models.DateTimeField(null=True, blank=True, editable=False)
    expiry_notice_sent_at = models.DateTimeField(_("expiry notice sent at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(condition=Exact(Length("code"), 28), name="certificate_code_length"),
            models.CheckConstraint(
                condition=models.Q(score_percent__isnull=True) | models.Q(score_percent__gte=0, score_percent__lte=100),
                name="certificate_score_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True, revoked_reason="")
                | (models.Q(revoked_at__isnull=False) & ~models.Q(revoked_reason="")),
                name="certificate_revoked_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="certificate_language_known",
            ),
        ]
        indexes = [
            models.Index(fields=["learner", "-issued_at"], name="certificate_learner_issued"),
            models.Index(
                fields=["email_next_attempt_at"], condition=models.Q(emailed_at__isnull=True), name="certificate_unsent"
            ),
        ]

    # The reason stored when the holder deleted their account: the public check says so, and shows no name.
    REVOKED_ON_REQUEST_REASON = "Ingetrokken op verzoek van de houder"

    def __str__(self):
        return f"{self.course_title} – {self.learner_name} ({self.display_code})"

    @property
    def revoked_on_request(self) -> bool:
        return self.revoked_reason == self.REVOKED_ON_REQUEST_REASON

    @property
    def display_code(self) -> str:
        return code_display(self.code)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def status_on(self, day) -> str:
        if self.is_revoked:
            return self.Status.REVOKED
        if self.expires_on is not None and day > self.expires_on:
            return self.Status.EXPIRED
        return self.Status.VALID

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    @property
    def status_label(self) -> str:
        return self.Status(self.status).label
