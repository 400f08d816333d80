"""Reading staff lists: every bad row says why, and the file as a whole is refused when it is not a list."""

import pytest
from django.core.exceptions import ValidationError

from organisations import roster
from organisations.roster import roster_parse

TEAMS = {"Wmo-loket", "Handhaving"}


def test_reads_semicolon_separated_utf8_with_bom_and_skips_the_header():
    data = "\ufeffe-mail;voornaam;achternaam;team\nanna@example.org;Anna;Jansen;Wmo-loket\n".encode()

    rows = roster_parse(data, known_teams=TEAMS)

    assert [(r.email, r.first_name, r.last_name, r.team, r.errors) for r in rows] == [
        ("anna@example.org", "Anna", "Jansen", "Wmo-loket", [])
    ]


def test_reads_comma_separated_latin1():
    data = "cem@example.org,Cem,Gül,handhaving\n".encode("latin-1")

    rows = roster_parse(data, known_teams=TEAMS)

    assert rows[0].last_name == "Gül" and rows[0].team == "Handhaving" and rows[0].is_valid


def test_empty_lines_are_skipped():
    rows = roster_parse(b"a@example.org;A;B;\n\n;;;\nb@example.org;B;C;\n", known_teams=TEAMS)

    assert [r.email for r in rows] == ["a@example.org", "b@example.org"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("geen-adres;A;B;", roster.ROW_EMAIL_INVALID % {"email": "geen-adres"}),
        (";A;B;", roster.ROW_EMAIL_MISSING),
        ("alleen-tekst", roster.ROW_TOO_FEW_COLUMNS % {"count": 1}),
    ],
)
def test_a_bad_row_says_why(line, message):
    rows = roster_parse(f"{line}\n".encode(), known_teams=TEAMS)

    assert not rows[0].is_valid
    assert rows[0].errors == [str(message)]


def test_an_unknown_team_is_not_an_error_but_offered_as_new():
    rows = roster_parse(b"a@example.org;A;B;Onbekend\n", known_teams=TEAMS)

    assert rows[0].is_valid and rows[0].new_team and rows[0].team == "Onbekend"


def test_a_duplicate_names_the_first_line():
    rows = roster_parse(b"a@example.org;A;B;\nA@example.org;A;B;\n", known_teams=TEAMS)

    assert rows[0].is_valid
    assert rows[1].errors == [str(roster.ROW_DUPLICATE % {"line": 1})]


def test_a_10_mb_file_is_refused_as_a_whole():
    with pytest.raises(ValidationError) as refused:
        roster_parse(b"a@example.org;A;B;\n" * 600_000, known_teams=TEAMS)

    assert refused.value.messages == [str(roster.FILE_TOO_LARGE)]


def test_a_binary_file_is_refused_as_a_whole():
    with pytest.raises(ValidationError) as refused:
        roster_parse(bytes(range(256)) * 10, known_teams=TEAMS)

    assert refused.value.messages == [str(roster.FILE_NOT_TEXT)]


def test_a_file_without_rows_is_refused():
    with pytest.raises(ValidationError) as refused:
        roster_parse(b"e-mail;voornaam;achternaam;team\n\n", known_teams=TEAMS)

    assert refused.value.messages == [str(roster.FILE_EMPTY)]
