from django.contrib.admin.utils import quote
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from quizzes.analysis import EASY_FACILITY, quiz_item_analysis
from quizzes.models import Quiz

ITEM_ANALYSIS = _("Item analysis")


class QuizItemAnalysisView(PermissionCheckedMixin, BaseObjectMixin, WagtailAdminTemplateMixin, TemplateView):
    """Facility, discrimination and option counts per question, for editors who may change the quiz."""

    permission_required = "change"
    template_name = "quizzes/admin/item_analysis.html"
    page_title = ITEM_ANALYSIS
    header_icon = "table"
    index_url_name = None
    edit_url_name = None

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": capfirst(self.model._meta.verbose_name_plural)},
            {"url": reverse(self.edit_url_name, args=[quote(self.object.pk)]), "label": str(self.object)},
            {"url": "", "label": self.get_page_title(), "sublabel": str(self.object)},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            quiz=self.object,
            analysis=quiz_item_analysis(quiz=self.object),
            easy_percent=round(EASY_FACILITY * 100),
        )
        return context


class QuizIndexView(IndexView):
    analysis_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.analysis_url_name and self.user_has_permission("change"):
            url = reverse(self.analysis_url_name, args=[quote(instance.pk)])
            buttons.append(MenuItem(ITEM_ANALYSIS, url=url, icon_name="table", priority=15))
        return buttons


class QuizEditView(EditView):
    analysis_url_name = None

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.analysis_url_name:  # the edit view itself requires the permission to change
            url = reverse(self.analysis_url_name, args=[quote(self.object.pk)])
            buttons.append(Button(ITEM_ANALYSIS, url=url, icon_name="table", priority=15))
        return buttons


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "form"
    menu_label = _("Quizzes")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["title", "kind", "question_count", "pass_mark_percent", "grading_method", "updated_at"]
    list_filter = ["kind", "grading_method", "feedback_timing"]
    search_fields = ["title"]
    ordering = ["title"]
    index_view_class = QuizIndexView
    edit_view_class = QuizEditView
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [FieldPanel("title"), FieldPanel("kind"), FieldPanel("intro"), FieldPanel("questions")],
                heading=_("Questions"),
            ),
            ObjectList([FieldPanel("ending")], heading=_("Case ending")),
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldPanel("pass_mark_percent"),
                            FieldPanel("grading_method"),
                            FieldRowPanel(
                                [
                                    FieldPanel("attempts_allowed"),
                                    FieldPanel("wait_minutes"),
                                    FieldPanel("wait_after_failures"),
                                ]
                            ),
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

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(analysis_url_name=self.get_url_name("analysis"), **kwargs)

    @property
    def analysis_view(self):
        return self.construct_view(QuizItemAnalysisView)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(f"analysis/<{self.pk_path_converter}:pk>/", self.analysis_view, name="analysis"),
        ]


register_snippet(QuizViewSet)
