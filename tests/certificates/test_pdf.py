from io import BytesIO
from unittest import mock

import pytest
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader
from weasyprint import HTML

from certificates.codes import code_generate
from certificates.models import Certificate
from certificates.pdf import StaticFilesOnlyFetcher, URLRefused, certificate_pdf
from certificates.services import certificate_pdf_ensure
from tests.certificates.conftest import dutch, pdf_text, qr_codes_in
from tests.certificates.factories import issued_certificate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _unsaved(name: str, **fields) -> Certificate:
    fields = {"course_title": "Herken de signalen", "language": "nl", **fields}
    return Certificate(pk=1, learner_name=name, completed_at=timezone.now(), code=code_generate(), **fields)


def test_the_pdf_names_the_learner_the_course_and_the_code():
    certificate = issued_certificate(learner=UserFactory(first_name="Fatima", last_name="El Amrani"))
    text = pdf_text(certificate_pdf_ensure(certificate=certificate))
    assert "Fatima El Amrani" in text
    assert "Herken de signalen" in text
    assert certificate.display_code in text


def test_the_pdf_is_a4_landscape_tagged_and_titled():
    reader = PdfReader(BytesIO(certificate_pdf(_unsaved("Jan Jansen"))))
    [page] = reader.pages
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (842, 595)
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged for screen readers
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert "Herken de signalen" in reader.metadata.title


def test_the_qr_code_leads_to_the_verification_page_that_says_valid(client, tmp_path, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://signaal.example"
    certificate = issued_certificate()

    [url] = qr_codes_in(certificate_pdf_ensure(certificate=certificate), tmp_path)

    assert url.startswith("https://signaal.example/certificaten/controleren/")
    response = client.get(url.removeprefix("https://signaal.example"))
    assert response.status_code == 200
    assert dutch("Valid") in response.text
    assert escape(certificate.learner_name) in response.text


def test_the_pdf_is_in_the_certificates_language():
    english = pdf_text(certificate_pdf(_unsaved("Jan", language="en")))
    dutch_text = pdf_text(certificate_pdf(_unsaved("Jan", language="nl")))
    assert "Verification code" in english
    assert dutch("Verification code") in dutch_text


@pytest.mark.parametrize(
    ("name", "expected_in_text"),
    [
        ("Zoë Łukasiewicz-Şahin", "Zoë Łukasiewicz-Şahin"),
        ("André Müller", "André Müller"),
        ("محمد العلي", None),  # Arabic is shaped into presentation forms; text extraction differs by reader
        ("王芳", "王芳"),
        ("Ольга Петрова", "Ольга Петрова"),
    ],
)
def test_names_in_any_script_render(name, expected_in_text):
    content = certificate_pdf(_unsaved(name))
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    if expected_in_text:
        assert expected_in_text in text


def test_template_input_is_escaped_and_nothing_outside_the_static_files_is_fetched():
    fetcher = StaticFilesOnlyFetcher()
    name = '<img src=http://evil.example/x> <link rel=stylesheet href="file:///etc/passwd">'
    text = pdf_text(certificate_pdf(_unsaved(name, course_title="<b>bold</b>"), fetcher=fetcher))

    assert fetcher.refused == []  # the markup stayed text: nothing asked for evil.example or /etc/passwd
    assert {url.rsplit("/", 1)[1] for url in fetcher.fetched} == {"certificate.css", "qr.png"}
    assert "<img src=http://evil.example/x>" in text.replace("\n", "")
    assert "<b>bold</b>" in text


@pytest.mark.parametrize(
    "url",
    [
        "http://evil.example/x.png",
        "https://127.0.0.1:8000/static/css/certificate.css",  # another origin than the platform's
        "file:///etc/passwd",
        "data:text/css,body{}",
        "http://127.0.0.1:8000/static/../elearning/settings/base.py",
        "http://127.0.0.1:8000/static/css/does-not-exist.css",
        "http://127.0.0.1:8000/media/certificates/x.pdf",
    ],
)
def test_the_fetcher_refuses_everything_but_the_platforms_static_files(url, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    fetcher = StaticFilesOnlyFetcher()
    with pytest.raises(URLRefused):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_even_markup_that_reached_the_renderer_could_not_fetch_anything(settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    fetcher = StaticFilesOnlyFetcher()
    html = '<img src="http://evil.example/x.png"><link rel="stylesheet" href="file:///etc/passwd"><p>hi</p>'
    HTML(string=html, base_url="http://127.0.0.1:8000/", url_fetcher=fetcher).write_pdf()
    assert sorted(fetcher.refused) == ["file:///etc/passwd", "http://evil.example/x.png"]
    assert fetcher.fetched == []


def test_the_pdf_is_rendered_once_and_then_served_from_storage():
    certificate = issued_certificate(email=True)  # the e-mail task rendered and stored it
    certificate.refresh_from_db()
    assert certificate.pdf.name.startswith("certificates/")
    with certificate.pdf.storage.open(certificate.pdf.name) as file:
        stored = file.read()
    with mock.patch("certificates.services.certificate_pdf") as render:
        assert certificate_pdf_ensure(certificate=certificate) == stored
    render.assert_not_called()
