"""Step tables as pandas DataFrames shaped like the seed's: index 단계 (1..n), column 설명."""

from __future__ import annotations

import pandas as pd

from certtraining.content.models import Procedure
from certtraining.present.blocks import Block
from certtraining.present.markup import inline_html
from certtraining.present.templates import inline, render, safe


def steps_frame(procedure: Procedure) -> pd.DataFrame:
    """The seed's table, exactly as the seed gives it."""
    frame = pd.DataFrame(
        {"설명": [s.description for s in procedure.steps]},
        index=pd.Index([s.step for s in procedure.steps], name="단계"),
    )
    return frame


def today_steps_frame(procedure: Procedure) -> pd.DataFrame:
    """Today's order on bank sites, numbered the same way."""
    return pd.DataFrame(
        {"설명": list(procedure.today_steps)},
        index=pd.Index(range(1, len(procedure.today_steps) + 1), name="단계"),
    )


def styled_html(frame: pd.DataFrame, uuid: str, markup: bool = False) -> str:
    """Styler HTML with a fixed uuid (nbval compares it) that still reads as a plain table,
    with the ``ct-steps`` look of course.css inlined into its cells.

    The index becomes the first column so the header is one row: a named index otherwise
    adds a second header row of empty cells, which screen readers announce as blank headers.
    With ``markup``, text cells are content and go through the course's Markdown (which
    escapes them too, and adds glossary links where a lesson asks for them).
    """
    shown = frame.reset_index()
    styler = shown.style.hide(axis="index").format(escape="html", precision=1)
    if markup:
        texts = [column for column in shown.columns if pd.api.types.is_string_dtype(shown[column])]
        styler = styler.format(inline_html, subset=texts)
    styler = styler.set_uuid(uuid).set_table_attributes('class="ct-steps"')
    return inline(styler.to_html())


def table_block(frame: pd.DataFrame, uuid: str, caption: str, markup: bool = False) -> Block:
    text = f"{caption}\n{frame.to_string()}"
    return Block(
        render(
            "blocks.html.j2:table",
            caption=caption,
            table_html=safe(styled_html(frame, uuid, markup)),
        ),
        text,
    )
