"""The blocks a lesson is made of. Each block names its template in templates/blocks/."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from h5p import content_types


class ExploitationForm(blocks.ChoiceBlock):
    choices = [
        ("sexual", _("Sexual exploitation")),
        ("labour", _("Labour exploitation")),
        ("criminal", _("Criminal exploitation")),
        ("begging", _("Forced begging")),
        ("organs", _("Organ removal")),
        ("general", _("General")),
    ]


class SignalBlock(blocks.StructBlock):
    signal = blocks.CharBlock(label=_("signal"))
    explanation = blocks.TextBlock(label=_("short explanation"), required=False)


class CaseStoryBlock(blocks.StructBlock):
    person = blocks.CharBlock(label=_("who (no real names)"))
    story = blocks.RichTextBlock(label=_("story"), features=["bold", "italic", "ul"])
    quote = blocks.TextBlock(label=_("quote"), required=False)
    question = blocks.CharBlock(label=_("question"), default="Welke signalen zie je?")
    signals = blocks.ListBlock(SignalBlock(), label=_("signals to reveal"))

    class Meta:
        icon = "user"
        label = _("Case story")
        template = "blocks/case_story.html"


class SignalGroupBlock(blocks.StructBlock):
    form = ExploitationForm(label=_("form of exploitation"))
    signals = blocks.ListBlock(SignalBlock(), label=_("signals"))


class SignalListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), required=False)
    groups = blocks.ListBlock(SignalGroupBlock(), label=_("groups"))

    class Meta:
        icon = "list-ul"
        label = _("Signal list")
        template = "blocks/signal_list.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        labels = dict(ExploitationForm.choices)
        context["groups"] = [(labels.get(group["form"], ""), group["signals"]) for group in value["groups"]]
        return context


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("tip", _("Tip")), ("warning", _("Warning")), ("help", _("Need help?"))], default="tip"
    )
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "pick"
        label = _("Callout")
        template = "blocks/callout.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(label=_("alt text"), help_text=_("Describe the image for screen readers."))
    caption = blocks.CharBlock(label=_("caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("video URL"))
    title = blocks.CharBlock(label=_("title"))
    transcript = blocks.RichTextBlock(label=_("transcript"), features=["bold", "italic", "ul"])

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video.html"


class ReportingRoutesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), default="Waar meld je het?")
    routes = blocks.ListBlock(SnippetChooserBlock("reporting.ReportingRoute"), label=_("routes"), min_num=1)

    class Meta:
        icon = "warning"
        label = _("Reporting routes")
        template = "blocks/reporting_routes.html"


class QuizBlock(blocks.StructBlock):
    quiz = SnippetChooserBlock("quizzes.Quiz")
    is_required = blocks.BooleanBlock(label=_("required to complete the lesson"), required=False, default=True)

    class Meta:
        icon = "form"
        label = _("Quiz")
        template = "blocks/quiz.html"


H5P_UNSCORED_WITH_PASS_MARK = _(
    "%(library)s gives no score, so a pass mark can never be reached: set the pass threshold to 0."
)
H5P_SCORED_WITHOUT_PASS_MARK = _("%(library)s gives a score: set the pass mark a learner needs (for example 70).")
H5P_NEVER_COMPLETES = _(
    "%(library)s never reports that it was completed, so learners could never finish the lesson: make it optional."
)


class H5PBlock(blocks.StructBlock):
    activity = SnippetChooserBlock("h5p.H5PActivity")
    is_required = blocks.BooleanBlock(label=_("required to complete the lesson"), required=False, default=True)
    pass_threshold = blocks.IntegerBlock(
        label=_("pass threshold (%)"),
        min_value=0,
        max_value=100,
        default=70,
        help_text=_(
            "Score needed to pass. A pass mark asks for a score; set 0 for content without a score (an accordion, "
            "dialog cards): it then passes when completed."
        ),
    )

    class Meta:
        icon = "code"
        label = _("H5P activity")
        template = "blocks/h5p.html"

    def clean(self, value):
        value = super().clean(value)
        if not 0 <= value["pass_threshold"] <= 100:
            raise ValidationError(_("The pass threshold is a percentage from 0 to 100."))
        activity = value["activity"]
        if activity is not None:
            self._check_reporting(activity, required=value["is_required"], threshold=value["pass_threshold"])
        return value

    @staticmethod
    def _check_reporting(activity, *, required: bool, threshold: int) -> None:
        """A block must be passable: a required activity must report something, and its pass mark must fit."""
        library = {"library": activity.main_library_name}
        if activity.reporting == content_types.NOTHING and required:
            raise ValidationError(H5P_NEVER_COMPLETES % library)
        if activity.reporting != content_types.SCORE and threshold:
            raise ValidationError(H5P_UNSCORED_WITH_PASS_MARK % library)
        if activity.reporting == content_types.SCORE and not threshold and required:
            raise ValidationError(H5P_SCORED_WITHOUT_PASS_MARK % library)


class LessonBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("Text"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"], template="blocks/text.html"
    )
    case_story = CaseStoryBlock()
    signal_list = SignalListBlock()
    callout = CalloutBlock()
    image = ImageBlock()
    video = VideoBlock()
    reporting_routes = ReportingRoutesBlock()
    quiz = QuizBlock()
    h5p = H5PBlock()
