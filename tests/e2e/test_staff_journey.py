"""Journey 2: a municipal staff member accepts the e-mailed invitation, finds the assigned course on "Mijn leren",
completes it (a quiz and an H5P activity in the real player), receives the certificate by e-mail and checks it
with the QR code printed on the PDF."""

import json
import re
import subprocess
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from certificates.models import Certificate
from h5p.services import activity_create
from organisations.assignments import assignment_create
from organisations.services import invitation_create
from tests.courses.factories import course_with_lessons, lesson_add
from tests.e2e.conftest import (
    assert_accessible,
    assert_no_horizontal_scroll,
    click_near_players,
    h5p_block,
    h5p_content,
    log_in,
    quiz_block,
    text_block,
)
from tests.h5p.factories import shared_package
from tests.organisations.factories import OrganisationFactory, TeamFactory
from tests.quizzes.factories import QuizFactory, single_choice

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EMAIL = "j.jansen@voorbeeld.nl"
PASSWORD = "Signalen-herkennen-2025"
MULTICHOICE = shared_package("valid", "H5P.MultiChoice.h5p")


@pytest.fixture
def assignment():
    if not MULTICHOICE.is_file():
        pytest.skip("../shared/h5p is not present")
    organisation = OrganisationFactory(name="Gemeente Voorbeeld")
    team = TeamFactory(organisation=organisation, name="Wmo-loket")
    quiz = QuizFactory(title="Eindtoets", questions=[single_choice("sc", correct="b")], pass_mark_percent=100)
    with MULTICHOICE.open("rb") as package:
        activity = activity_create(package=package)
    course = course_with_lessons(0, title="Herken de signalen")
    lesson_add(course, title="Signalen", body=json.dumps([text_block("<p>Let op signalen.</p>"), quiz_block(quiz)]))
    lesson_add(course, title="Oefenen", body=json.dumps([h5p_block(activity, pass_threshold=70)]))
    due = timezone.localdate() + timedelta(days=30)
    assignment_create(organisation=organisation, course=course, due_date=due, teams=[team])
    invitation_create(organisation=organisation, email=EMAIL, first_name="Jan", last_name="Jansen", team=team)
    return course, quiz, activity


def check(page, *, narrow: bool = False) -> None:
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    if narrow:
        assert_no_horizontal_scroll(page)


def link_in(body: str, path_part: str) -> str:
    """The path of the first link in ``body`` containing ``path_part``: the live server has its own host."""
    match = re.search(rf"https?://\S*{re.escape(path_part)}\S*", body)
    assert match, body
    url = urlsplit(match.group(0))
    return url.path + (f"?{url.query}" if url.query else "")


