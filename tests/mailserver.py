"""A mail server that is down, or refuses some addresses: an e-mail backend that raises what ``smtplib`` raises
(an ``OSError``) and delivers everything else to Django's test outbox, like the ``locmem`` backend.

    mail_server.down()                     # refuses every message
    mail_server.refuse("b@example.org")    # refuses messages to these addresses only
    mail_server.up()                       # back: everything is delivered
"""

import smtplib

import pytest
from django.core.mail.backends.locmem import EmailBackend

BACKEND = "tests.mailserver.RefusingEmailBackend"


class RefusingEmailBackend(EmailBackend):
    refused: set[str] | None = set()  # None: the server is down for everyone

    def send_messages(self, messages):
        for message in messages:
            if self.refused is None:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            if set(message.to) & self.refused:
                raise smtplib.SMTPRecipientsRefused({address: (550, b"refused") for address in message.to})
        return super().send_messages(messages)


class MailServer:
    def down(self):
        RefusingEmailBackend.refused = None

    def refuse(self, *addresses: str):
        RefusingEmailBackend.refused = set(addresses)

    def up(self):
        RefusingEmailBackend.refused = set()


@pytest.fixture
def mail_server(settings, mailoutbox):
    settings.EMAIL_BACKEND = BACKEND
    server = MailServer()
    server.up()
    yield server
    server.up()
