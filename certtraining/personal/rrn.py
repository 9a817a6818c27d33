"""주민등록번호-shaped and phone-shaped text, as shared/domain-facts.md defines them.

Two users: the simulator checks the *format* of a made-up number (never a check digit:
numbers issued since 2020-10 do not follow it), and the privacy guard keeps anything that
looks like a real number or phone out of the progress store.
"""

from __future__ import annotations

import datetime as dt
import re

_CENTURY_BY_GENDER_DIGIT = {
    "1": 1900,
    "2": 1900,
    "5": 1900,
    "6": 1900,
    "3": 2000,
    "4": 2000,
    "7": 2000,
    "8": 2000,
    "9": 1800,
    "0": 1800,
}
RRN_FORMAT = re.compile(r"^(\d{6})-?(\d)(\d{6})$")
RRN_LIKE = re.compile(r"(?<!\d)(\d{6})-?(\d{7})(?!\d)")
PHONE_LIKE = re.compile(r"(?<!\d)01[016789]-?\d{3,4}-?\d{4}(?!\d)")


def is_date6(yymmdd: str, century: int | None = None) -> bool:
    """True when YYMMDD is a real calendar date (in the given century, or in any of the three)."""
    if not re.fullmatch(r"\d{6}", yymmdd):
        return False
    centuries = [century] if century else [1800, 1900, 2000]
    for base in centuries:
        try:
            dt.date(base + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6]))
        except ValueError:
            continue
        return True
    return False


def rrn_format_problem(value: str) -> str | None:
    """Why a typed 주민등록번호 is not well formed, in Korean; None when the format is right."""
    match = RRN_FORMAT.match(value.strip())
    if not match:
        return "형식은 YYMMDD-GNNNNNN (숫자 13자리)입니다."
    birth, gender_digit, _ = match.groups()
    century = _CENTURY_BY_GENDER_DIGIT[gender_digit]
    if not is_date6(birth, century):
        return "앞 6자리가 실제 날짜(생년월일)가 아닙니다."
    return None


def mask_rrn(value: str) -> str:
    """Show only the birth date and the 7th digit, as bank screens do."""
    match = RRN_FORMAT.match(value.strip())
    if not match:
        return "*" * len(value.strip())
    return f"{match.group(1)}-{match.group(2)}******"


def looks_like_rrn(text: str) -> bool:
    return any(is_date6(m.group(1)) for m in RRN_LIKE.finditer(text))


def looks_like_phone(text: str) -> bool:
    return PHONE_LIKE.search(text) is not None
