"""The bank as an IMS QTI 2.1 content package, the format LMSs use to move item banks.

One zip: ``imsmanifest.xml`` (IMS Content Packaging 1.1, one ``imsqti_item_xmlv2p1`` resource
per question) and ``items/<id>.xml``, one ``assessmentItem`` each. The five question types map
onto QTI interactions:

- ``single`` → ``choiceInteraction`` with ``maxChoices="1"``;
- ``multiple`` → ``choiceInteraction`` with ``maxChoices="0"`` (any number);
- ``ox`` → ``choiceInteraction`` with two choices, ``O`` and ``X``;
- ``order`` → ``orderInteraction``, the steps in ``correctResponse`` in the right order;
- ``match`` → ``matchInteraction``: terms in the first ``simpleMatchSet``, meanings (and
  distractors, which match nothing) in the second, the key as ``directedPair`` values.

Feedback: each choice's, each O/X answer's, each pair's and each distractor's feedback is a
``feedbackInline`` inside its choice, shown when response processing puts the choice's
identifier into the ``FEEDBACK`` outcome (the picked choices for choice questions, every
term and meaning for matching); the explanation is a ``modalFeedback`` (``EXPLANATION``) shown
after every answer. Scoring is all-or-nothing (``SCORE`` 1 or 0), as in the course.

Texts are written as plain text (:func:`certtraining.present.markup.to_text`): the course's
Markdown subset has no safe one-to-one XHTML form, and raw HTML in content must never run.
QTI identifiers must be XML names, so question ids become ``item-<id>`` and choice ids
``c-<id>`` (ours may start with a digit). The keys come only from the checker
(:func:`certtraining.quiz.checker.local_checker`): content loaded without them raises
``CheckUnavailable``.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable

from certtraining.content import load_content
from certtraining.content.models import Content
from certtraining.content.questions import (
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    SingleChoice,
    TrueFalse,
)
from certtraining.present.markup import to_text
from certtraining.quiz.bank import OX_LABELS
from certtraining.quiz.checker import local_checker

QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
ITEM_RESOURCE_TYPE = "imsqti_item_xmlv2p1"
# Every entry gets the same date, so the same bank always gives the same bytes.
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)

ET.register_namespace("xsi", XSI_NS)


def item_identifier(question_id: str) -> str:
    return f"item-{question_id}"


def choice_identifier(choice_id: str) -> str:
    return f"c-{choice_id}"


# Tags are written unqualified under an ``xmlns`` attribute on each root (ElementTree's
# ``default_namespace`` refuses the unqualified attributes QTI uses); parsers read them back
# in the QTI (or content-packaging) namespace.


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _plain(text: str) -> str:
    return to_text(" ".join(text.split()))


def _choice(parent: ET.Element, tag: str, ident: str, text: str, feedback: str, **attrs: str):
    choice = _sub(parent, tag, _plain(text), identifier=ident, **attrs)
    _sub(
        choice,
        "feedbackInline",
        _plain(feedback),
        outcomeIdentifier="FEEDBACK",
        identifier=ident,
        showHide="show",
    )
    return choice


def _set_feedback(processing: ET.Element, extra: Iterable[str], with_response: bool) -> None:
    """FEEDBACK := the response's identifiers (choice questions) + ``extra`` + EXPLANATION."""
    setter = _sub(processing, "setOutcomeValue", identifier="FEEDBACK")
    values = _sub(setter, "multiple")
    if with_response:
        _sub(values, "variable", identifier="RESPONSE")
    for ident in (*extra, "EXPLANATION"):
        _sub(values, "baseValue", ident, baseType="identifier")


def _score(processing: ET.Element) -> None:
    condition = _sub(processing, "responseCondition")
    right = _sub(condition, "responseIf")
    match = _sub(right, "match")
    _sub(match, "variable", identifier="RESPONSE")
    _sub(match, "correct", identifier="RESPONSE")
    _sub(_sub(right, "setOutcomeValue", identifier="SCORE"), "baseValue", "1", baseType="float")
    wrong = _sub(condition, "responseElse")
    _sub(_sub(wrong, "setOutcomeValue", identifier="SCORE"), "baseValue", "0", baseType="float")


