from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from quizzes.models import Quiz


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "form"
    menu_label = _("Quizzes")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["title", "question_count", "pass_mark_percent", "grading_method", "updated_at"]
    list_filter = ["grading_method", "feedback_timing"]
    search_fields = ["title"]
    ordering = ["title"]
    edit_handler = TabbedInterface(
        [
            ObjectList([FieldPanel("title"), FieldPanel("intro"), FieldPanel("questions")], heading=_("Questions")),
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldPanel("pass_mark_percent"),
                            FieldPanel("grading_method"),
                            FieldRowPanel([FieldPanel("attempts_allowed"), FieldPanel("wait_minutes")]),
                            FieldPanel("time_limit_minutes"),
                        ],
                        heading=_("Attempts and grading"),
                    ),
                    MultiFieldPanel(
                        [FieldPanel("draw_count"), FieldPanel("shuffle_questions"), FieldPanel("shuffle_options")],
                        heading=_("Drawing and order"),
                    ),
                    MultiFieldPanel([FieldPanel("feedback_timing"), FieldPanel("show_answers")], heading=_("Feedback")),
                ],
                heading=_("Settings"),
            ),
        ]
    )


register_snippet(QuizViewSet)
