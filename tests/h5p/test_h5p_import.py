"""The bulk-import command: imports a valid package, refuses a bad one and leaves nothing behind."""

import io
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from h5p.models import H5PActivity
from tests.h5p.factories import package_bytes
from tests.h5p.test_package_validate import VALID

pytestmark = pytest.mark.django_db


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def run_import(*args) -> str:
    out = io.StringIO()
    call_command("h5p_import", *map(str, args), stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("name", VALID)
def test_every_shared_valid_package_imports(shared, settings, name):
    output = run_import(shared / "valid" / name)
    activity = H5PActivity.objects.get()
    assert output.strip() == f"{activity.pk} /h5p/activiteiten/{activity.pk}/voorbeeld/"
    content = Path(settings.MEDIA_ROOT) / activity.content_path
    assert (content / "h5p.json").is_file()
    assert (content / "content" / "content.json").is_file()
    assert all((content / library / "library.json").is_file() for library in activity.libraries)
    assert Path(settings.MEDIA_ROOT, activity.package.name).is_file()


def test_the_title_option_overrides_the_packages_title(shared):
    run_import(shared / "valid" / "greetingcard.h5p", "--title", "Wenskaart")
    assert H5PActivity.objects.get().title == "Wenskaart"


def test_the_title_defaults_to_the_packages_own():
    with io.BytesIO(package_bytes()) as package:
        from h5p.services import activity_create

        assert activity_create(package=package).title == "Test activity"


@pytest.mark.parametrize(
    ("folder", "name", "reason"),
    [
        ("invalid", "broken-h5p-json.h5p", "h5p.json is not valid JSON."),
        ("invalid", "corrupt_archive.h5p", "not a zip archive"),
        ("invalid", "invalid-h5p-json-schema.h5p", "“mainLibrary”"),
        ("invalid", "invalid-library-json.h5p", "H5P.GreetingCard-1.0/library.json"),
        ("invalid", "missing-preloaded-js.h5p", "H5P.GreetingCard-1.0/greetingcard.js"),
        ("hostile", "xss-svg.h5p", "content/images/xss.svg"),
    ],
)
def test_a_rejected_package_exits_non_zero_with_one_line_and_leaves_nothing(shared, settings, folder, name, reason):
    with translation.override("en"), pytest.raises(CommandError) as caught:
        run_import(shared / folder / name)
    message = str(caught.value)
    assert message.startswith(f"{name}: ")
    assert reason in message
    assert "\n" not in message
    assert not H5PActivity.objects.exists()
    assert media_files(settings) == []


def test_the_command_exits_non_zero_through_the_shell(shared, tmp_path):
    import subprocess
    import sys

    from django.conf import settings

    result = subprocess.run(
        [sys.executable, "manage.py", "h5p_import", str(shared / "invalid" / "corrupt_archive.h5p")],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "elearning.settings.test", "MEDIA_ROOT": str(tmp_path), "PATH": "/usr/bin"},
        check=False,
    )
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1].startswith("CommandError: corrupt_archive.h5p: ")


def test_the_largest_valid_package_imports_in_well_under_a_second(shared):
    largest = max((shared / "valid").glob("*.h5p"), key=lambda path: path.stat().st_size)
    started = time.perf_counter()
    run_import(largest)
    elapsed = time.perf_counter() - started
    print(f"\nH5P: imported {largest.name} ({largest.stat().st_size} bytes) in {elapsed * 1000:.0f} ms")
    assert elapsed < 5
