"""Step tables as pandas DataFrames shaped like the seed's: index 단계 (1..n), column 설명."""

from __future__ import annotations

import html

import pandas as pd

from certtraining.content.models import Procedure
from certtraining.present.blocks import FONT_STACK, Block
from certtraining.present.markup import inline_html


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
    """Styler HTML with a fixed uuid (nbval compares it) that still reads as a plain table.

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
    styler = (
        styler.set_uuid(uuid)
        .set_table_attributes('class="ct-steps"')
        .set_table_styles(
            [
                {"selector": "", "props": f"border-collapse:collapse; font-family:{FONT_STACK}"},
                # keep-all: Korean wraps between words, never inside one ("불합/격").
                {
                    "selector": "th, td",
                    "props": "border:1px solid #8a8a8a; padding:0.35em 0.8em; word-break:keep-all",
                },
                {"selector": "thead th", "props": "background:#eef1f4"},
                {"selector": "td, thead th", "props": "text-align:left"},
                # The first column (a step number, a learner id) never breaks mid-word.
                {"selector": "td:first-child", "props": "white-space:nowrap"},
            ]
        )
    )
    return styler.to_html()


def table_block(frame: pd.DataFrame, uuid: str, caption: str, markup: bool = False) -> Block:
    text = f"{caption}\n{frame.to_string()}"
    # The caption sits outside the table: a <caption> wraps to the width of a narrow table.
    title = (
        f'<div class="ct-table-caption" style="font-weight:700; margin:0.4em 0; text-align:left; '
        f'font-family:{html.escape(FONT_STACK)}">{html.escape(caption)}</div>'
    )
    return Block(
        f'<div class="ct-table" style="width:100%">{title}{styled_html(frame, uuid, markup)}</div>',
        text,
    )
