import shutil
import subprocess
from io import BytesIO

import pytest
from django.utils import translation
from pypdf import PdfReader

from tests.mailserver import mail_server  # noqa: F401 - a fixture: the mail server, down or refusing on demand


def dutch(msgid: str) -> str:
    """What a Dutch reader sees for ``msgid``: the catalogue's translation (compiled from locale/nl)."""
    with translation.override("nl"):
        return translation.gettext(msgid)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def qr_codes_in(content: bytes, tmp_path) -> list[str]:
    """Rasterise the PDF like a phone camera would see it (150 dpi) and decode the QR codes on it."""
    if not (shutil.which("pdftoppm") and shutil.which("zbarimg")):
        pytest.skip("needs Debian's poppler-utils and zbar-tools")
    source = tmp_path / "certificate.pdf"
    source.write_bytes(content)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", source, tmp_path / "page"], check=True)
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", tmp_path / "page.png"],
        capture_output=True,
        text=True,
        check=True,
    )
    return decoded.stdout.split()


@pytest.fixture
def mailoutbox_pdfs(mailoutbox):
    def attachments():
        return [content for message in mailoutbox for _name, content, _mime in message.attachments]

    return attachments
