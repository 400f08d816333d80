"""The shared test packages (``../shared/h5p``): where they are, for ``load_demo_data``, and the activities the
browser test plays."""

from django.conf import settings

from h5p.content import activity_from_package
from h5p.models import H5PActivity

DEMO_PACKAGES = {
    "multichoice": "H5P.MultiChoice.h5p",
    "truefalse": "H5P.TrueFalse.h5p",
    "dragtext": "H5P.DragText.h5p",
}


def shared_packages_dir():
    """``../shared/h5p`` next to the project: test packages that a fresh clone does not have."""
    return settings.BASE_DIR.parent / "shared" / "h5p"


def demo_activities_load() -> dict[str, H5PActivity]:
    """Import the demo packages once (keyed by their main library); {} when the shared folder is absent."""
    folder = shared_packages_dir() / "valid"
    return {
        key: activity_from_package(path=folder / file_name)
        for key, file_name in DEMO_PACKAGES.items()
        if (folder / file_name).is_file()
    }
