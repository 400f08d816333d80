"""H5P packages named in content files (see ``courses.content_loader``), imported once."""

from pathlib import Path

from h5p.models import H5PActivity
from h5p.services import activity_create
from h5p.validation import package_validate


def activity_from_package(*, path: Path) -> H5PActivity:
    """The activity imported from the package file at ``path``; imported now if no activity has it yet.

    A package is known by its ``h5p.json`` (title, main library, dependencies), so loading the same file again,
    or a file an editor already uploaded, finds that activity. A package changed without touching its
    ``h5p.json`` is therefore not imported again: replace it in the Wagtail admin. Raises ``PackageRejected``.
    """
    with path.open("rb") as package:
        manifest = package_validate(package)
        existing = H5PActivity.objects.filter(h5p_json=manifest.h5p_json).order_by("pk").first()
        if existing is not None:
            return existing
        package.seek(0)
        return activity_create(package=package)
