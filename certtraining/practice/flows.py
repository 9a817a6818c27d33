"""What each simulator screen says: the flows and every text, read from ``data/simulator.yaml``.

The order follows shared/domain-facts.md, "Today's sequences" (also ``today_steps`` in
``data/guide.yaml``). The widget simulator and the static walk-through for handouts both
read these texts, so the two renderings can never disagree. Texts use the content
markup subset (``**bold**``) and go through ``certtraining.present.markup`` wherever they are shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from certtraining.content import load_content
from certtraining.content.simulator import (
    Consent,
    Flow,
    FlowStep,
    Medium,
    MenuItem,
    Reason,
    ScreenTexts,
    SimulatorFile,
)

__all__ = [
    "Consent",
    "Flow",
    "FlowStep",
    "Medium",
    "MenuItem",
    "Reason",
    "data",
    "flow",
    "flow_ids",
    "texts",
]

# The practice happens on a fixed, made-up calendar, so every run shows the same dates.
SCENARIO_TODAY = dt.date(2025, 6, 10)
OLD_CERT_ISSUED = dt.date(2025, 1, 15)
OLD_CERT_EXPIRES = dt.date(2026, 1, 15)


def data() -> SimulatorFile:
    """The simulator's flows and texts as loaded now (cached with the content)."""
    return load_content().simulator


def texts() -> ScreenTexts:
    return data().texts


def flow_ids() -> list[str]:
    return data().flow_ids


def flow(flow_id: str) -> Flow:
    """A flow by id; ``ValueError`` in Korean and English when there is none."""
    return data().flow(flow_id)


@dataclass(frozen=True)
class FictionalPerson:
    """The made-up learner the '가상 정보 채우기' button types in. Never a real person."""

    rrn_front: str = "850101"
    rrn_back: str = "2000000"
    account: str = "9002-0000-0000-1"
    account_password: str = "1357"


FICTIONAL_PERSON = FictionalPerson()
