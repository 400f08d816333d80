from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import TitleColumn
from wagtail.log_actions import LogFormatter, log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, DeleteView, EditView, SnippetViewSet

from h5p import services
from h5p.admin_results import results_url
from h5p.forms import H5PActivityForm
from h5p.hosts import HOSTS_WANTED
from h5p.models import H5PActivity
from h5p.semantics import CHANGES_HEADING, changes_summary

# H5P packages are code that runs in learners' browsers: who uploaded or deleted which one is on the trail.
PACKAGE_UPLOADED = "signaal.h5p.package_uploaded"
ACTIVITY_DELETED = "signaal.h5p.activity_deleted"


class PackageFormatter(LogFormatter):
    detail = ""

    def format_message(self, log_entry):
        library = log_entry.data.get("main_library")
        return self.detail % {"library": library} if library else self.label


class PackageUploadedFormatter(PackageFormatter):
    label = _("H5P package uploaded")
    detail = _("H5P package uploaded (%(library)s)")


class ActivityDeletedFormatter(PackageFormatter):
    label = _("Interactive activity deleted")
    detail = _("Interactive activity deleted (%(library)s)")


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(PACKAGE_UPLOADED)(PackageUploadedFormatter)
    actions.register_action(ACTIVITY_DELETED)(ActivityDeletedFormatter)


def _package_report(request, activity: H5PActivity) -> None:
    """Tell the editor what the semantics filter changed in the package and which sites it wants to load from."""
    if activity.content_changes:
        lines = format_html_join("", "<li>{}</li>", ((line,) for line in changes_summary(activity.content_changes)))
        messages.warning(request, admin_messages.render(CHANGES_HEADING, [], format_html("<ul>{}</ul>", lines)))
    if activity.external_hosts:
        admin_messages.warning(request, HOSTS_WANTED % {"hosts": ", ".join(activity.external_hosts)})


def _package_log(activity: H5PActivity, action: str, user, package_name: str = "") -> None:
    data = {"main_library": activity.main_library, "package": package_name or activity.package.name}
    log(instance=activity, action=action, user=user, data=data)


class H5PActivityCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        activity = services.activity_create(
            package=self.form.new_package,
            title=data.get("title") or "",
            is_published=data["is_published"],
            offer_download=data["offer_download"],
        )
        log(instance=activity, action="wagtail.create", user=self.request.user, content_changed=True)
        _package_log(activity, PACKAGE_UPLOADED, self.request.user, self.form.new_package.name)
        _package_report(self.request, activity)
        return activity


class H5PActivityEditView(EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        activity = services.activity_update(
            activity=self.object,
            title=data.get("title") or self.object.title,
            is_published=data["is_published"],
            offer_download=data["offer_download"],
            package=self.form.new_package,
            allowed_hosts=self.form.chosen_hosts,
        )
        log(instance=activity, action="wagtail.edit", user=self.request.user, content_changed=True)
        if self.form.new_package is not None:
            _package_log(activity, PACKAGE_UPLOADED, self.request.user, self.form.new_package.name)
            _package_report(self.request, activity)
        return activity


class H5PActivityDeleteView(DeleteView):
    def delete_action(self):
        log(instance=self.object, action="wagtail.delete", user=self.request.user)
        _package_log(self.object, ACTIVITY_DELETED, self.request.user)
        services.activity_delete(activity=self.object)


class H5PActivityViewSet(SnippetViewSet):
    model = H5PActivity
    icon = "media"
    menu_label = _("Interactive activities")
    menu_order = 250
    add_to_admin_menu = True
    list_display = [
        "title",
        "main_library",
        "is_published",
        "updated_at",
        TitleColumn(
            "preview",
            label=_("Preview"),
            accessor=lambda activity: _("Preview"),
            get_url=lambda activity: reverse("h5p:preview", args=[activity.pk]),
        ),
        TitleColumn("results", label=_("Results"), accessor=lambda activity: _("Results"), get_url=results_url),
    ]
    list_filter = ["is_published"]
    search_fields = ["title", "main_library"]
    add_view_class = H5PActivityCreateView
    edit_view_class = H5PActivityEditView
    delete_view_class = H5PActivityDeleteView

    edit_handler = ObjectList(
        [
            FieldPanel("title", help_text=_("Leave empty to use the title inside the package.")),
            FieldPanel("package"),
            FieldPanel("is_published"),
            FieldPanel("offer_download"),
            FieldPanel("allowed_hosts", heading=_("External sites")),
            MultiFieldPanel(
                [
                    FieldPanel("main_library", read_only=True),
                    FieldPanel("libraries", read_only=True),
                    FieldPanel("license", read_only=True),
                    FieldPanel("authors", read_only=True),
                    FieldPanel("external_hosts", read_only=True),
                ],
                heading=_("From the package"),
            ),
        ],
        base_form_class=H5PActivityForm,
    )


register_snippet(H5PActivityViewSet)
