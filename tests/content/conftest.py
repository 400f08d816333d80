import pytest

from courses.content_loader import DEFAULT_ROOT, courses_load


@pytest.fixture
def loaded(db):
    """The courses of content/courses, loaded into an empty database."""
    return courses_load(root=DEFAULT_ROOT)