def assessment_item(item: Question) -> ET.Element:
    """One whole question (with its key) as a QTI 2.1 ``assessmentItem``."""
    root = ET.Element(
        "assessmentItem",
        {
            f"{{{XSI_NS}}}schemaLocation": f"{QTI_NS} {QTI_XSD}",
            "xmlns": QTI_NS,
            "identifier": item_identifier(item.id),
            "title": item.id,
            "adaptive": "false",
            "timeDependent": "false",
        },
    )
    if isinstance(item, Ordering):
        cardinality, base_type = "ordered", "identifier"
        key = [choice_identifier(f"s{n}") for n in range(1, len(item.steps) + 1)]
    elif isinstance(item, Matching):
        cardinality, base_type = "multiple", "directedPair"
        key = [
            f"{choice_identifier(f't{n}')} {choice_identifier(f'm{n}')}"
            for n in range(1, len(item.pairs) + 1)
        ]
    elif isinstance(item, MultipleChoice):
        cardinality, base_type = "multiple", "identifier"
        key = [choice_identifier(a) for a in item.answer]
    else:
        cardinality, base_type = "single", "identifier"
        key = [choice_identifier(item.answer)]
    declaration = _sub(
        root,
        "responseDeclaration",
        identifier="RESPONSE",
        cardinality=cardinality,
        baseType=base_type,
    )
    correct = _sub(declaration, "correctResponse")
    for value in key:
        _sub(correct, "value", value)
    _sub(root, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    _sub(
        root,
        "outcomeDeclaration",
        identifier="FEEDBACK",
        cardinality="multiple",
        baseType="identifier",
    )

    body = _sub(root, "itemBody")
    extra: list[str] = []
    if isinstance(item, SingleChoice | MultipleChoice | TrueFalse):
        interaction = _sub(
            body,
            "choiceInteraction",
            responseIdentifier="RESPONSE",
            shuffle="false" if isinstance(item, TrueFalse) else "true",
            maxChoices="0" if isinstance(item, MultipleChoice) else "1",
        )
        _sub(interaction, "prompt", _plain(item.prompt))
        if isinstance(item, TrueFalse):
            for letter in "OX":
                _choice(
                    interaction,
                    "simpleChoice",
                    choice_identifier(letter),
                    OX_LABELS[letter],
                    getattr(item.feedback, letter),
                )
        else:
            for c in item.choices:
                _choice(interaction, "simpleChoice", choice_identifier(c.id), c.text, c.feedback)
    elif isinstance(item, Ordering):
        interaction = _sub(body, "orderInteraction", responseIdentifier="RESPONSE", shuffle="true")
        _sub(interaction, "prompt", _plain(item.prompt))
        for n, step in enumerate(item.steps, start=1):
            _sub(interaction, "simpleChoice", _plain(step), identifier=choice_identifier(f"s{n}"))
    else:
        assert isinstance(item, Matching)
        interaction = _sub(
            body,
            "matchInteraction",
            responseIdentifier="RESPONSE",
            shuffle="true",
            maxAssociations=str(len(item.pairs)),
        )
        _sub(interaction, "prompt", _plain(item.prompt))
        terms = _sub(interaction, "simpleMatchSet")
        meanings = _sub(interaction, "simpleMatchSet")
        for n, pair in enumerate(item.pairs, start=1):
            term = choice_identifier(f"t{n}")
            _choice(terms, "simpleAssociableChoice", term, pair.term, pair.feedback, matchMax="1")
            meaning = choice_identifier(f"m{n}")
            _sub(
                meanings,
                "simpleAssociableChoice",
                _plain(pair.meaning),
                identifier=meaning,
                matchMax="1",
            )
            extra.append(term)
        for n, distractor in enumerate(item.distractors, start=1):
            ident = choice_identifier(f"d{n}")
            _choice(
                meanings,
                "simpleAssociableChoice",
                ident,
                distractor.meaning,
                distractor.feedback,
                matchMax="1",
            )
            extra.append(ident)

    processing = _sub(root, "responseProcessing")
    _score(processing)
    _set_feedback(
        processing, extra, with_response=isinstance(item, SingleChoice | MultipleChoice | TrueFalse)
    )
    _sub(
        root,
        "modalFeedback",
        _plain(item.explanation),
        outcomeIdentifier="FEEDBACK",
        identifier="EXPLANATION",
        showHide="show",
    )
    return root


def _manifest(items: list[Question]) -> ET.Element:
    manifest = ET.Element(
        "manifest",
        {
            "xmlns": CP_NS,
            "identifier": "certtraining-question-bank",
            f"{{{XSI_NS}}}schemaLocation": f"{CP_NS} {CP_XSD}",
        },
    )
    metadata = ET.SubElement(manifest, "metadata")
    ET.SubElement(metadata, "schema").text = "QTIv2.1 Package"
    ET.SubElement(metadata, "schemaversion").text = "1.0.0"
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    for item in items:
        href = item_path(item.id)
        resource = ET.SubElement(
            resources,
            "resource",
            {"identifier": f"res-{item.id}", "type": ITEM_RESOURCE_TYPE, "href": href},
        )
        ET.SubElement(resource, "file", {"href": href})
    return manifest


def item_path(question_id: str) -> str:
    return f"items/{question_id}.xml"


def _xml(element: ET.Element) -> bytes:
    ET.indent(element)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True) + b"\n"


def _entry(package: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, _ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    package.writestr(info, data)


def qti_package(content: Content | None = None) -> bytes:
    """Every question of the bank, with its key and feedback, as a QTI 2.1 package (zip bytes)."""
    content = content or load_content()
    items = list(local_checker(content).authored_questions())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        _entry(package, "imsmanifest.xml", _xml(_manifest(items)))
        for item in items:
            _entry(package, item_path(item.id), _xml(assessment_item(item)))
    return buffer.getvalue()
