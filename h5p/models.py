import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from h5p.content_types import library_reporting


class H5PActivity(models.Model):
    """An "interactive activity": one uploaded ``.h5p`` package, extracted to storage.

    ``content_path`` is the storage folder of the current extraction; it changes (with
    ``package_version``) whenever the package is replaced, so old and new files never mix.
    """

    title = models.CharField(_("title"), max_length=255)
    package = models.FileField(_("H5P package"), upload_to="h5p/packages/", max_length=255)
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Learners can only play published activities.")
    )
    offer_download = models.BooleanField(
        _("offer the package for download"),
        default=False,
        help_text=_("Learners see a link to download the .h5p file, to reuse it under its licence."),
    )
    package_version = models.UUIDField(default=uuid.uuid4, editable=False)
    content_path = models.CharField(max_length=255, editable=False)
    main_library = models.CharField(_("main library"), max_length=255, editable=False)
    libraries = models.JSONField(_("libraries"), default=list, editable=False)
    license = models.CharField(_("licence"), max_length=64, blank=True, editable=False)
    authors = models.JSONField(_("authors"), default=list, editable=False)
    language = models.CharField(_("language"), max_length=16, blank=True, editable=False)
    h5p_json = models.JSONField(default=dict, editable=False)
    external_hosts = models.JSONField(_("external hosts the package asks for"), default=list, editable=False)
    allowed_hosts = models.JSONField(
        _("external hosts allowed"),
        default=list,
        blank=True,
        help_text=_(
            "Content from these sites loads only when you allow it here. "
            "Pupil pages load nothing from other sites by default."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("interactive activity")
        verbose_name_plural = _("interactive activities")
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def main_library_name(self) -> str:
        """The machine name without its version: "H5P.Accordion" for "H5P.Accordion-1.0"."""
        return self.main_library.rsplit("-", 1)[0]

    @property
    def reporting(self) -> str:
        """What playing it reports: ``h5p.content_types.SCORE``, ``COMPLETION`` or ``NOTHING``."""
        return library_reporting(self.main_library_name)

    @property
    def license_display(self) -> str:
        """The licence as people read it ("CC BY-SA 4.0"), or "" when the package does not say ("U")."""
        if self.license in ("", "U"):
            return ""
        version = str(self.h5p_json.get("licenseVersion") or "")
        return f"{self.license} {version}".strip()

    @property
    def authors_display(self) -> str:
        return ", ".join(str(a.get("name", "")) for a in self.authors if a.get("name"))


class H5PStatement(models.Model):
    """One accepted xAPI statement, kept as sent (with the actor replaced by the server's)."""

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(H5PActivity, on_delete=models.CASCADE, related_name="statements")
    verb = models.URLField(max_length=255)
    is_child = models.BooleanField(default=False)
    raw_score = models.FloatField(null=True)
    max_score = models.FloatField(null=True)
    scaled = models.FloatField(null=True)
    completed = models.BooleanField(default=False)
    statement = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["learner", "activity", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(scaled__isnull=True) | Q(scaled__gte=0, scaled__lte=1), name="h5p_statement_scaled_range"
            )
        ]

    def __str__(self):
        return f"{self.verb} ({self.activity_id})"


class H5PResult(models.Model):
    """A learner's best attempt at an activity, kept up to date by every top-level result statement."""

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(H5PActivity, on_delete=models.CASCADE, related_name="results")
    scaled = models.FloatField(null=True)
    completed = models.BooleanField(default=False)
    attempts = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "activity"], name="h5p_result_one_per_learner"),
            models.CheckConstraint(
                condition=Q(scaled__isnull=True) | Q(scaled__gte=0, scaled__lte=1), name="h5p_result_scaled_range"
            ),
        ]

    def __str__(self):
        return f"{self.activity_id}: {self.scaled}"


class H5PContentState(models.Model):
    """Saved state (resume) per learner, activity, data type and sub-content id."""

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(H5PActivity, on_delete=models.CASCADE, related_name="states")
    data_type = models.CharField(max_length=64)
    sub_content_id = models.CharField(max_length=64)
    data = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "activity", "data_type", "sub_content_id"], name="h5p_state_unique_key"
            )
        ]

    def __str__(self):
        return f"{self.activity_id}/{self.data_type}/{self.sub_content_id}"
