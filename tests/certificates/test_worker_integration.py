"""Through a real broker and worker: a completed course leads to a certificate, e-mailed once."""

import pytest
from django.db import transaction

from certificates.models import Certificate
from courses.models import Enrollment
from courses.progress import enrollment_complete
from tests.courses.factories import course_with_lessons
from tests.factories import UserFactory
from tests.integration.conftest import celery_worker_process, wait_until  # noqa: F401

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def worker_media(monkeypatch, tmp_path):
    # The worker is another process: it learns where to store PDFs from its environment.
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path / "worker-media"))


@pytest.fixture
def worker(worker_media, celery_worker_process):  # noqa: F811
    return celery_worker_process


def test_completing_a_course_gets_the_certificate_issued_and_emailed_by_the_worker(worker):
    enrollment = Enrollment.objects.create(learner=UserFactory(), course=course_with_lessons(1))
    with transaction.atomic():
        enrollment_complete(enrollment=enrollment)
        assert not Certificate.objects.exists()  # nothing is queued before the commit

    certificate = wait_until(
        lambda: Certificate.objects.filter(enrollment=enrollment, emailed_at__isnull=False).first(), timeout=60
    )

    assert certificate.pdf.name.startswith("certificates/")
    assert Certificate.objects.count() == 1
    assert worker.poll() is None


def test_a_redelivered_issue_task_does_not_duplicate(worker):
    from certificates.tasks import certificate_issue_task

    enrollment = Enrollment.objects.create(learner=UserFactory(), course=course_with_lessons(1))
    with transaction.atomic():
        enrollment_complete(enrollment=enrollment)
    wait_until(lambda: Certificate.objects.filter(enrollment=enrollment, emailed_at__isnull=False).exists(), timeout=60)
    emailed_at = Certificate.objects.get(enrollment=enrollment).emailed_at

    for _ in range(3):
        certificate_issue_task.delay(enrollment.pk)
    certificate_issue_task.delay(-1)  # a deleted enrollment: ignored, not retried forever
    wait_until(lambda: not _queue_busy(), timeout=30)

    certificate = Certificate.objects.get(enrollment=enrollment)
    assert certificate.emailed_at == emailed_at  # not sent again
    assert Certificate.objects.count() == 1


def _queue_busy() -> bool:
    from elearning.celery import app

    with app.connection_for_read() as connection:
        return connection.default_channel.client.llen("celery") > 0  # Redis: the queue is a list
