from django import forms
from django.core.files.uploadedfile import UploadedFile
from wagtail.admin.forms import WagtailAdminModelForm

from h5p.validation import package_validate


class H5PActivityForm(WagtailAdminModelForm):
    """The snippet form: validates an uploaded package with the same validator as ``h5p_import``."""

    class Meta:
        fields = ["title", "package", "is_published"]
        widgets = {"package": forms.ClearableFileInput(attrs={"accept": ".h5p"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False

    def clean_package(self):
        package = self.cleaned_data.get("package")
        if isinstance(package, UploadedFile):
            package_validate(package)  # raises PackageRejected, a ValidationError with one line
        return package

    @property
    def new_package(self) -> UploadedFile | None:
        package = self.cleaned_data.get("package")
        return package if isinstance(package, UploadedFile) else None
