"""The simulator's checks as pure functions: today's password rule, identity format, consent, codes."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certtraining.content import Content
from certtraining.practice import checks, flows


@pytest.fixture(autouse=True)
def fixture_course(course: Content) -> Content:
    """The checks' texts and consents come from the fixture course's simulator.yaml."""
    return course


STRONG = "Sejong1443!"


def unmet(value: str) -> list[str]:
    return [rule.id for rule in checks.password_problems(value)]


def test_a_password_meeting_every_rule_passes() -> None:
    assert unmet(STRONG) == []


@pytest.mark.parametrize(
    ("password", "broken"),
    [
        ("Ab1!xyz", "length"),  # 7 characters
        ("1234567890!?", "letter"),
        ("Abcdefghij!?", "digit"),
        ("Abcdefgh1234", "special"),
        ("Abcdefg12!'", "forbidden"),
        ('Abcdefg12!"', "forbidden"),
        ("Abcdefg12!|", "forbidden"),
        ("Abcdefg12!\u005c", "forbidden"),  # the backslash a Korean keyboard shows as ₩
        ("Abcdefg12!\u20a9", "forbidden"),  # ₩
        ("Abcdefg12!\uffe6", "forbidden"),  # full-width ₩
    ],
)
def test_each_rule_is_named_when_it_alone_is_broken(password: str, broken: str) -> None:
    assert unmet(password) == [broken]


def test_rules_are_reported_in_checklist_order() -> None:
    assert unmet("") == ["length", "letter", "digit", "special"]
    assert unmet("가나다라마바사아자차") == ["letter", "digit", "special"]


def test_exactly_ten_characters_is_long_enough_and_nine_is_not() -> None:
    assert "length" not in unmet("Abcdefg1!x")
    assert unmet("Abcdef1!x") == ["length"]


def test_the_forbidden_rule_says_the_won_key_types_a_backslash() -> None:
    rule = next(r for r in checks.password_rules() if r.id == "forbidden")
    assert "₩" in rule.fix and "\\" in rule.fix and "역슬래시" in rule.fix


@given(st.text(min_size=0, max_size=30))
def test_no_rule_message_ever_contains_the_password(value: str) -> None:
    """Messages are fixed texts: whatever is typed, nothing of it comes back."""
    marker = "\U000f0000" + value  # a private-use prefix no message contains
    for rule in checks.password_problems(marker):
        assert marker not in rule.label and marker not in rule.fix


def test_confirmation_must_be_typed_and_equal() -> None:
    assert "한 번 더" in (checks.confirmation_problem(STRONG, "") or "")
    assert "다릅니다" in (checks.confirmation_problem(STRONG, STRONG + "x") or "")
    assert checks.confirmation_problem(STRONG, STRONG) is None


def test_missing_consents_are_the_required_ones_not_ticked_in_screen_order() -> None:
    required = [c.id for c in flows.data().consents if c.required]
    assert [c.id for c in checks.missing_consents([])] == required
    assert [c.id for c in checks.missing_consents(required[1:])] == required[:1]
    assert checks.missing_consents(required) == []
    optional = [c.id for c in flows.data().consents if not c.required]
    assert optional, "the terms screen should also show an optional term"
    assert [c.id for c in checks.missing_consents(optional)] == required


PERSON = flows.FICTIONAL_PERSON


def test_the_fictional_person_passes_the_identity_check() -> None:
    assert (
        checks.identity_problems(
            PERSON.rrn_front, PERSON.rrn_back, PERSON.account, PERSON.account_password
        )
        == []
    )


@pytest.mark.parametrize(
    ("front", "back", "expected"),
    [
        ("", "", "모두 입력"),
        ("851301", "1000000", "실제 날짜"),  # month 13
        ("850230", "2000000", "실제 날짜"),  # 30 February
        ("85010", "2000000", "YYMMDD-GNNNNNN"),  # five digits
        ("850101", "200000", "YYMMDD-GNNNNNN"),  # six digits after the hyphen
        ("8501O1", "2000000", "YYMMDD-GNNNNNN"),  # a letter O
    ],
)
def test_bad_resident_numbers_are_refused_by_format(front: str, back: str, expected: str) -> None:
    problems = checks.identity_problems(front, back, PERSON.account, PERSON.account_password)
    assert len(problems) == 1
    assert problems[0].startswith("주민등록번호") and expected in problems[0]


def test_the_seventh_digit_sets_the_century_and_no_check_digit_is_tested() -> None:
    # 29 February exists in 2000 (G=3/4) but not in 1900 (G=1/2).
    assert checks.identity_problems("000229", "3000000", PERSON.account, "1357") == []
    assert checks.identity_problems("000229", "1000000", PERSON.account, "1357") != []
    # Numbers issued since 2020-10 have no check digit: any last digit passes.
    for last in "0123456789":
        assert checks.identity_problems("850101", f"200000{last}", PERSON.account, "1357") == []


def test_account_and_account_password_formats() -> None:
    rrn = (PERSON.rrn_front, PERSON.rrn_back)
    assert "출금계좌번호" in checks.identity_problems(*rrn, "12-34", "1357")[0]
    assert "출금계좌번호" in checks.identity_problems(*rrn, "9002-abc-1234", "1357")[0]
    assert "계좌 비밀번호" in checks.identity_problems(*rrn, PERSON.account, "135")[0]
    assert "계좌 비밀번호" in checks.identity_problems(*rrn, PERSON.account, "13a7")[0]


def test_the_security_card_asks_two_halves_and_checks_them() -> None:
    card = checks.SecurityCard.draw(random.Random(7))
    assert len(card.numbers) == 30 and all(len(n) == 4 and n.isdigit() for n in card.numbers)
    assert card.first != card.second
    first_two = card.numbers[card.first - 1][:2]
    last_two = card.numbers[card.second - 1][2:]
    assert card.problem(first_two, last_two) is None
    assert card.problem(last_two + "x", first_two) is not None
    assert "보안카드" in (card.problem("", "") or "")


def test_codes_must_be_requested_then_typed_exactly() -> None:
    code = checks.draw_code(random.Random(1))
    assert len(code) == 6 and code.isdigit()
    assert "먼저" in (checks.code_problem(code, None, "인증번호") or "")
    assert "맞지 않습니다" in (checks.code_problem("000000x", code, "인증번호") or "")
    assert checks.code_problem(f" {code} ", code, "인증번호") is None
