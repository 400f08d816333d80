from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from reporting.models import ReportingRoute


class ReportingRouteViewSet(SnippetViewSet):
    model = ReportingRoute
    icon = "warning"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "phone", "sort_order"]
    ordering = ["sort_order", "name"]


register_snippet(ReportingRouteViewSet)
