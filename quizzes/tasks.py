from celery import shared_task

from quizzes.services import quiz_attempts_expire


@shared_task(ignore_result=True)
def quiz_attempts_expire_task() -> int:
    """Close and grade every attempt past its time limit. Safe to run often and twice at once."""
    return quiz_attempts_expire()
