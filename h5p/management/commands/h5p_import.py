from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

from h5p.hosts import HOSTS_WANTED
from h5p.semantics import CHANGES_HEADING, changes_summary
from h5p.services import activity_create
from h5p.validation import PackageRejected


class Command(BaseCommand):
    help = "Validate and import one .h5p package as an interactive activity."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--title", default="")
        parser.add_argument("--unpublished", action="store_true", help="import without publishing it")

    def handle(self, *args, path: Path, title: str, unpublished: bool, **options):
        if not path.is_file():
            raise CommandError(_("%(path)s: no such file.") % {"path": path})
        with path.open("rb") as package:
            try:
                activity = activity_create(package=package, title=title, is_published=not unpublished)
            except PackageRejected as error:
                raise CommandError(f"{path.name}: {error.messages[0]}") from error
        self.stdout.write(f"{activity.pk} {reverse('h5p:preview', args=[activity.pk])}")
        # The report goes to stderr, so stdout stays one line a script can read.
        if activity.content_changes:
            self.stderr.write(str(CHANGES_HEADING), style_func=self.style.WARNING)
            for line in changes_summary(activity.content_changes):
                self.stderr.write(f"  {line}", style_func=self.style.WARNING)
        if activity.external_hosts:
            hosts = ", ".join(activity.external_hosts)
            self.stderr.write(str(HOSTS_WANTED % {"hosts": hosts}), style_func=self.style.WARNING)
