"""Structure comes from data: no content id or id prefix is spelt out in the package's Python.

Every id the loaded course defines (sections, procedures, FAQ, cautions, today notes,
questions, lessons, instructor notebooks, glossary terms, simulator flows and the lists of
data/simulator.yaml) is looked for as a string literal (f-string parts included) in
``certtraining/**/*.py``, and so is any literal that ends in ``-`` or ``_`` and starts an id
(an id prefix such as ``"faq-"``). A hit fails with its file and line.

Some words are both an id in this course and a word of the code's own vocabulary; those
literals are the vocabulary, not the id, and are listed here with the reason.
"""

from __future__ import annotations

import ast
import typing
from pathlib import Path

from certtraining.content import Content, load_content
from certtraining.content.simulator import ScreenName
from certtraining.progress.records import MODES

PACKAGE = Path(__file__).resolve().parent.parent / "certtraining"

# Words the code defines behaviour for, that an id of this course happens to equal.
VOCABULARY: dict[str, str] = {
    **{mode: "a record mode (progress.records.MODES)" for mode in MODES},
    **{
        name: "a simulator screen (content.simulator.ScreenName)"
        for name in typing.get_args(ScreenName)
    },
}
# Single literals that are not ids although they spell one: (file under certtraining/, literal).
NOT_IDS: dict[tuple[str, str], str] = {
    ("progress/scoring.py", "final"): "the summary's field name (LearnerSummary.final)",
    ("practice/simulator.py", "otp"): "the 보안카드/OTP toggle's value, not the glossary term",
}


def content_ids(content: Content) -> dict[str, str]:
    """Every id the course defines, with what it names."""
    named: dict[str, list[str]] = {
        "section": [s.id for s in content.sections()],
        "procedure": [p.id for p in content.procedures],
        "FAQ": [f.id for f in content.faqs],
        "caution": [c.id for c in content.cautions],
        "today note": [n.id for n in content.today_notes],
        "question": [q.id for q in content.questions],
        "lesson": [lesson.id for lesson in content.lessons],
        "instructor notebook": [i.id for i in content.course.instructor],
        "glossary term": [t.id for t in content.glossary_terms],
        "simulator flow": content.simulator.flow_ids,
        "centre menu item": [m.id for m in content.simulator.center_menu],
        "reissue reason": [r.id for r in content.simulator.reissue_reasons],
        "consent": [c.id for c in content.simulator.consents],
        "storage medium": [m.id for m in content.simulator.media],
    }
    ids: dict[str, str] = {}
    for kind, values in named.items():
        for value in values:
            ids.setdefault(value, kind)
    return ids


def literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def offending(ids: dict[str, str], package: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).as_posix()
        for line, value in sorted(literals(path)):
            if value in VOCABULARY or (relative, value) in NOT_IDS:
                continue
            if value in ids:
                found.append(f"certtraining/{relative}:{line}: {value!r} is a {ids[value]} id")
            elif len(value) > 1 and value[-1] in "-_" and any(i.startswith(value) for i in ids):
                found.append(f"certtraining/{relative}:{line}: {value!r} is an id prefix")
    return found


def test_no_content_id_or_prefix_is_written_in_the_package() -> None:
    found = offending(content_ids(load_content()))
    assert not found, "content ids belong in data/, not in code:\n" + "\n".join(found)


def test_the_scan_finds_an_id_and_a_prefix(tmp_path: Path) -> None:
    """The scan itself works: a planted id and a planted prefix are both reported."""
    planted = tmp_path / "certtraining"
    planted.mkdir()
    (planted / "bad.py").write_text(
        'def f(c):\n    """Mentions "faq-1" in a docstring, which is fine."""\n'
        '    return c.faq("faq-1"), [q for q in c.questions if q.id.startswith("q-scen")]\n'
        'PREFIX = "faq-"\n',
        encoding="utf-8",
    )
    found = offending({"faq-1": "FAQ", "q-scenario-x": "question"}, planted)
    assert found == [
        "certtraining/bad.py:3: 'faq-1' is a FAQ id",
        "certtraining/bad.py:4: 'faq-' is an id prefix",
    ]


def test_vocabulary_exemptions_are_still_needed() -> None:
    """An exemption that no longer matches an id or a literal is stale: remove it."""
    ids = content_ids(load_content())
    assert set(VOCABULARY) & set(ids), "no vocabulary word is an id any more"
    for (relative, value), reason in NOT_IDS.items():
        assert value in ids, (relative, value, reason)
        assert value in {v for _, v in literals(PACKAGE / relative)}, (relative, value, reason)
