from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from elearning.demo import DEMO_COURSES, DEMO_PASSWORD, demo_load
from organisations.demo import SAMPLE_ROSTER


class Command(BaseCommand):
    help = "Load the courses, the demo course, the demo accounts and demo data (idempotent); print how to log in."

    def add_arguments(self, parser):
        parser.add_argument(
            "--h5p-packages",
            type=Path,
            default=None,
            help="Folder with .h5p packages for the demo course's H5P block; without it the block is left out.",
        )

    def handle(self, *args, h5p_packages: Path | None, **options):
        call_command("load_courses", stdout=self.stdout)
        call_command("load_courses", path=DEMO_COURSES, h5p_packages=h5p_packages, stdout=self.stdout)
        summary = demo_load()
        base = "http://127.0.0.1:8000"
        self.stdout.write(self.style.SUCCESS(f"Signaal demo: {base}/"))
        self.stdout.write(f"All demo accounts use the password: {DEMO_PASSWORD}")
        for account, created in summary.accounts:
            state = "created" if created else "exists"
            self.stdout.write(f"  {account.role:<24} {account.email:<32} ({state})")
        self.stdout.write(f"  pupils join at {base}/klas/meedoen/ with the class code {summary.class_code}")
        self.stdout.write(f"  Demo course (every block type): {base}{summary.demo_course.url}")
        roster = SAMPLE_ROSTER.relative_to(settings.BASE_DIR)
        self.stdout.write(f"  Sample staff list for the coordinator's import: {roster}")
        self.stdout.write(f"  Wagtail admin: {base}/admin/ (log in as the editor)")
