"""The question types editors can put in a quiz: one StreamField block per type."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from quizzes import grading

NEEDS_ONE_CORRECT = _("Mark exactly one option as correct.")
NEEDS_SOME_CORRECT = _("Mark at least one option as correct.")
NEEDS_BEST_ACTION = _("Give at least one option the full weight of 100 (the best action).")
NEEDS_ALT_TEXT = _("Describe the image for people who cannot see it.")

KEEP_IN_PLACE_HELP = _(
    "When the quiz shuffles options, this one keeps its position (for an option like “neither” or “all of the above”)."
)


def _keep_in_place() -> blocks.BooleanBlock:
    return blocks.BooleanBlock(label=_("Keep in place"), required=False, default=False, help_text=KEEP_IN_PLACE_HELP)


def _category() -> blocks.CharBlock:
    return blocks.CharBlock(
        label=_("Category"),
        required=False,
        max_length=50,
        help_text=_(
            "Optional, e.g. the learning objective it tests. When the quiz draws questions, every attempt gets at "
            "least one question of each category."
        ),
    )


def _options_error(message) -> blocks.StructBlockValidationError:
    return blocks.StructBlockValidationError(block_errors={"options": ValidationError(message)})


class ChoiceOptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"), max_length=500)
    is_correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = blocks.TextBlock(label=_("Feedback"), help_text=_("Shown to a learner who chose this answer."))
    keep_in_place = _keep_in_place()

    class Meta:
        icon = "radio-full"
        label = _("Option")


class SingleChoiceBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("Question"))
    options = blocks.ListBlock(ChoiceOptionBlock(), min_num=2, label=_("Options"))
    explanation = blocks.TextBlock(label=_("Explanation"), help_text=_("Why the answer is what it is."))
    category = _category()

    class Meta:
        icon = "radio-full"
        label = _("Single choice")

    def clean(self, value):
        value = super().clean(value)
        if sum(1 for option in value["options"] if option["is_correct"]) != 1:
            raise _options_error(NEEDS_ONE_CORRECT)
        return value


class MultipleResponseBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("Question"))
    scoring = blocks.ChoiceBlock(
        label=_("Scoring"),
        choices=[
            (grading.ALL_OR_NOTHING, _("All or nothing")),
            (grading.PARTIAL_CREDIT, _("Partial credit (a wrong pick costs a right one)")),
        ],
        default=grading.ALL_OR_NOTHING,
    )
    options = blocks.ListBlock(ChoiceOptionBlock(), min_num=2, label=_("Options"))
    explanation = blocks.TextBlock(label=_("Explanation"))
    category = _category()

    class Meta:
        icon = "tick-inverse"
        label = _("Multiple response")

    def clean(self, value):
        value = super().clean(value)
        if not any(option["is_correct"] for option in value["options"]):
            raise _options_error(NEEDS_SOME_CORRECT)
        return value


class TrueFalseBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("Statement"))
    is_true = blocks.BooleanBlock(label=_("The statement is true"), required=False)
    feedback_true = blocks.TextBlock(label=_("Feedback when the learner answers “true”"))
    feedback_false = blocks.TextBlock(label=_("Feedback when the learner answers “false”"))
    explanation = blocks.TextBlock(label=_("Explanation"))
    category = _category()

    class Meta:
        icon = "help"
        label = _("True or false")


class SignalStatementBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Statement"), max_length=500)
    is_signal = blocks.BooleanBlock(label=_("This is a signal"), required=False)
    feedback = blocks.TextBlock(label=_("Feedback"))
    keep_in_place = _keep_in_place()

    class Meta:
        icon = "warning"
        label = _("Statement")


class SignalSortingBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("Question"), default="Is dit een signaal of niet?")
    options = blocks.ListBlock(SignalStatementBlock(), min_num=2, label=_("Statements"))
    explanation = blocks.TextBlock(label=_("Explanation"))
    category = _category()

    class Meta:
        icon = "list-ul"
        label = _("Signal sorting")


class ScenarioOptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Action"), max_length=500)
    weight = blocks.IntegerBlock(
        label=_("Weight (%)"),
        min_value=0,
        max_value=100,
        help_text=_("100 for the best action, part for an acceptable one, 0 for a harmful one."),
    )
    feedback = blocks.TextBlock(label=_("Feedback"))
    keep_in_place = _keep_in_place()

    class Meta:
        icon = "arrow-right"
        label = _("Action")


class ScenarioBlock(blocks.StructBlock):
    situation = blocks.TextBlock(label=_("Situation"))
    image = ImageChooserBlock(label=_("Image"), required=False)
    image_alt = blocks.CharBlock(label=_("Image description (alt text)"), required=False, max_length=250)
    prompt = blocks.CharBlock(label=_("Question"), default="Wat doe je?", max_length=250)
    options = blocks.ListBlock(ScenarioOptionBlock(), min_num=2, label=_("Actions"))
    explanation = blocks.TextBlock(label=_("Explanation"))
    category = _category()

    class Meta:
        icon = "user"
        label = _("Scenario")

    def clean(self, value):
        value = super().clean(value)
        if value["image"] and not value["image_alt"].strip():
            raise blocks.StructBlockValidationError(block_errors={"image_alt": ValidationError(NEEDS_ALT_TEXT)})
        if not any(option["weight"] == 100 for option in value["options"]):
            raise _options_error(NEEDS_BEST_ACTION)
        return value


# ---------------------------------------------------------------------------------------------------------------
# Case activities: a quiz of kind "case" holds case steps (scenes with one question each) instead of questions,
# and an ending (the other seats' signals on the timeline, and an epilogue). See quizzes/cases.py.

STEP_NAME_HELP = _(
    "A short name for this scene, unique in the case (for example “week-1”). Options lead to a scene by its name."
)
NEXT_HELP = _("The name of the scene that follows; empty: the next scene in the list; “end”: the case ends here.")


class CaseOptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"), max_length=500)
    is_correct = blocks.BooleanBlock(
        label=_("Correct"), required=False, help_text=_("Choosing it means the learner spotted the signal.")
    )
    feedback = blocks.TextBlock(label=_("Feedback"), help_text=_("Shown to a learner who chose this answer."))
    next = blocks.CharBlock(label=_("Next scene"), required=False, max_length=64, help_text=NEXT_HELP)

    class Meta:
        icon = "radio-full"
        label = _("Option")


class CaseStepBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name"), max_length=64, help_text=STEP_NAME_HELP)
    moment = blocks.CharBlock(label=_("When"), max_length=100, help_text=_("For example “Week 1, Monday”."))
    day = blocks.IntegerBlock(
        label=_("Day in the story"), min_value=0, help_text=_("Orders the scenes and signals on the final timeline.")
    )
    scene = blocks.TextBlock(label=_("Scene"))
    image = ImageChooserBlock(label=_("Image"), required=False)
    image_alt = blocks.CharBlock(label=_("Image description (alt text)"), required=False, max_length=250)
    prompt = blocks.CharBlock(label=_("Question"), max_length=250)
    options = blocks.ListBlock(CaseOptionBlock(), min_num=2, label=_("Options"))
    next = blocks.CharBlock(label=_("Next scene"), required=False, max_length=64, help_text=NEXT_HELP)
    signal = blocks.CharBlock(
        label=_("Signal"), max_length=250, help_text=_("The signal this scene is about, as the timeline shows it.")
    )
    explanation = blocks.TextBlock(label=_("Explanation"), help_text=_("Why it is (or is not) a signal."))

    class Meta:
        icon = "view"
        label = _("Case scene")
        group = _("Case")

    def clean(self, value):
        value = super().clean(value)
        if value["image"] and not value["image_alt"].strip():
            raise blocks.StructBlockValidationError(block_errors={"image_alt": ValidationError(NEEDS_ALT_TEXT)})
        if sum(1 for option in value["options"] if option["is_correct"]) != 1:
            raise _options_error(NEEDS_ONE_CORRECT)
        return value


class QuestionsBlock(blocks.StreamBlock):
    single_choice = SingleChoiceBlock()
    multiple_response = MultipleResponseBlock()
    true_false = TrueFalseBlock()
    signal_sorting = SignalSortingBlock()
    scenario = ScenarioBlock()
    case_step = CaseStepBlock()

    class Meta:
        min_num = 1


class OtherSeatSignalBlock(blocks.StructBlock):
    day = blocks.IntegerBlock(label=_("Day in the story"), min_value=0)
    moment = blocks.CharBlock(label=_("When"), max_length=100)
    seat = blocks.CharBlock(label=_("Seen by"), max_length=100, help_text=_("For example “The mentor at school”."))
    signal = blocks.CharBlock(label=_("Signal"), max_length=250)

    class Meta:
        icon = "group"
        label = _("Signal seen by someone else")


class EpilogueBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    text = blocks.TextBlock(label=_("Text"), help_text=_("Blank lines separate paragraphs."))

    class Meta:
        icon = "doc-full"
        label = _("Epilogue")


class CaseEndingBlock(blocks.StreamBlock):
    other_seat_signal = OtherSeatSignalBlock()
    epilogue = EpilogueBlock()
