"""Widget model ids that come out the same every time a notebook is built.

A widget's model id is its comm id, which the ``comm`` package draws from ``uuid4``. The ids are
written three times into an executed notebook (the widget-state metadata, the references between
models and the ``widget-view`` outputs), so random ids made every rebuild rewrite thousands of
lines. The builder starts its kernel with ``install`` (an ``exec_lines`` entry only the builder
passes), which wraps ``comm.create_comm`` so that a comm opened without an id gets one derived
from the notebook, the source of the cell that opens it, how often that source already ran, and
how many comms the cell opened before. Deriving from the cell rather than a notebook-wide counter
keeps a content edit in one cell from renaming the widgets of every cell after it.

Interactive kernels never load this: ids stay random there, as ``comm`` intends.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any

ID_LENGTH = 32  # the length of a uuid4 hex, the form every widget front end already sees


class StableIds:
    """Hands out the next id for the cell that is running."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self.runs: Counter[str] = Counter()
        self.cell = ""
        self.opened = 0

    def enter_cell(self, source: str) -> None:
        self.runs[source] += 1
        self.cell = f"{source}\0{self.runs[source]}"
        self.opened = 0

    def next_id(self) -> str:
        self.opened += 1
        key = f"{self.namespace}\0{self.cell}\0{self.opened}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:ID_LENGTH]


def install(namespace: str) -> None:
    """Make every comm the kernel opens from now on get a stable id (call once per kernel)."""
    import comm
    from IPython import get_ipython

    ids = StableIds(namespace)
    shell = get_ipython()
    if shell is not None:
        shell.events.register("pre_run_cell", lambda info: ids.enter_cell(info.raw_cell or ""))
    create = comm.create_comm

    def create_comm(*args: Any, **kwargs: Any) -> Any:
        if len(args) < 5 and not kwargs.get("comm_id"):  # comm_id is BaseComm's fifth argument
            kwargs["comm_id"] = ids.next_id()
        return create(*args, **kwargs)

    comm.create_comm = create_comm


def kernel_arguments(namespace: str) -> list[str]:
    """The kernel command-line arguments that run ``install`` before the first cell.

    ``__import__`` binds no name in the learner's namespace, and ``install`` returns None so
    the start-up line prints nothing.
    """
    module = "certtraining.notebook.stable_ids"
    line = f"__import__({module!r}, fromlist=['install']).install({namespace!r})"
    return [f"--IPKernelApp.exec_lines={line}"]
