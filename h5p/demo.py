"""Demo activities from the shared test packages, for ``load_demo_data`` and the browser test."""

from django.conf import settings

from h5p.models import H5PActivity
from h5p.services import activity_create

DEMO_PACKAGES = {
    "multichoice": "H5P.MultiChoice.h5p",
    "truefalse": "H5P.TrueFalse.h5p",
    "dragtext": "H5P.DragText.h5p",
}


def shared_packages_dir():
    return settings.BASE_DIR.parent / "shared" / "h5p"


def demo_activities_load() -> dict[str, H5PActivity]:
    """Import the demo packages once (keyed by their main library); {} when the shared folder is absent."""
    folder = shared_packages_dir() / "valid"
    if not folder.is_dir():
        return {}
    activities = {}
    for key, file_name in DEMO_PACKAGES.items():
        path = folder / file_name
        if not path.is_file():
            continue
        library = file_name.removesuffix(".h5p")
        existing = H5PActivity.objects.filter(main_library__startswith=f"{library}-").order_by("pk").first()
        if existing is None:
            with path.open("rb") as package:
                existing = activity_create(package=package)
        activities[key] = existing
    return activities
