"""Rules for ``data/simulator.yaml``: unique ids, references that resolve, slots the code fills.

A flow names a centre-menu item and the sections or FAQ it quotes; a text may only use the
``{name}`` slots its field declares, or the simulator would fail when it shows it.
"""

from __future__ import annotations

import string
import typing
from collections.abc import Iterable

from pydantic import BaseModel

from certtraining.content.models import Content
from certtraining.content.problems import Problem
from certtraining.content.simulator import PasswordRuleName, Slots

SIMULATOR = "simulator.yaml"


def unique_ids(content: Content) -> Iterable[Problem]:
    sim = content.simulator
    lists = {
        "flows": sim.flows,
        "center_menu": sim.center_menu,
        "reissue_reasons": sim.reissue_reasons,
        "consents": sim.consents,
        "media": sim.media,
    }
    for name, entries in lists.items():
        seen: set[str] = set()
        for entry in entries:
            if entry.id in seen:
                yield Problem(
                    SIMULATOR, f"{name} (id={entry.id})", "id", "id가 중복됩니다", "duplicate id"
                )
            seen.add(entry.id)
    for flow in sim.flows:
        steps = [s.id for s in flow.steps]
        for step in sorted({s for s in steps if steps.count(s) > 1}):
            yield Problem(
                SIMULATOR,
                f"flows (id={flow.id})",
                "steps",
                f"같은 화면이 두 번 나옵니다: {step}",
                f"screen {step!r} appears twice",
            )


def flow_references(content: Content) -> Iterable[Problem]:
    sim = content.simulator
    menu = {m.id for m in sim.center_menu}
    anchors = {s.id for s in content.sections()} | {f.id for f in content.faqs}
    for flow in sim.flows:
        item = f"flows (id={flow.id})"
        has_center = any(s.id == "center" for s in flow.steps)
        if has_center and flow.menu not in menu:
            yield Problem(
                SIMULATOR,
                item,
                "menu",
                f"center_menu 에 있는 메뉴 id가 있어야 합니다 (지금: {flow.menu})",
                f"a flow with a center screen must name a center_menu id (got {flow.menu!r})",
            )
        for anchor in flow.quotes:
            if anchor not in anchors:
                yield Problem(
                    SIMULATOR,
                    item,
                    "quotes",
                    f"없는 절·FAQ id입니다: {anchor}",
                    f"no section or FAQ with id {anchor!r}",
                )
    if not any(c.required for c in sim.consents):
        yield Problem(
            SIMULATOR,
            "consents",
            "required",
            "필수(required: true) 약관이 하나는 있어야 합니다",
            "at least one consent must be required",
        )
    if not any(r.refusal is None for r in sim.reissue_reasons):
        yield Problem(
            SIMULATOR,
            "reissue_reasons",
            "refusal",
            "재발급할 수 있는 이유(refusal 없음)가 하나는 있어야 합니다",
            "at least one reason must allow reissuance (no refusal)",
        )
    if not any(m.recommended for m in sim.media):
        yield Problem(
            SIMULATOR,
            "media",
            "recommended",
            "권장 매체(recommended: true)가 하나는 있어야 합니다",
            "at least one medium must be recommended",
        )
    for rule in typing.get_args(PasswordRuleName):
        if rule not in sim.password_rules:
            yield Problem(
                SIMULATOR,
                "password_rules",
                rule,
                "이 비밀번호 규칙의 글자가 없습니다",
                f"no texts for password rule {rule!r}",
            )


def _slot_problems(model: BaseModel, where: str) -> Iterable[Problem]:
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        field = f"{where}.{name}"
        if isinstance(value, BaseModel):
            yield from _slot_problems(value, field)
            continue
        if isinstance(value, dict):
            for key, entry in value.items():
                if isinstance(entry, BaseModel):
                    yield from _slot_problems(entry, f"{field}.{key}")
            continue
        slots = next((m for m in info.metadata if isinstance(m, Slots)), None)
        if slots is None or not isinstance(value, str):
            continue
        allowed = ", ".join("{" + n + "}" for n in sorted(slots.names))
        item, name_in_item = where.partition(".")[0], field.partition(".")[2]
        try:
            used = {part[1] for part in string.Formatter().parse(value) if part[1] is not None}
        except ValueError:
            yield Problem(
                SIMULATOR,
                item,
                name_in_item,
                "중괄호 { } 의 짝이 맞지 않습니다 (글자 { } 는 {{ }} 로 적습니다)",
                "unbalanced braces (write a literal brace as {{ or }})",
            )
            continue
        unknown = ", ".join("{" + n + "}" for n in sorted(used - slots.names))
        if unknown:
            yield Problem(
                SIMULATOR,
                item,
                name_in_item,
                f"쓸 수 없는 자리입니다: {unknown} (쓸 수 있는 자리: {allowed})",
                f"unknown placeholder(s) {unknown} (allowed: {allowed})",
            )


def text_slots(content: Content) -> Iterable[Problem]:
    sim = content.simulator
    yield from _slot_problems(sim.texts, "texts")
    for rule, texts in sim.password_rules.items():
        yield from _slot_problems(texts, f"password_rules.{rule}")


RULES = [unique_ids, flow_references, text_slots]
