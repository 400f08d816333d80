import shutil
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from wagtail.models import Revision

from courses.content_loader import DEFAULT_ROOT, ContentError, courses_load
from courses.models import CoursePage, LessonActivity, LessonPage
from elearning.demo import DEMO_COURSES
from quizzes.models import Quiz
from tests.content.course_rules import course_dirs, lesson_files

pytestmark = pytest.mark.django_db

# Every lesson file in a course folder becomes a live lesson page: the count follows the files.
EXPECTED_LESSONS = {folder.name: len(lesson_files(folder)) for folder in course_dirs()}


def _counts():
    return (CoursePage.objects.count(), LessonPage.objects.count(), Quiz.objects.count(), Revision.objects.count())


def _copy(tmp_path) -> Path:
    root = tmp_path / "courses"
    shutil.copytree(DEFAULT_ROOT, root)
    return root


def test_the_loader_fills_an_empty_database(loaded):
    slugs = {course.slug for course in loaded}
    assert slugs == set(EXPECTED_LESSONS)
    for course in loaded:
        assert course.live
        lessons = LessonPage.objects.child_of(course).live()
        assert lessons.count() == EXPECTED_LESSONS[course.slug], course.slug


def test_loading_twice_creates_nothing_twice(loaded):
    before = _counts()

    again = courses_load(root=DEFAULT_ROOT)

    assert _counts() == before
    assert [course.pk for course in again] == [course.pk for course in loaded]


def test_the_command_loads_and_reloads(db, capsys):
    call_command("load_courses")
    before = _counts()
    call_command("load_courses", "--path", str(DEFAULT_ROOT))

    assert _counts() == before
    assert "0 created, 0 updated" in capsys.readouterr().out


def test_a_changed_lesson_file_updates_its_page(tmp_path, db):
    root = _copy(tmp_path)
    courses_load(root=root)
    path = root / "herken-de-signalen" / "01-wat-is-mensenhandel.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["title"] = "Wat is mensenhandel precies?"
    data["body"][0]["value"] = "<h2>Nieuw</h2><p>Een gewijzigde alinea.</p>"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    lesson = LessonPage.objects.get(slug="wat-is-mensenhandel")
    revisions = lesson.revisions.count()

    courses_load(root=root)

    lesson.refresh_from_db()
    assert lesson.title == "Wat is mensenhandel precies?"
    assert "Een gewijzigde alinea." in lesson.body[0].value.source
    assert lesson.revisions.count() == revisions + 1
    assert LessonPage.objects.filter(slug="wat-is-mensenhandel").count() == 1


def test_a_changed_quiz_file_updates_the_quiz(tmp_path, db):
    root = _copy(tmp_path)
    courses_load(root=root)
    path = root / "herken-de-signalen" / "quiz-eindtoets.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["settings"]["pass_mark_percent"] = 80
    data["questions"][0]["value"]["prompt"] = "Wat is mensenhandel?"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    courses_load(root=root)

    quiz = Quiz.objects.get(title=data["title"])
    assert quiz.pass_mark_percent == 80
    assert quiz.questions[0].value["prompt"] == "Wat is mensenhandel?"
    assert Quiz.objects.filter(title=data["title"]).count() == 1


def test_a_page_edited_in_wagtail_is_left_alone_unless_overwrite(tmp_path, db):
    from tests.factories import UserFactory

    root = _copy(tmp_path)
    courses_load(root=root)
    lesson = LessonPage.objects.get(slug="wat-is-mensenhandel")
    lesson.title = "Titel van de redacteur"
    lesson.save_revision(user=UserFactory()).publish()

    courses_load(root=root)
    lesson.refresh_from_db()
    assert lesson.title == "Titel van de redacteur"

    courses_load(root=root, overwrite=True)
    lesson.refresh_from_db()
    assert lesson.title == "Wat is mensenhandel?"


def test_publishing_indexes_the_quizzes_as_lesson_activities(loaded):
    for course in loaded:
        for lesson in LessonPage.objects.child_of(course):
            quiz_blocks = [block for block in lesson.body if block.block_type == "quiz"]
            activities = LessonActivity.objects.filter(lesson=lesson, kind=LessonActivity.Kind.QUIZ)
            assert {a.activity_id for a in activities} == {block.value["quiz"].pk for block in quiz_blocks}


def _edit(root: Path, relative: str, change) -> None:
    path = root / relative
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _first_options(data):
    return data["questions"][0]["value"]["options"]


@pytest.mark.parametrize(
    ("relative", "change", "message"),
    [
        (
            "herken-de-signalen/02-signalen-per-vorm.yaml",
            lambda data: data["body"].append({"type": "carousel", "value": {}}),
            "unknown block type 'carousel'",
        ),
        (
            "herken-de-signalen/04-wat-doet-u.yaml",
            lambda data: data["body"].append({"type": "reporting_routes", "value": {"routes": ["Bel Henk"]}}),
            "unknown reporting route 'Bel Henk'",
        ),
        (
            "herken-de-signalen/quiz-eindtoets.yaml",
            lambda data: data.update(questions=data["questions"][:4]),
            "needs at least 18",
        ),
        (
            "herken-de-signalen/quiz-eindtoets.yaml",
            lambda data: _first_options(data)[1].update(feedback=""),
            "option 2 has no feedback",
        ),
    ],
)
def test_a_bad_file_fails_with_one_line_naming_file_and_problem(tmp_path, db, relative, change, message):
    root = _copy(tmp_path)
    _edit(root, relative, change)

    with pytest.raises(ContentError) as error:
        courses_load(root=root)

    text = str(error.value)
    assert "\n" not in text
    assert relative.split("/")[-1] in text and message in text
    assert CoursePage.objects.count() == 0  # all or nothing


def test_bad_yaml_names_the_file_and_line(tmp_path, db):
    root = _copy(tmp_path)
    (root / "wees-alert" / "01-online-contact.yaml").write_text("title: [unclosed\n", encoding="utf-8")

    with pytest.raises(ContentError, match=r"01-online-contact\.yaml: bad YAML"):
        courses_load(root=root)


def _demo_copy(tmp_path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(DEMO_COURSES, root)
    return root


def _block_of(data, block_type):
    return next(block for block in data["body"] if block["type"] == block_type)


@pytest.mark.parametrize(
    ("relative", "change", "message"),
    [
        (
            "01-signalen-herkennen.yaml",
            lambda data: _block_of(data, "image")["value"]["image"].update(file="weg.png"),
            "no image file 'weg.png'",
        ),
        (
            "01-signalen-herkennen.yaml",
            lambda data: _block_of(data, "image")["value"]["image"].update(file="../../elders.png"),
            "image file must be a file name",
        ),
        (
            "02-wat-doe-je.yaml",
            lambda data: _block_of(data, "video").pop("oembed"),
            "video blocks need an oembed mapping",
        ),
        (
            "02-wat-doe-je.yaml",
            lambda data: _block_of(data, "h5p").pop("optional"),
            "H5P package 'H5P.MultiChoice.h5p' not found",
        ),
        (
            "02-wat-doe-je.yaml",
            lambda data: _block_of(data, "callout").update(optional=True),
            "only h5p blocks can be optional",
        ),
    ],
)
def test_a_bad_media_block_fails_with_one_line(tmp_path, db, relative, change, message):
    root = _demo_copy(tmp_path)
    _edit(root / "kennismaken-met-signaal", relative, change)

    with pytest.raises(ContentError) as error:
        courses_load(root=root, h5p_packages=tmp_path / "no-packages")

    assert relative in str(error.value) and message in str(error.value)
    assert CoursePage.objects.count() == 0
