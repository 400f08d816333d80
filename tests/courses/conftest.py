import pytest

from courses.signals import course_completed


@pytest.fixture
def completions():
    """The enrollment ids that `course_completed` announced during the test."""
    announced = []

    def listen(sender, enrollment, **kwargs):
        announced.append(enrollment.pk)

    course_completed.connect(listen)
    yield announced
    course_completed.disconnect(listen)
