from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField
from wagtail.models import PreviewableMixin
from wagtail.search import index

from quizzes.blocks import CaseEndingBlock, QuestionsBlock
from quizzes.cases import CASE_STEP, case_step_errors

# A request sent just before the deadline may arrive just after it; a few seconds of grace keep that fair.
TIME_LIMIT_GRACE = timedelta(seconds=10)
# A pool smaller than this many times the questions drawn makes attempts too alike to tell learning from memory.
POOL_FACTOR = 1.5

DRAW_MORE_THAN_POOL = _("The quiz has only %(pool)s questions, so it cannot draw %(draw)s.")
DRAW_FEWER_THAN_CATEGORIES = _(
    "The questions have %(categories)s categories: draw at least %(categories)s questions, one of each."
)
POOL_TOO_SMALL = _(
    "Draw at most %(most)s of these %(pool)s questions: the pool must hold at least one and a half times "
    "the questions drawn, so that attempts differ."
)
PRACTICE_WITHOUT_LIMITS = _(
    "A practice quiz (feedback after each question) has no attempt limit or waiting time: set them to 0."
)
CASE_ONLY_SCENES = _("A case holds case scenes only.")
CASE_NEEDS_SCENES = _("A case needs at least one case scene.")
QUIZ_WITHOUT_SCENES = _("Case scenes and an ending belong in a case: set the kind to “case” or remove them.")
CASE_SETTINGS = _(
    "A case is finished by playing it to the end: feedback after each scene, pass mark 0, no time limit, "
    "no drawing and no shuffled scenes."
)


