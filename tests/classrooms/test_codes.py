import pytest

from classrooms import codes

pytestmark = pytest.mark.django_db


def test_codes_never_use_characters_that_look_alike():
    for confusable in "0O1Il":
        assert confusable not in codes.ALPHABET
    join_codes = {codes.join_code_new() for _ in range(200)}
    assert all(codes.looks_like_join_code(code) for code in join_codes)


@pytest.mark.parametrize("typed", ["sgn2b7", " SGN-2B7 ", "sgn 2b7", "Sgn.2b7"])
def test_typed_codes_are_normalised(typed):
    assert codes.code_normalise(typed) == "SGN2B7"


def test_a_personal_code_is_derived_from_the_seed_and_found_by_its_digest():
    seed = codes.seed_new()
    code = codes.personal_code(seed)
    assert codes.looks_like_personal_code(code)
    assert codes.personal_code(seed) == code
    assert codes.code_digest(codes.code_display(code).lower()) == codes.code_digest(code)
    assert codes.personal_code(codes.seed_new()) != code


def test_codes_are_grouped_for_reading_aloud():
    assert codes.code_display("SGN2B7") == "SGN-2B7"
    assert codes.code_display("ABCDEFGHJK") == "ABCDE-FGHJK"


def test_personal_codes_change_with_the_code_key(settings):
    seed = codes.seed_new()
    before = codes.personal_code(seed)
    settings.CLASSROOMS_CODE_KEY = "another key"
    assert codes.personal_code(seed) != before
