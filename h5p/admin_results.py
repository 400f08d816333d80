"""The results of one activity for editors, in the Wagtail admin: like Moodle's H5P attempts report.

Pupils have neither a name nor an e-mail address, and this engine knows nothing of classes. An app that knows a
better label for some learners registers a ``h5p_learner_labels`` hook: ``hook(*, learner_ids) -> {id: label}``
(classrooms gives pupils' nicknames). The page costs the same number of queries for 5 learners or 5,000.
"""

from dataclasses import dataclass
from datetime import datetime

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import BaseListingView

from h5p import selectors
from h5p.models import H5PActivity

LEARNER_LABELS_HOOK = "h5p_learner_labels"
RESULTS_URL_NAME = "h5p_activity_results"


@dataclass(frozen=True)
class ResultRow:
    learner: str
    attempts: int
    score_percent: int | None
    completed: bool
    last_active: datetime

    @property
    def score_display(self) -> str:
        return "–" if self.score_percent is None else f"{self.score_percent}%"

    @property
    def completed_display(self) -> str:
        return _("Yes") if self.completed else _("No")


def learner_labels(learner_ids: list[int]) -> dict[int, str]:
    labels = selectors.learner_names(learner_ids=learner_ids)
    for hook in hooks.get_hooks(LEARNER_LABELS_HOOK):
        labels.update(hook(learner_ids=learner_ids))
    return labels


def percent(scaled: float | None) -> int | None:
    return None if scaled is None else round(100 * scaled)


class LearnerPaginator(WagtailPaginator):
    verbose_name = _("learner")
    verbose_name_plural = _("learners")


class ActivityResultsView(BaseListingView):
    template_name = "h5p/admin/activity_results.html"
    paginate_by = 50
    paginator_class = LearnerPaginator
    default_ordering = selectors.RESULT_ORDERING_DEFAULT
    header_icon = "media"
    columns = [
        Column("learner", label=_("Learner")),
        Column("attempts", label=_("Attempts"), sort_key="attempts"),
        Column("score", label=_("Best score"), accessor="score_display", sort_key="score"),
        Column("completed", label=_("Completed"), accessor="completed_display", sort_key="completed"),
        DateColumn("last_active", label=_("Last active"), sort_key="last_active"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(selectors.EDIT_PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def activity(self) -> H5PActivity:
        return get_object_or_404(H5PActivity.objects.only("title"), pk=self.kwargs["pk"])

    def get_page_title(self):
        return _("Results")

    def get_page_subtitle(self):
        return self.activity.title

    def get_breadcrumbs_items(self):
        index = {"url": reverse("wagtailsnippets_h5p_h5pactivity:list"), "label": _("Interactive activities")}
        here = {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()}
        return [*self.breadcrumbs_items, index, here]

    def get_index_url(self):
        return reverse(RESULTS_URL_NAME, args=[self.activity.pk])

    def get_queryset(self):
        return selectors.activity_results(activity_id=self.activity.pk, ordering=self.ordering)

    def get_table(self, object_list):
        found = list(object_list)
        labels = learner_labels([row["learner_id"] for row in found])
        rows = [
            ResultRow(
                learner=labels.get(row["learner_id"], ""),
                attempts=row["attempts"],
                score_percent=percent(row["best_scaled"]),
                completed=row["has_completed"],
                last_active=row["last_active"],
            )
            for row in found
        ]
        return super().get_table(rows)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary = selectors.activity_results_summary(self.get_queryset())
        context["activity"] = self.activity
        context["summary"] = summary
        context["average_percent"] = percent(summary.average_scaled)
        return context


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("h5p/activities/<int:pk>/results/", ActivityResultsView.as_view(), name=RESULTS_URL_NAME),
    ]


def results_url(activity: H5PActivity) -> str:
    return reverse(RESULTS_URL_NAME, args=[activity.pk])
