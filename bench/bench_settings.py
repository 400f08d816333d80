"""Settings of the benchmark's web processes and in-process measurements: production, plus the bare view.

Production settings with one difference: ``ROOT_URLCONF`` adds the bare ``@login_required`` view that the lesson
page is compared with (``bench_urls.py``). Run with ``bench/`` on ``PYTHONPATH``; production never imports it.
"""

from elearning.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
