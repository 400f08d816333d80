from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from classrooms import codes

NICKNAME_MAX_LENGTH = 24


class SchoolClass(models.Model):
    """A teacher's class. Pupils join it with its join code; archiving it deletes its pupils."""

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_classes", verbose_name=_("teacher")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="school_classes",
        verbose_name=_("school"),
        limit_choices_to={"kind": "school"},
    )
    name = models.CharField(_("name"), max_length=80)
    school_year = models.CharField(_("school year"), max_length=9, help_text=_("For example 2025-2026."))
    join_code = models.CharField(_("class code"), max_length=codes.JOIN_CODE_LENGTH, unique=True)
    joining_open = models.BooleanField(_("pupils can join"), default=True)
    # Nicknames the teacher refused, lower-cased, so the same name cannot come straight back.
    refused_nicknames = models.JSONField(default=list, blank=True)
    courses = models.ManyToManyField("courses.CoursePage", through="ClassCourse", related_name="+")
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(archived_at__isnull=True) | models.Q(joining_open=False),
                name="school_class_archived_is_closed",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.school_year})"

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def join_code_display(self) -> str:
        return codes.code_display(self.join_code)


class ClassCourse(models.Model):
    """A pupil course the teacher assigned to the class."""

    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="class_courses")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="class_assignments")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assigned course")
        ordering = ["assigned_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["school_class", "course"], name="class_course_unique")]

    def __str__(self):
        return f"{self.course_id} in {self.school_class_id}"


class Pupil(models.Model):
    """A pupil: a user without e-mail, name or password, known in the class by a nickname only.

    The personal login code is never stored. ``code_seed`` is a random secret from which the code is derived
    with a server-side key (see ``codes.personal_code``), so the teacher can show it again; ``code_digest`` is
    a keyed hash of the code, used to find the pupil at login. A copy of the database alone reveals neither.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pupil")
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, related_name="pupils", verbose_name=_("class")
    )
    nickname = models.CharField(_("nickname"), max_length=NICKNAME_MAX_LENGTH)
    code_seed = models.CharField(max_length=64)
    code_digest = models.CharField(max_length=64, unique=True)
    joined_at = models.DateTimeField(auto_now_add=True)
    last_active_at = models.DateTimeField(_("last active"), db_index=True)

    class Meta:
        verbose_name = _("pupil")
        verbose_name_plural = _("pupils")
        ordering = ["nickname"]
        constraints = [
            models.UniqueConstraint(Lower("nickname"), "school_class", name="pupil_unique_nickname_in_class"),
        ]

    def __str__(self):
        return self.nickname

    @property
    def personal_code(self) -> str:
        return codes.personal_code(self.code_seed)


class ClassPoll(models.Model):
    """A quiz question the teacher puts to the class in classroom mode; pupils answer it on their own device.

    The question is frozen here without its key (prompt and options only), so an answer counts for the question
    as the pupils saw it, and the pupils' page can never show which option is correct. A class has at most one
    open poll at a time. The teacher sees only how many pupils chose each option, never who chose what.
    """

    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="polls")
    # The quiz by id, not as a key: the poll keeps its frozen question whatever happens to the quiz later.
    quiz_id = models.PositiveIntegerField()
    question_key = models.CharField(max_length=64)
    prompt = models.TextField()
    options = models.JSONField(default=list)  # [{"key": ..., "text": ...}], in the order shown
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("class question")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_class"], condition=models.Q(closed_at__isnull=True), name="class_poll_one_open"
            ),
        ]

    def __str__(self):
        return f"{self.quiz_id}/{self.question_key} in {self.school_class_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class PollAnswer(models.Model):
    """One pupil's choice in a class poll; answering again changes it."""

    poll = models.ForeignKey(ClassPoll, on_delete=models.CASCADE, related_name="answers")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="+")
    option_key = models.CharField(max_length=64)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "pupil"], name="poll_answer_once_per_pupil")]

    def __str__(self):
        return f"{self.pupil_id} in poll {self.poll_id}"
