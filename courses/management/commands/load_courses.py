import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.content_loader import DEFAULT_ROOT, ContentError, LoadReport, courses_load


class Command(BaseCommand):
    help = (
        "Load the courses in content/courses/ (YAML) into Wagtail pages and quizzes. Idempotent: loading twice "
        "creates nothing twice, and only a changed file saves a new revision."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=DEFAULT_ROOT, help="Folder with one folder per course.")
        parser.add_argument(
            "--h5p-packages", type=Path, default=None, help="Folder where the packages of H5P blocks are found."
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Also update pages that an editor changed in Wagtail since the last load (their changes are lost).",
        )

    def handle(self, *args, path: Path, h5p_packages: Path | None, overwrite: bool, **options):
        report = LoadReport()
        try:
            courses = courses_load(root=path, overwrite=overwrite, h5p_packages=h5p_packages, report=report)
        except ContentError as error:
            raise CommandError(str(error)) from error
        for label in report.created:
            self.stdout.write(f"  created   {label}")
        for label in report.updated:
            self.stdout.write(f"  updated   {label}")
        for label in report.skipped:
            self.stdout.write(self.style.WARNING(f"  skipped   {label}; use --overwrite to load the file anyway"))
        for label in report.left_out:
            self.stdout.write(f"  left out  {label}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(courses)} course(s) loaded from {os.path.relpath(path)}: {len(report.created)} created, "
                f"{len(report.updated)} updated, {len(report.unchanged)} unchanged, {len(report.skipped)} skipped."
            )
        )
