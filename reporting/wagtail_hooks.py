from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from reporting.models import ReportingRoute


class ReportingRouteViewSet(SnippetViewSet):
    model = ReportingRoute
    icon = "warning"
    menu_order = 300
    add_to_admin_menu = True
    list_display = [
        "name",
        "phone",
        BooleanColumn("for_professionals", label=_("Staff and teachers")),
        BooleanColumn("has_pupil_text", label=_("Pupils")),
        "sort_order",
    ]
    list_filter = ["for_professionals", "is_emergency"]
    ordering = ["sort_order", "name"]


register_snippet(ReportingRouteViewSet)
