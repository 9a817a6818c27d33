"""`certtraining questions export --format qti`: a structural round trip on the fixture course.

The package is read back with the standard library's zip and XML parsers, as an LMS importer
would: the manifest lists every item, and every item's interaction type, key and feedback
give back the bank's question (texts in their plain form).
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from certtraining import quiz
from certtraining.cli.main import main
from certtraining.content.questions import Matching, MultipleChoice, Ordering, SingleChoice
from certtraining.present.markup import to_text
from certtraining.quiz.bank import OX_LABELS
from certtraining.quiz.qti import CP_NS, ITEM_RESOURCE_TYPE, QTI_NS

pytestmark = pytest.mark.usefixtures("course")

Q = f"{{{QTI_NS}}}"


def plain(text: str) -> str:
    return to_text(" ".join(text.split()))


@dataclass
class ReadItem:
    """What an importer learns from one assessmentItem."""

    identifier: str
    interaction: str
    max_choices: str | None
    prompt: str
    key: list[str]
    choices: dict[str, str] = field(default_factory=dict)  # identifier -> text
    feedback: dict[str, str] = field(default_factory=dict)  # identifier -> feedbackInline
    explanation: str = ""
    sets: list[list[str]] = field(default_factory=list)  # matchInteraction's two sets


def own_text(element: ET.Element) -> str:
    return (element.text or "").strip()


def read_item(data: bytes) -> ReadItem:
    root = ET.fromstring(data)
    assert root.tag == f"{Q}assessmentItem"
    body = root.find(f"{Q}itemBody")
    (interaction,) = list(body)
    read = ReadItem(
        identifier=root.get("identifier"),
        interaction=interaction.tag.removeprefix(Q),
        max_choices=interaction.get("maxChoices"),
        prompt=own_text(interaction.find(f"{Q}prompt")),
        key=[v.text for v in root.iterfind(f"{Q}responseDeclaration/{Q}correctResponse/{Q}value")],
    )
    for choice in interaction.iter():
        if choice.tag in (f"{Q}simpleChoice", f"{Q}simpleAssociableChoice"):
            read.choices[choice.get("identifier")] = own_text(choice)
            inline = choice.find(f"{Q}feedbackInline")
            if inline is not None:
                assert inline.get("identifier") == choice.get("identifier")
                read.feedback[choice.get("identifier")] = own_text(inline)
    read.sets = [
        [c.get("identifier") for c in match_set]
        for match_set in interaction.iterfind(f"{Q}simpleMatchSet")
    ]
    (modal,) = root.iterfind(f"{Q}modalFeedback")
    assert modal.get("identifier") == "EXPLANATION"
    read.explanation = own_text(modal)
    # The feedback shown is what response processing puts into FEEDBACK: every inline
    # feedback's identifier must be reachable (by the response or by name), and the explanation.
    setter = root.find(f"{Q}responseProcessing/{Q}setOutcomeValue[@identifier='FEEDBACK']")
    named = {v.text for v in setter.iter(f"{Q}baseValue")}
    by_response = setter.find(f".//{Q}variable[@identifier='RESPONSE']") is not None
    assert "EXPLANATION" in named
    assert by_response or set(read.feedback) <= named
    return read


@pytest.fixture
def package(tmp_path) -> zipfile.ZipFile:
    out = tmp_path / "bank" / "qti.zip"
    assert main(["questions", "export", "--format", "qti", "--out", str(out)]) == 0
    return zipfile.ZipFile(out)


def test_manifest_lists_every_question_as_a_qti_item(package):
    manifest = ET.fromstring(package.read("imsmanifest.xml"))
    assert manifest.tag == f"{{{CP_NS}}}manifest"
    resources = manifest.findall(f"{{{CP_NS}}}resources/{{{CP_NS}}}resource")
    bank = quiz.local_checker().authored_questions()
    assert len(resources) == len(bank)
    assert {r.get("type") for r in resources} == {ITEM_RESOURCE_TYPE}
    for resource in resources:
        (file,) = resource.findall(f"{{{CP_NS}}}file")
        assert file.get("href") == resource.get("href")
        assert resource.get("href") in package.namelist()


def test_every_item_reads_back_with_its_type_key_and_feedback(package):
    bank = quiz.local_checker().authored_questions()
    assert {q.type for q in bank} == {"single", "multiple", "ox", "order", "match"}
    for question in bank:
        read = read_item(package.read(f"items/{question.id}.xml"))
        assert read.identifier == f"item-{question.id}"
        assert read.prompt == plain(question.prompt)
        assert read.explanation == plain(question.explanation)
        texts = {ident: read.choices[ident] for ident in read.choices}
        if isinstance(question, SingleChoice | MultipleChoice):
            assert read.interaction == "choiceInteraction"
            assert read.max_choices == ("1" if isinstance(question, SingleChoice) else "0")
            right = [question.answer] if isinstance(question, SingleChoice) else question.answer
            assert sorted(texts[k] for k in read.key) == sorted(
                plain(c.text) for c in question.choices if c.id in right
            )
            assert list(read.feedback.values()) == [plain(c.feedback) for c in question.choices]
        elif isinstance(question, Ordering):
            assert read.interaction == "orderInteraction"
            assert [texts[k] for k in read.key] == [plain(s) for s in question.steps]
            assert not read.feedback
        elif isinstance(question, Matching):
            assert read.interaction == "matchInteraction"
            terms, meanings = read.sets
            pairs = [value.split() for value in read.key]
            assert all(t in terms and m in meanings for t, m in pairs)
            assert sorted((texts[t], texts[m]) for t, m in pairs) == sorted(
                (plain(p.term), plain(p.meaning)) for p in question.pairs
            )
            assert len(meanings) == len(question.pairs) + len(question.distractors)
            expected = [plain(p.feedback) for p in question.pairs]
            expected += [plain(d.feedback) for d in question.distractors]
            assert list(read.feedback.values()) == expected
        else:  # O/X: a two-choice question
            assert read.interaction == "choiceInteraction" and read.max_choices == "1"
            assert list(texts.values()) == [OX_LABELS["O"], OX_LABELS["X"]]
            assert [texts[k] for k in read.key] == [OX_LABELS[question.answer]]
            assert list(read.feedback.values()) == [
                plain(question.feedback.O),
                plain(question.feedback.X),
            ]


def test_raw_html_in_content_stays_text_and_export_is_byte_stable(package, tmp_path):
    items = [ET.fromstring(package.read(n)) for n in package.namelist() if n.startswith("items/")]
    assert not [e for item in items for e in item.iter() if e.tag.endswith("script")]
    assert any("<script>" in (e.text or "") for item in items for e in item.iter())
    again = tmp_path / "again.zip"
    assert main(["questions", "export", "--format", "qti", "--out", str(again)]) == 0
    assert again.read_bytes() == Path(package.filename).read_bytes()


def test_qti_to_stdout_is_the_same_zip(capfdbinary, package):
    assert main(["questions", "export", "--format", "qti"]) == 0
    out = capfdbinary.readouterr().out
    assert zipfile.ZipFile(io.BytesIO(out)).namelist() == package.namelist()
