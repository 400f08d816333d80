"""Run jobs at the same moment in threads, each on its own database connection (for PostgreSQL row locks)."""

import threading

from django.db import connection


def race(*jobs, timeout: float = 60):
    """Start the jobs together; return their results in order, or fail with every error they raised."""
    barrier = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), []

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not errors, errors
    return results