class Quiz(PreviewableMixin, index.Indexed, models.Model):
    """A set of questions graded on the server. A snippet: editors build it once and place it in lessons."""

    class GradingMethod(models.TextChoices):
        HIGHEST = "highest", _("Highest attempt")
        LAST = "last", _("Last attempt")

    class FeedbackTiming(models.TextChoices):
        AFTER_EACH = "after_each", _("After each question (practice)")
        AFTER_SUBMIT = "after_submit", _("After submitting")

    class ShowAnswers(models.TextChoices):
        AFTER_SUBMIT = "after_submit", _("After submitting")
        AFTER_PASS = "after_pass", _("After passing")
        AFTER_LAST_ATTEMPT = "after_last_attempt", _("After the last attempt")
        NEVER = "never", _("Never")

    class Kind(models.TextChoices):
        QUIZ = "quiz", _("Quiz")
        CASE = "case", _("Case")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"),
        max_length=8,
        choices=Kind.choices,
        default=Kind.QUIZ,
        help_text=_("A case tells a story in scenes, one question each, and ends with a timeline of the signals."),
    )
    intro = models.TextField(_("introduction"), blank=True)
    questions = StreamField(QuestionsBlock(), verbose_name=_("questions"))
    ending = StreamField(
        CaseEndingBlock(),
        blank=True,
        verbose_name=_("case ending"),
        help_text=_("Cases only: the signals other people saw (on the final timeline), and an epilogue."),
    )
    pass_mark_percent = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        default=0,
        help_text=_("Per enrolment: a learner who enrols again starts counting anew. 0 means unlimited."),
    )
    wait_minutes = models.PositiveIntegerField(
        _("waiting time between attempts (minutes)"), default=0, help_text=_("0 means no waiting.")
    )
    wait_after_failures = models.PositiveSmallIntegerField(
        _("wait after this many failed attempts"),
        default=0,
        help_text=_(
            "The waiting time starts once the learner has failed this many attempts in a row. "
            "0 means after every attempt."
        ),
    )
    grading_method = models.CharField(
        _("grading method"), max_length=16, choices=GradingMethod.choices, default=GradingMethod.HIGHEST
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_options = models.BooleanField(_("shuffle options"), default=False)
    draw_count = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        default=0,
        help_text=_("Draw this many questions from the pool for each attempt. 0 means all questions."),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Leave empty for no time limit.")
    )
    feedback_timing = models.CharField(
        _("show feedback"), max_length=16, choices=FeedbackTiming.choices, default=FeedbackTiming.AFTER_SUBMIT
    )
    show_answers = models.CharField(
        _("show correct answers"), max_length=32, choices=ShowAnswers.choices, default=ShowAnswers.AFTER_SUBMIT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=models.Q(pass_mark_percent__lte=100), name="quiz_pass_mark_at_most_100"),
            models.CheckConstraint(
                condition=models.Q(time_limit_minutes__isnull=True) | models.Q(time_limit_minutes__gt=0),
                name="quiz_time_limit_positive",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def question_count(self) -> int:
        """How many questions one attempt asks."""
        pool = len(self.questions)
        return min(self.draw_count, pool) if self.draw_count else pool

    @property
    def time_limit(self) -> timedelta | None:
        return timedelta(minutes=self.time_limit_minutes) if self.time_limit_minutes else None

    @property
    def is_practice(self) -> bool:
        return self.feedback_timing == self.FeedbackTiming.AFTER_EACH

    @property
    def is_case(self) -> bool:
        return self.kind == self.Kind.CASE

    def clean(self):
        super().clean()
        errors = quiz_settings_errors(self)
        if errors:
            raise ValidationError(errors)

    def get_preview_template(self, request, mode_name):
        return "quizzes/quiz_preview.html"

    def get_preview_context(self, request, mode_name):
        from quizzes.snapshot import question_snapshot

        context = super().get_preview_context(request, mode_name)
        context["quiz"] = self
        context["questions"] = [question_snapshot(child) for child in self.questions]
        return context


def question_categories(stream) -> set[str]:
    """The categories the questions of a quiz (its StreamField value or raw stream data) name."""
    values = (child.value if hasattr(child, "value") else child.get("value", {}) for child in stream)
    return {str(value.get("category") or "").strip() for value in values} - {""}


def quiz_settings_errors(quiz: Quiz) -> dict[str, list]:
    """What is wrong with a quiz's drawing and attempt settings, by field (for ``Quiz.clean``)."""
    errors: dict[str, list] = {}
    pool = len(quiz.questions)
    draw = quiz.draw_count
    if draw:
        categories = len(question_categories(quiz.questions))
        most = int(pool / POOL_FACTOR)
        if draw > pool:
            errors.setdefault("draw_count", []).append(DRAW_MORE_THAN_POOL % {"pool": pool, "draw": draw})
        elif draw > most and not quiz.is_practice:
            errors.setdefault("draw_count", []).append(POOL_TOO_SMALL % {"pool": pool, "most": most})
        if categories > draw:
            errors.setdefault("draw_count", []).append(DRAW_FEWER_THAN_CATEGORIES % {"categories": categories})
    if quiz.is_practice:
        for name in ("attempts_allowed", "wait_minutes"):
            if getattr(quiz, name):
                errors.setdefault(name, []).append(PRACTICE_WITHOUT_LIMITS)
    for name, messages in case_settings_errors(quiz).items():
        errors.setdefault(name, []).extend(messages)
    return errors


def _stream_types_and_values(stream) -> list[tuple[str, dict]]:
    return [
        (child.block_type, child.value) if hasattr(child, "block_type") else (child.get("type"), child.get("value"))
        for child in stream
    ]


def case_settings_errors(quiz: Quiz) -> dict[str, list]:
    """A case holds only scenes whose branches lead forward, and plays to its end; a quiz holds no scenes."""
    blocks = _stream_types_and_values(quiz.questions)
    scenes = [value for kind, value in blocks if kind == CASE_STEP]
    errors: dict[str, list] = {}
    if not quiz.is_case:
        if scenes or len(quiz.ending):
            errors["kind"] = [QUIZ_WITHOUT_SCENES]
        return errors
    if len(scenes) != len(blocks):
        errors.setdefault("questions", []).append(CASE_ONLY_SCENES)
    elif not scenes:
        errors.setdefault("questions", []).append(CASE_NEEDS_SCENES)
    errors.setdefault("questions", []).extend(case_step_errors(scenes))
    if (
        not quiz.is_practice
        or quiz.pass_mark_percent
        or quiz.time_limit_minutes
        or quiz.draw_count
        or quiz.shuffle_questions
    ):
        errors["kind"] = [CASE_SETTINGS]
    return {name: messages for name, messages in errors.items() if messages}


class QuizAttempt(models.Model):
    """One learner's go at a quiz: the questions it drew, and once graded, the score."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        GRADED = "graded", _("Graded")

    class FinishReason(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        TIME_EXPIRED = "time_expired", _("Time limit reached")

    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("quiz"))
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts", verbose_name=_("learner")
    )
    number = models.PositiveIntegerField(_("attempt number"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.IN_PROGRESS)
    finish_reason = models.CharField(_("finished by"), max_length=16, choices=FinishReason.choices, blank=True)
    questions = models.JSONField(_("questions"), default=list, help_text=_("The questions drawn, in order."))
    ending = models.JSONField(
        _("case ending"), default=list, blank=True, help_text=_("A case's ending as it was when the attempt started.")
    )
    pass_mark_percent = models.PositiveSmallIntegerField(_("pass mark (%)"))
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    graded_at = models.DateTimeField(_("graded at"), null=True, blank=True)
    score_points = models.DecimalField(_("points"), max_digits=8, decimal_places=3, null=True, blank=True)
    max_points = models.PositiveIntegerField(_("maximum points"), default=0)
    score_percent = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("passed"), default=False)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["quiz", "learner", "number"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "quiz", "number"], name="quiz_attempt_number_unique"),
            models.UniqueConstraint(
                fields=["learner", "quiz"],
                condition=models.Q(status="in_progress"),
                name="quiz_attempt_one_open_per_learner",
            ),
            models.CheckConstraint(
                condition=models.Q(status="in_progress")
                | models.Q(score_percent__isnull=False, graded_at__isnull=False),
                name="quiz_attempt_graded_has_score",
            ),
            models.CheckConstraint(
                condition=models.Q(score_percent__isnull=True) | models.Q(score_percent__gte=0, score_percent__lte=100),
                name="quiz_attempt_score_0_100",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="quiz_attempt_open_deadline")]

    def __str__(self):
        return f"{self.quiz_id} · {self.learner_id} · #{self.number}"

    @property
    def is_graded(self) -> bool:
        return self.status == self.Status.GRADED

    def is_overdue(self, now) -> bool:
        return self.deadline is not None and now > self.deadline + TIME_LIMIT_GRACE

    def question(self, key: str) -> dict | None:
        return next((question for question in self.questions if question["key"] == key), None)


class QuizAnswer(models.Model):
    """A learner's saved answer to one question of an attempt; saving again replaces it."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answers")
    question_key = models.CharField(_("question"), max_length=64)
    response = models.JSONField(_("answer"))
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=3, null=True, blank=True)
    saved_at = models.DateTimeField(_("saved at"))

    class Meta:
        verbose_name = _("quiz answer")
        verbose_name_plural = _("quiz answers")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question_key"], name="quiz_answer_one_per_question"),
        ]

    def __str__(self):
        return f"{self.attempt_id} · {self.question_key}"
