"""The certificate is in the language the learner used when they earned it, and stays so."""

import shutil
import subprocess

import pytest
from django.utils import translation

from certificates.models import Certificate
from certificates.pdf import certificate_pdf
from tests.certificates.factories import completed_enrollment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _pdftotext(content: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("needs Debian's poppler-utils")
    source = tmp_path / "certificate.pdf"
    source.write_bytes(content)
    return subprocess.run(["pdftotext", source, "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize(
    ("language", "expected", "not_expected"),
    [
        ("en", ["Certificate", "Verification code", "Completed on"], ["Certificaat"]),
        ("nl", ["Certificaat"], ["Verification code"]),
    ],
)
def test_a_learner_who_finished_in_a_language_gets_the_certificate_in_it(tmp_path, language, expected, not_expected):
    with translation.override(language):
        enrollment = completed_enrollment(learner=UserFactory(first_name="Eva"), title="Herken de signalen")
    certificate = Certificate.objects.get(enrollment=enrollment)
    assert certificate.language == language

    text = _pdftotext(certificate_pdf(certificate), tmp_path)

    assert "Eva" in text and "Herken de signalen" in text
    for words in expected:
        assert words in text
    for words in not_expected:
        assert words not in text
