"""What the simulator checks, as pure functions: consent, identity format, codes, password rules.

None of these functions keeps what it is given. Messages are Korean, for learners (worded in
``data/simulator.yaml``), and never repeat the typed value (a password is never echoed, not
even its length).
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from certtraining.personal.rrn import rrn_format_problem
from certtraining.practice import flows
from certtraining.practice.flows import Consent

# On Korean keyboards and fonts the backslash key shows as ₩; a bank's checker refuses all three.
BACKSLASH = "\u005c"
WON_SIGN = "\u20a9"
FULLWIDTH_WON_SIGN = "\uffe6"
FORBIDDEN_PASSWORD_CHARACTERS = frozenset({"'", '"', "|", BACKSLASH, WON_SIGN, FULLWIDTH_WON_SIGN})
SPECIAL_CHARACTERS = frozenset(string.punctuation) - FORBIDDEN_PASSWORD_CHARACTERS
MIN_PASSWORD_LENGTH = 10


@dataclass(frozen=True)
class PasswordRule:
    id: str
    label: str  # the rule as the checklist shows it
    fix: str  # what to do when it is not met
    met: Callable[[str], bool] = field(repr=False, compare=False)


# The checks, in checklist order; their words are in data/simulator.yaml (password_rules).
_RULE_CHECKS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("length", lambda value: len(value) >= MIN_PASSWORD_LENGTH),
    ("letter", lambda value: any(ch in string.ascii_letters for ch in value)),
    ("digit", lambda value: any(ch in string.digits for ch in value)),
    ("special", lambda value: any(ch in SPECIAL_CHARACTERS for ch in value)),
    ("forbidden", lambda value: not (set(value) & FORBIDDEN_PASSWORD_CHARACTERS)),
)


def password_rules() -> tuple[PasswordRule, ...]:
    """Today's certificate password rules, in checklist order, worded as the data says."""
    worded = flows.data().password_rules
    return tuple(
        PasswordRule(
            rule_id,
            worded[rule_id].label.format(min_length=MIN_PASSWORD_LENGTH),
            worded[rule_id].fix.format(min_length=MIN_PASSWORD_LENGTH),
            met,
        )
        for rule_id, met in _RULE_CHECKS
    )


def password_problems(value: str) -> list[PasswordRule]:
    """The rules of today's certificate password that ``value`` does not meet yet, in order."""
    return [rule for rule in password_rules() if not rule.met(value)]


def confirmation_problem(value: str, confirmation: str) -> str | None:
    words = flows.texts().password
    if not confirmation:
        return words.confirm_missing
    if value != confirmation:
        return words.confirm_differs
    return None


def missing_consents(ticked: Iterable[str]) -> list[Consent]:
    """The required terms not yet agreed to, in the order the screen lists them."""
    agreed = set(ticked)
    return [c for c in flows.data().consents if c.required and c.id not in agreed]


_ACCOUNT = re.compile(r"^[0-9]+(-[0-9]+)*$")


def identity_problems(
    rrn_front: str, rrn_back: str, account: str, account_password: str
) -> list[str]:
    """Why the 본인 확인 form is refused: format only (it is made-up data; nothing is looked up)."""
    words = flows.texts().identity
    problems = []
    front, back = rrn_front.strip(), rrn_back.strip()
    if not front or not back:
        problems.append(words.rrn_missing)
    else:
        rrn_problem = rrn_format_problem(f"{front}-{back}")
        if rrn_problem:
            problems.append(words.rrn_problem.format(problem=rrn_problem))
    digits = account.strip().replace("-", "")
    if not _ACCOUNT.match(account.strip()) or not 10 <= len(digits) <= 14:
        problems.append(words.account_problem)
    if not re.fullmatch(r"[0-9]{4}", account_password):
        problems.append(words.account_password_problem)
    return problems


@dataclass(frozen=True)
class SecurityCard:
    """A made-up 보안카드: 30 numbers of four digits; the screen asks two halves, never all."""

    numbers: tuple[str, ...]
    first: int  # asks the first two digits of this entry (1-based)
    second: int  # asks the last two digits of this entry

    @classmethod
    def draw(cls, rng: random.Random) -> SecurityCard:
        numbers = tuple(f"{rng.randrange(10000):04d}" for _ in range(30))
        first, second = rng.sample(range(1, 31), 2)
        return cls(numbers, first, second)

    def problem(self, first_two: str, last_two: str) -> str | None:
        if first_two.strip() == self.numbers[self.first - 1][:2] and (
            last_two.strip() == self.numbers[self.second - 1][2:]
        ):
            return None
        return flows.texts().card.wrong_card


def draw_code(rng: random.Random, digits: int = 6) -> str:
    return "".join(rng.choice(string.digits) for _ in range(digits))


def code_problem(typed: str, expected: str | None, what: str) -> str | None:
    """``what`` names the code (인증번호, OTP 번호) in the messages."""
    words = flows.texts().sms
    if expected is None:
        return words.code_missing.format(code=what)
    if typed.strip() != expected:
        return words.code_wrong.format(code=what)
    return None
