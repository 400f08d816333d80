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
