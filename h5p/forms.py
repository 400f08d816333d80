from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from h5p.validation import package_validate


class H5PActivityForm(WagtailAdminModelForm):
    """The snippet form: validates an uploaded package with the same validator as ``h5p_import``.

    ``allowed_hosts`` offers the hosts the stored package asks for; before a package is stored there are none,
    so the field is left out of the form (and its panel hidden).
    """

    allowed_hosts = forms.MultipleChoiceField(
        label=_("External sites"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Content from these sites loads only when you allow it here. "
            "Pupil pages load nothing from other sites by default."
        ),
    )

    class Meta:
        fields = ["title", "package", "is_published", "offer_download", "allowed_hosts"]
        widgets = {"package": forms.ClearableFileInput(attrs={"accept": ".h5p"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        hosts = self.instance.external_hosts if self.instance.pk else []
        if hosts:
            self.fields["allowed_hosts"].choices = [(host, host) for host in hosts]
        else:
            del self.fields["allowed_hosts"]

    def clean_package(self):
        package = self.cleaned_data.get("package")
        if isinstance(package, UploadedFile):
            package_validate(package)  # raises PackageRejected, a ValidationError with one line
        return package

    @property
    def new_package(self) -> UploadedFile | None:
        package = self.cleaned_data.get("package")
        return package if isinstance(package, UploadedFile) else None

    @property
    def chosen_hosts(self) -> list[str] | None:
        """The hosts chosen, or None when the form does not offer any."""
        return self.cleaned_data.get("allowed_hosts") if "allowed_hosts" in self.fields else None
