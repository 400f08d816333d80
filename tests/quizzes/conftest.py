import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.quizzes.factories import QuizFactory


@pytest.fixture
def learner(db):
    return UserFactory()


@pytest.fixture
def quiz(db):
    return QuizFactory()


@pytest.fixture
def learner_client(learner):
    client = Client()
    client.force_login(learner)
    return client


@pytest.fixture(autouse=True)
def _engine_on_its_own(settings):
    """These specs are about the engine, so every logged-in learner may use every activity; which learner may
    use which activity is courses' policy, specified in tests/courses/test_access.py."""
    settings.QUIZZES_ACCESS_POLICY = "tests.policies.everyone"