def qr_code_in(pdf: bytes, folder: Path) -> str:
    """The text of the QR code on the PDF: rendered with pdftoppm, read with zbarimg."""
    folder.mkdir()
    (folder / "certificate.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "certificate.pdf", "page"], cwd=folder, check=True, timeout=120)
    pages = sorted(folder.glob("page*.png"))
    assert pages
    found = subprocess.run(
        ["zbarimg", "--raw", "-q", *map(str, pages)], capture_output=True, text=True, timeout=120, check=False
    )
    assert found.stdout.strip(), f"no QR code found in the certificate ({found.returncode}: {found.stderr})"
    return found.stdout.strip().splitlines()[0]


def test_staff_member_accepts_invitation_completes_course_and_verifies_certificate(new_page, assignment, tmp_path):
    course, quiz, activity = assignment
    invitation = mail.outbox[-1]
    assert invitation.to == [EMAIL]
    page = new_page()

    # The link in the invitation e-mail: create an account and accept.
    page.goto(link_in(invitation.body, "/organisatie/uitnodiging/"))
    expect(page.get_by_role("heading", name="Gemeente Voorbeeld")).to_be_visible()
    check(page)
    expect(page.get_by_label("Voornaam")).to_have_value("Jan")
    page.get_by_label("Kies een wachtwoord").fill(PASSWORD)
    page.get_by_label("Wachtwoord nogmaals").fill(PASSWORD)
    page.get_by_role("button", name="Account aanmaken en accepteren").click()

    # "Mijn leren" shows the assignment.
    page.wait_for_url("**/mijn-leren/")
    expect(page.get_by_text("Welkom bij Gemeente Voorbeeld.")).to_be_visible()
    assigned = page.locator("section", has=page.get_by_role("heading", name="Aan u toegewezen"))
    card = assigned.locator(".card", has_text="Herken de signalen")
    expect(card).to_contain_text("Niet begonnen")
    check(page)
    card.get_by_role("link", name="Begin").click()

    # Lesson 1: the quiz.
    expect(page.get_by_role("heading", name="Signalen", exact=True)).to_be_visible()
    check(page)
    page.get_by_role("link", name="Start de toets").click()
    page.get_by_role("button", name="Start de toets").wait_for()
    check(page)
    page.get_by_role("button", name="Start de toets").click()
    page.get_by_label("Option sc-b").wait_for()
    check(page)
    page.get_by_label("Option sc-b").check()
    page.get_by_role("button", name="Inleveren").click()
    expect(page.locator(".quiz-result--passed")).to_be_visible()
    check(page)
    page.get_by_role("link", name="Terug naar de les").click()
    expect(page.locator(".activity--quiz")).to_contain_text("Gehaald.")
    check(page)
    page.get_by_role("button", name="Klaar, volgende les").click()

    # Lesson 2: the H5P activity, answered in the real player.
    expect(page.get_by_role("heading", name="Oefenen")).to_be_visible()
    page.locator(f'[data-activity-id="{activity.pk}"][data-h5p-ready="true"]').wait_for(timeout=30_000)
    check(page)
    player = h5p_content(page, activity)
    player.get_by_text("Very dark purple").click()
    with (  # the result and the saved state: both written before the next step
        page.expect_response(lambda r: "/xapi/" in r.url and r.status == 201, timeout=30_000),
        page.expect_response(lambda r: "/state/" in r.url and r.request.method == "POST", timeout=30_000),
    ):
        player.get_by_role("button", name="Check").click()
    expect(page.get_by_text("Gehaald.")).to_be_visible()  # the page has taken the result
    click_near_players(page.get_by_role("button", name="Klaar, cursus afronden"))
    expect(page.get_by_text("Goed gedaan: u hebt de cursus afgerond.")).to_be_visible()
    check(page)

    # The certificate arrives by e-mail, with the PDF.
    certificate = Certificate.objects.get(learner__email=EMAIL)
    sent = [  # the assignment mail carries an .ics; the certificate's carries the PDF
        message
        for message in mail.outbox
        if message.to == [EMAIL] and any(mimetype == "application/pdf" for *_rest, mimetype in message.attachments)
    ]
    assert len(sent) == 1
    _name, pdf, mimetype = sent[0].attachments[0]
    assert mimetype == "application/pdf"
    assert certificate.display_code in sent[0].body

    # "Mijn leren" and "Mijn certificaten" show the completion and the certificate.
    page.goto("/mijn-leren/")
    expect(card).to_contain_text("Afgerond")
    check(page)
    page.goto("/certificaten/")
    expect(page.locator(".certificate-card", has_text="Herken de signalen")).to_be_visible()
    check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("PDF")).click()
    downloaded = Path(download.value.path()).read_bytes()
    assert downloaded.startswith(b"%PDF")

    # Anyone who scans the QR code on the PDF sees that the certificate is valid.
    qr_url = qr_code_in(pdf, tmp_path / "mailed")
    assert qr_code_in(downloaded, tmp_path / "downloaded") == qr_url
    verifier = new_page()
    verifier.goto(urlsplit(qr_url).path)
    result = verifier.get_by_role("status")
    verdict = result.get_by_role("heading", level=2)
    expect(verdict).to_have_text("Geldig")
    expect(verdict).to_have_class(re.compile(r"\bbadge--valid\b"))
    expect(result).to_contain_text("Jan Jansen")
    expect(result).to_contain_text("Herken de signalen")
    check(verifier)

    # The learner's pages on a 320 px phone.
    phone = new_page(width=320, height=640)
    log_in(phone, EMAIL, PASSWORD)
    lesson_urls = [lesson.url for lesson in course.get_children().live()]
    for url in ("/mijn-leren/", "/certificaten/", course.url, *lesson_urls, f"/toetsen/{quiz.pk}/"):
        phone.goto(url)
        phone.wait_for_load_state("networkidle")
        assert_no_horizontal_scroll(phone)
