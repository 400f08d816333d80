from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import LessonBodyBlock
from pagecache.routing import CachedViewRestrictions


class Audience(models.TextChoices):
    TEACHERS = "teachers", _("Teachers")
    PUPILS = "pupils", _("Pupils")
    STAFF = "staff", _("Municipal staff")


def _route_to_child(page, request, path_components, child_model):
    """Wagtail's routing in one query per level instead of two: fetch the child as its specific class.

    Children of another type, and unknown slugs, take Wagtail's own way (which also raises the 404).
    """
    if path_components:
        child = child_model.objects.child_of(page).filter(slug=path_components[0]).first()
        if child is not None:
            child._cached_parent_obj = page
            return child.route(request, path_components[1:])
    return Page.route(page, request, path_components)


class CourseIndexPage(CachedViewRestrictions, Page):
    """The course catalogue."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["elearning.HomePage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course catalogue")

    def route(self, request, path_components):
        return _route_to_child(self, request, path_components, CoursePage)

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import catalogue_courses

        context = super().get_context(request, *args, **kwargs)
        audience = request.GET.get("audience", "")
        context["audiences"] = Audience.choices
        context["audience"] = audience if audience in Audience.values else ""
        context["courses"] = catalogue_courses(index=self, audience=context["audience"])
        return context


class CoursePage(CachedViewRestrictions, Page):
    """A course for one or more audiences, made of lessons."""

    for_teachers = models.BooleanField(_("for teachers"), default=False)
    for_pupils = models.BooleanField(_("for pupils"), default=False)
    for_staff = models.BooleanField(_("for municipal staff"), default=False)
    summary = models.TextField(_("summary"))
    learning_objectives = RichTextField(_("learning objectives"), features=["ul", "ol", "bold", "italic"])
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=30)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover_alt = models.CharField(
        _("cover image alt text"), max_length=250, blank=True, help_text=_("Describe the image for screen readers.")
    )
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"), null=True, blank=True, help_text=_("Leave empty for no expiry.")
    )

    search_fields = Page.search_fields + [index.SearchField("summary")]
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("for_teachers"), FieldPanel("for_pupils"), FieldPanel("for_staff")], heading=_("Audience")
        ),
        FieldPanel("summary"),
        FieldPanel("learning_objectives"),
        FieldPanel("estimated_minutes"),
        MultiFieldPanel([FieldPanel("cover_image"), FieldPanel("cover_alt")], heading=_("Cover image")),
        FieldPanel("certificate_validity_months"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("course")

    def clean(self):
        super().clean()
        errors = {}
        if not (self.for_teachers or self.for_pupils or self.for_staff):
            errors["for_staff"] = _("Choose at least one audience.")
        if self.cover_image_id and not self.cover_alt.strip():
            errors["cover_alt"] = _("A cover image needs alt text.")
        if errors:
            raise ValidationError(errors)

    @property
    def audiences(self) -> list[str]:
        flags = {Audience.TEACHERS: self.for_teachers, Audience.PUPILS: self.for_pupils, Audience.STAFF: self.for_staff}
        return [audience.label for audience, on in flags.items() if on]

    def route(self, request, path_components):
        return _route_to_child(self, request, path_components, LessonPage)

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import course_overview

        context = super().get_context(request, *args, **kwargs)
        context["overview"] = course_overview(course=self, learner=request.user)
        return context


class LessonPage(CachedViewRestrictions, Page):
    """A lesson: content blocks and activities. Completed when finished and its required activities pass."""

    is_required = models.BooleanField(
        _("required for the course"), default=True, help_text=_("Required lessons count towards completion.")
    )
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=10)
    body = StreamField(LessonBodyBlock(), verbose_name=_("content"))
    discussion_prompts = RichTextField(
        _("discussion prompts"), blank=True, help_text=_("Shown in classroom mode, for a discussion with the class.")
    )
    # Plain data, not blocks: a list of {organisation, title, year, url}, shown at the end of the lesson.
    sources = models.JSONField(
        _("sources"),
        default=list,
        blank=True,
        help_text=_("A list of sources, each with organisation, title, year and url."),
    )
    review_date = models.DateField(
        _("last reviewed"), null=True, blank=True, help_text=_("When the facts in this lesson were last checked.")
    )

    search_fields = Page.search_fields + [index.SearchField("body")]
    content_panels = Page.content_panels + [
        FieldPanel("is_required"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
        FieldPanel("discussion_prompts"),
        FieldPanel("sources"),
        FieldPanel("review_date"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")

    def serve(self, request, *args, **kwargs):
        from courses.views import lesson_serve

        return lesson_serve(request, lesson=self, render=super().serve)


class Enrollment(models.Model):
    """A learner taking a course. A renewed course after expiry starts a new cycle."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("In progress")
        COMPLETED = "completed", _("Completed")

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments")
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="enrollments")
    cycle = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    progress_percent = models.PositiveSmallIntegerField(default=0)
    last_lesson = models.ForeignKey(LessonPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("enrollment")
        constraints = [
            models.UniqueConstraint(fields=["learner", "course", "cycle"], name="enrollment_unique_cycle"),
            models.CheckConstraint(condition=models.Q(progress_percent__lte=100), name="enrollment_progress_max_100"),
            models.CheckConstraint(
                condition=models.Q(status="completed", completed_at__isnull=False) | ~models.Q(status="completed"),
                name="enrollment_completed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["course", "status"])]

    def __str__(self):
        return f"{self.learner} – {self.course_id} ({self.status})"

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED


class LessonProgress(models.Model):
    """What one learner did in one lesson of an enrollment."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    visited_at = models.DateTimeField(auto_now_add=True)
    finish_requested_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrollment", "lesson"], name="lesson_progress_unique")]

    def __str__(self):
        return f"{self.enrollment_id}/{self.lesson_id}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class LessonActivity(models.Model):
    """The activities placed in a published lesson, so progress needs no parsing of the lesson body."""

    class Kind(models.TextChoices):
        QUIZ = "quiz", _("Quiz")
        H5P = "h5p", _("H5P activity")

    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    activity_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=255)
    is_required = models.BooleanField(default=True)
    pass_threshold = models.PositiveSmallIntegerField(default=0, help_text="percent, for H5P activities")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lesson", "kind", "activity_id"], name="lesson_activity_unique"),
        ]
        indexes = [models.Index(fields=["kind", "activity_id"])]

    def __str__(self):
        return f"{self.kind} {self.activity_id} in {self.lesson_id}"
