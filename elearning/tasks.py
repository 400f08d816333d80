from celery import shared_task

from elearning.services import worker_heartbeat_record


@shared_task(bind=True, ignore_result=True)
def worker_heartbeat_record_task(self) -> int:
    worker = self.request.hostname or "in-process"
    return worker_heartbeat_record(worker=worker).pk
