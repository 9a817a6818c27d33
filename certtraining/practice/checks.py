"""What the simulator checks, as pure functions: consent, identity format, codes, password rules.

None of these functions keeps what it is given. Messages are Korean, for learners, and
never repeat the typed value (a password is never echoed, not even its length).
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from certtraining.personal.rrn import rrn_format_problem
from certtraining.practice.flows import CONSENTS, Consent

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


PASSWORD_RULES: tuple[PasswordRule, ...] = (
    PasswordRule(
        "length",
        f"{MIN_PASSWORD_LENGTH}자 이상",
        f"{MIN_PASSWORD_LENGTH}자 이상이 되도록 더 길게 만드세요.",
        lambda value: len(value) >= MIN_PASSWORD_LENGTH,
    ),
    PasswordRule(
        "letter",
        "영문자 포함",
        "영문자(a–z, A–Z)를 하나 이상 넣으세요.",
        lambda value: any(ch in string.ascii_letters for ch in value),
    ),
    PasswordRule(
        "digit",
        "숫자 포함",
        "숫자(0–9)를 하나 이상 넣으세요.",
        lambda value: any(ch in string.digits for ch in value),
    ),
    PasswordRule(
        "special",
        "특수문자 포함",
        "특수문자(예: ! @ # $ % ^ & * ?)를 하나 이상 넣으세요.",
        lambda value: any(ch in SPECIAL_CHARACTERS for ch in value),
    ),
    PasswordRule(
        "forbidden",
        "쓸 수 없는 문자 ' \" | ₩ 없음",
        "' \" | ₩ 는 쓸 수 없습니다. 한국어 자판의 ₩ 키는 역슬래시(\\)를 입력하므로 그것도 빼세요.",
        lambda value: not (set(value) & FORBIDDEN_PASSWORD_CHARACTERS),
    ),
)


def password_problems(value: str) -> list[PasswordRule]:
    """The rules of today's certificate password that ``value`` does not meet yet, in order."""
    return [rule for rule in PASSWORD_RULES if not rule.met(value)]


def confirmation_problem(value: str, confirmation: str) -> str | None:
    if not confirmation:
        return "비밀번호 확인 칸에 같은 비밀번호를 한 번 더 입력하세요."
    if value != confirmation:
        return "두 칸에 입력한 비밀번호가 서로 다릅니다."
    return None


def missing_consents(ticked: Iterable[str]) -> list[Consent]:
    """The required terms not yet agreed to, in the order the screen lists them."""
    agreed = set(ticked)
    return [c for c in CONSENTS if c.required and c.id not in agreed]


_ACCOUNT = re.compile(r"^[0-9]+(-[0-9]+)*$")


def identity_problems(
    rrn_front: str, rrn_back: str, account: str, account_password: str
) -> list[str]:
    """Why the 본인 확인 form is refused: format only (it is made-up data; nothing is looked up)."""
    problems = []
    front, back = rrn_front.strip(), rrn_back.strip()
    if not front or not back:
        problems.append("주민등록번호: 앞 6자리와 뒤 7자리를 모두 입력하세요.")
    else:
        rrn_problem = rrn_format_problem(f"{front}-{back}")
        if rrn_problem:
            problems.append(f"주민등록번호: {rrn_problem}")
    digits = account.strip().replace("-", "")
    if not _ACCOUNT.match(account.strip()) or not 10 <= len(digits) <= 14:
        problems.append("출금계좌번호: 숫자 10~14자리로 입력하세요('-'는 넣어도 됩니다).")
    if not re.fullmatch(r"[0-9]{4}", account_password):
        problems.append("계좌 비밀번호: 숫자 4자리로 입력하세요.")
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
        return (
            "보안카드 번호가 맞지 않습니다. 가상 보안카드에서 물어본 번호의 자리를 다시 확인하세요."
        )


def draw_code(rng: random.Random, digits: int = 6) -> str:
    return "".join(rng.choice(string.digits) for _ in range(digits))


def code_problem(typed: str, expected: str | None, what: str) -> str | None:
    if expected is None:
        return f"먼저 {what}를 받으세요."
    if typed.strip() != expected:
        return f"{what}가 맞지 않습니다. 가상 기기에 나온 번호를 다시 확인하세요."
    return None
