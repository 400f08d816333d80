import pytest
from django.apps import apps
from django.core.management import call_command

from courses.models import CoursePage
from h5p.models import H5PActivity
from quizzes.models import Quiz
from tests.h5p.factories import SHARED

pytestmark = pytest.mark.django_db

COURSES = {"herken-de-signalen", "mensenhandel-niet-op-school", "wees-alert", "kennismaken-met-signaal"}
DEMO_QUIZZES = {"Signalen van uitbuiting herkennen", "Oefenen met signalen"}


def _rows() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_a_fresh_load_makes_every_course_quiz_and_account(capsys):
    call_command("load_demo_data")

    out = capsys.readouterr().out
    assert set(CoursePage.objects.live().values_list("slug", flat=True)) == COURSES
    assert set(Quiz.objects.values_list("title", flat=True)) >= DEMO_QUIZZES
    for email in ("redacteur@", "coordinator@", "medewerker@", "docent@"):
        assert email in out


def test_loading_again_changes_nothing(capsys):
    call_command("load_demo_data")
    before = _rows()
    capsys.readouterr()

    call_command("load_demo_data")

    assert _rows() == before
    out = capsys.readouterr().out
    assert out.count(" 0 created, 0 updated,") == 2  # the courses and the demo course
    assert "(created)" not in out and "(exists)" in out


def test_without_the_shared_packages_everything_but_the_h5p_block_loads(capsys):
    call_command("load_demo_data")

    assert set(CoursePage.objects.live().values_list("slug", flat=True)) == COURSES
    assert not H5PActivity.objects.exists()
    assert "left out  lesson kennismaken-met-signaal/wat-doe-je block 4 (h5p)" in capsys.readouterr().out


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/h5p is not present")
def test_with_a_packages_folder_the_demo_course_gets_its_h5p_block(capsys):
    call_command("load_demo_data", h5p_packages=SHARED / "valid")

    assert H5PActivity.objects.count() == 1
    assert "left out" not in capsys.readouterr().out
