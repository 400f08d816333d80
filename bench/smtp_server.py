"""A local SMTP server for `make faults` that records every message and can be told to refuse.

    python bench/smtp_server.py --port 8025 --log RUN/smtp.jsonl --refuse-flag RUN/smtp-refuse

While the flag file exists, every RCPT is answered ``451 4.3.0`` (try again later): Django's SMTP backend
raises ``SMTPRecipientsRefused``, as with a mail server that is away. Every accepted message is one JSON line
(time, recipients, subject, size); every refusal too, so the harness can count what was sent to whom.
"""

import argparse
import contextlib
import json
import signal
import threading
import time
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self, log: Path, refuse_flag: Path):
        self.log, self.refuse_flag = log, refuse_flag
        self.lock = threading.Lock()

    def _write(self, entry: dict) -> None:
        with self.lock, self.log.open("a") as file:
            file.write(json.dumps(entry) + "\n")

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_flag.exists():
            self._write({"t": time.time(), "refused": address})
            return "451 4.3.0 Mail server unavailable, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content)
        subject = str(make_header(decode_header(message.get("Subject", ""))))
        self._write({"t": time.time(), "to": envelope.rcpt_tos, "subject": subject, "bytes": len(envelope.content)})
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--log", required=True)
    parser.add_argument("--refuse-flag", required=True)
    args = parser.parse_args()
    controller = Controller(Recorder(Path(args.log), Path(args.refuse_flag)), hostname="127.0.0.1", port=args.port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(f"SMTP on 127.0.0.1:{args.port}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
