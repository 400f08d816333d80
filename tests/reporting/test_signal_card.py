"""The signal card: an A5 PDF per audience, tagged and with a language, carrying the reader's routes."""

import subprocess
from http import HTTPStatus
from io import BytesIO

import pytest
from pypdf import PdfReader

from organisations.models import Organisation
from tests.classrooms.factories import pupil_client_login, pupil_make, school_class_make
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from tests.reporting.helpers import OFFICER_A, OFFICER_B, PUPIL_CONTACT, officer_set, pupil_contact_set

pytestmark = pytest.mark.django_db

A5_POINTS = "419.528 x 595.276 pts"


def _card(client, slug: str):
    response = client.get(f"/waar-meld-ik/signaalkaart/{slug}/")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    return response


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "card.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())  # one line: a heading may wrap anywhere on a small page


def _info(pdf: bytes, tmp_path) -> dict:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    output = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in output.splitlines() if ":" in line)


@pytest.mark.parametrize("slug", ["gemeente", "docenten", "jongeren"])
def test_each_card_is_one_or_two_tagged_a5_pages_in_dutch(client, tmp_path, slug):
    pdf = _card(client, slug).content

    info = {key: value.strip() for key, value in _info(pdf, tmp_path).items()}
    assert info["Page size"] == A5_POINTS
    assert int(info["Pages"]) in (1, 2)
    assert info["Tagged"] == "yes"
    root = PdfReader(BytesIO(pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "nl"
    assert "Signaal" in _text(pdf, tmp_path)


def test_a_members_card_carries_their_organisations_contact_above_the_national_routes(
    client, tmp_path, org_a, org_b, member_a
):
    officer_set(org_a, OFFICER_A)
    officer_set(org_b, OFFICER_B)
    client.force_login(member_a)

    text = _text(_card(client, "gemeente").content, tmp_path)

    assert "Anna Aandacht" in text and "020-123 45 67" in text and "aandacht@aadorp.example" in text
    assert "Bert Beedorp" not in text
    assert text.index("Anna Aandacht") < text.index("0900-8844")
    assert "Landelijke meldroutes" in text


def test_a_visitors_and_another_members_card_has_only_the_national_routes(client, tmp_path, org_a, member_b):
    officer_set(org_a, OFFICER_A)

    visitor = _text(_card(client, "docenten").content, tmp_path)
    client.force_login(member_b)
    other = _text(_card(client, "docenten").content, tmp_path)

    for text in (visitor, other):
        assert "Anna Aandacht" not in text
        assert "0900-8844" in text and "0800-2000" in text and "Veilig Thuis" in text


def test_the_card_speaks_to_its_audience(client, tmp_path):
    staff = _text(_card(client, "gemeente").content, tmp_path)
    teachers = _text(_card(client, "docenten").content, tmp_path)
    pupils = _text(_card(client, "jongeren").content, tmp_path)

    assert "Signaalkaart voor medewerkers van de gemeente" in staff and "Aan de balie" in staff
    assert "meldcode" in teachers and "Spijbelen" in teachers
    assert "Meld Misdaad Anoniem" in staff and "Meld Misdaad Anoniem" not in teachers  # it bypasses the Meldcode
    assert "Signaalkaart voor jongeren" in pupils and "nooit jouw schuld" in pupils
    for number in ("0800-0432", "0800-2000", "0800-0188", "0800-0113", "helpwanted.nl", "112"):
        assert number in pupils, number
    assert "Wat gebeurt er als je het aan een volwassene vertelt?" in pupils
    assert "Meld Misdaad Anoniem" not in pupils and " u " not in f" {pupils} "


def test_a_pupils_card_has_their_schools_contact_for_pupils(client, tmp_path):
    school = OrganisationFactory(kind=Organisation.Kind.SCHOOL)
    pupil_contact_set(school)
    teacher = MembershipFactory(organisation=school).user
    pupil_client_login(client, pupil_make(school_class_make(teacher=teacher, organisation=school)))

    text = _text(_card(client, "jongeren").content, tmp_path)

    assert "Mevrouw Zorg" in text and "Bij jou op school" in text


def test_a_teacher_prints_the_pupils_card_with_the_schools_contact_for_pupils(client, tmp_path):
    school = OrganisationFactory(kind=Organisation.Kind.SCHOOL)
    pupil_contact_set(school)
    client.force_login(MembershipFactory(organisation=school).user)

    assert PUPIL_CONTACT["name"].split(",")[0] in _text(_card(client, "jongeren").content, tmp_path)


def test_a_card_is_private_to_its_reader(client, org_a, member_a):
    officer_set(org_a, OFFICER_A)
    client.force_login(member_a)

    response = _card(client, "gemeente")

    assert "private" in response["Cache-Control"]
    assert 'filename="signaalkaart-gemeente.pdf"' in response["Content-Disposition"]


def test_an_unknown_card_is_a_404(client):
    assert client.get("/waar-meld-ik/signaalkaart/iedereen/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/waar-meld-ik/signaalkaart/").status_code == HTTPStatus.NOT_FOUND


def test_the_same_card_is_rendered_once(client, monkeypatch):
    from reporting import signal_card

    renders = []
    original = signal_card.HTML.write_pdf
    monkeypatch.setattr(signal_card.HTML, "write_pdf", lambda self, **kw: renders.append(1) or original(self, **kw))

    first = _card(client, "docenten").content
    second = _card(client, "docenten").content

    assert first == second and len(renders) == 1


@pytest.mark.parametrize(
    ("flags", "slug"),
    [({"for_pupils": True}, "jongeren"), ({"for_teachers": True}, "docenten"), ({"for_staff": True}, "gemeente")],
)
def test_the_end_of_a_course_links_to_the_card_of_its_audience(flags, slug):
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    course = SimpleNamespace(**{"for_pupils": False, "for_teachers": False, "for_staff": False, **flags})
    html = render_to_string("reporting/includes/course_signal_card.html", {"course": course})

    assert f'href="/waar-meld-ik/signaalkaart/{slug}/"' in html
