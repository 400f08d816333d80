from django.core.management.base import BaseCommand

from elearning.demo import DEMO_PASSWORD, demo_accounts_load, demo_content_load


class Command(BaseCommand):
    help = "Load the demo accounts and content (idempotent) and print how to log in."

    def handle(self, *args, **options):
        results = demo_accounts_load()
        course = demo_content_load()
        self.stdout.write(self.style.SUCCESS("Signaal demo: http://127.0.0.1:8000/"))
        self.stdout.write(f"All demo accounts use the password: {DEMO_PASSWORD}")
        for account, created in results:
            state = "created" if created else "exists"
            self.stdout.write(f"  {account.role:<24} {account.email:<32} ({state})")
        self.stdout.write(f"  Demo course: http://127.0.0.1:8000{course.url}")
        self.stdout.write("  Wagtail admin: http://127.0.0.1:8000/admin/ (log in as the editor)")
