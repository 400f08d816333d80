import pytest
from django.db import transaction

from elearning.models import WorkerHeartbeat
from elearning.tasks import worker_heartbeat_record_task
from tests.integration.conftest import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_task_enqueued_on_commit_runs_in_the_worker_and_lands_in_the_database(celery_worker_process):
    with transaction.atomic():
        transaction.on_commit(worker_heartbeat_record_task.delay)
        assert not WorkerHeartbeat.objects.exists()  # nothing is sent before the commit

    heartbeat = wait_until(lambda: WorkerHeartbeat.objects.filter(worker__startswith="integration@").first())

    assert heartbeat.seen_at is not None
    assert celery_worker_process.poll() is None  # the worker is alive, not crashed
