"""Layout and style models the quiz's widgets share.

ipywidgets gives every widget a Layout model and a style model of its own: each one a
``comm_open`` the kernel sends, a model the page builds and a record in the notebook's saved
widget state. In lesson 01 they were 285 of its 452 widget models, nearly all alike. The
quiz's widgets never change a layout or a style after they are made, so one model per kind
and setting serves all of them in a kernel. (Widgets whose layout does change, such as the
exam's 다시 풀기 button that hides and shows, keep their own.)
"""

from __future__ import annotations

from typing import Any, TypeVar

import ipywidgets as widgets
from ipywidgets.widgets.widget_button import ButtonStyle
from ipywidgets.widgets.widget_string import HTMLStyle

_Model = TypeVar("_Model", bound=widgets.Widget)
_made: dict[tuple[type, tuple[tuple[str, Any], ...]], widgets.Widget] = {}


def shared(kind: type[_Model], **settings: Any) -> _Model:
    """The kernel's one ``kind(**settings)`` model (made again if it was closed)."""
    key = (kind, tuple(sorted(settings.items())))
    model = _made.get(key)
    if model is None or model.comm is None:
        model = _made[key] = kind(**settings)
    return model  # type: ignore[return-value]


def layout(**settings: Any) -> widgets.Layout:
    return shared(widgets.Layout, **settings)


def html(value: str = "") -> widgets.HTML:
    return widgets.HTML(value, layout=layout(), style=shared(HTMLStyle))


def button(description: str, **settings: Any) -> widgets.Button:
    return widgets.Button(
        description=description, layout=layout(), style=shared(ButtonStyle), **settings
    )
