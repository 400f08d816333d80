"""Fixtures for the organisations specs."""

from tests.mailserver import mail_server  # noqa: F401 - a fixture: the mail server, down or refusing on demand
