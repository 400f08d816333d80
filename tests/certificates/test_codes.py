import pytest

from certificates.codes import CodeChecksumError, CodeFormatError, code_display, code_generate, code_normalise


def test_a_code_has_130_random_bits_and_reads_in_groups_of_four():
    codes = {code_generate() for _ in range(2000)}
    assert len(codes) == 2000
    code = codes.pop()
    assert len(code) == 28  # 26 random characters × 5 bits + 2 check characters
    assert code_normalise(code) == code
    groups = code_display(code).split("-")
    assert [len(group) for group in groups] == [4] * 7


def test_typed_codes_are_normalised_case_spaces_dashes_and_look_alikes():
    code = code_generate()
    typed = " " + code_display(code).lower().replace("-", " ") + "  "
    assert code_normalise(typed) == code
    assert code_normalise(code_display(code)) == code
    with_look_alikes = code.replace("0", "O").replace("1", "l")
    assert code_normalise(with_look_alikes) == code


@pytest.mark.parametrize(
    "text",
    ["", "hello", "ABCD-EFGH", "https://example.org/x", "A" * 29, "€" * 28, "U" * 28, "<script>alert(1)</script>"],
)
def test_text_of_another_format_is_rejected(text):
    with pytest.raises(CodeFormatError):
        code_normalise(text)


def test_a_changed_character_is_caught_by_the_check_characters():
    code = code_generate()
    tampered = ("Z" if code[5] != "Z" else "Y").join([code[:5], code[6:]])
    with pytest.raises(CodeChecksumError):
        code_normalise(tampered)


def test_a_truncated_code_is_rejected():
    with pytest.raises(CodeFormatError):
        code_normalise(code_generate()[:-1])
