"""Nothing typed into the simulator is persisted: not in the progress store, not in a saved notebook.

Two real runs. In this process: a full issuance with the real SQLite progress store listening
to ``certtraining.events``. In a kernel: the 04_practice notebook as the builder writes it, plus
cells that drive a simulator through a full run, executed by nbclient (which saves the widget
state, as JupyterLab can) into a file. Then both the database files and the notebook file are
searched for every value typed. The driving cells spell the values backwards, so the only
place a value could appear forwards is where the simulator let it leak.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import nbformat
import pytest
import sqlalchemy as sa

from certtraining import events
from certtraining.content import Content, load_content
from certtraining.practice.simulator import Simulator
from certtraining.progress.recorder import to_record
from certtraining.progress.store import ProgressStore


@pytest.fixture(autouse=True)
def fixture_course(course: Content) -> Content:
    """The simulator and the 04_practice notebook are the fixture course's (kernels inherit it)."""
    return course


# Made-up values a careless learner might type; none is the simulator's own fictional person.
RRN_FRONT, RRN_BACK = "930517", "2846173"
ACCOUNT = "3333-0987-6543-21"
ACCOUNT_PASSWORD = "8642"
CERT_PASSWORD = "Qz7!mPx93#Lw"
LONG_VALUES = [
    f"{RRN_FRONT}-{RRN_BACK}",
    f"{RRN_FRONT}{RRN_BACK}",
    RRN_BACK,
    f"{RRN_FRONT}-2******",  # even the masked form must be gone once the screen is done
    ACCOUNT,
    ACCOUNT.replace("-", ""),
    CERT_PASSWORD,
]


def drive_full_issuance(sim: Simulator) -> list[str]:
    """A full issuance with the values above; returns the short codes typed on the way."""
    sim.screens["center"].menu.value = "issue"
    assert sim.next()
    for box in sim.screens["terms"].boxes.values():
        box.value = True
    assert sim.next()
    identity = sim.screens["identity"]
    identity.rrn_front.value = RRN_FRONT
    identity.rrn_back.value = RRN_BACK
    identity.account.value = ACCOUNT
    identity.account_password.value = ACCOUNT_PASSWORD
    assert sim.next()
    card_screen = sim.screens["card"]
    card = card_screen.card
    assert card is not None
    halves = [card.numbers[card.first - 1][:2], card.numbers[card.second - 1][2:]]
    card_screen.first_two.value, card_screen.last_two.value = halves
    assert sim.next()
    sms = sim.screens["sms"]
    sms.request.click()
    assert sms.code is not None
    code = sms.code
    sms.typed.value = code
    assert sim.next()
    sim.screens["medium"].choice.value = "removable"
    assert sim.next()
    password = sim.screens["password"]
    password.password.value = password.confirmation.value = CERT_PASSWORD
    assert sim.next()
    assert sim.current == "complete"
    return [*halves, code]


def database_files(db_path: Path) -> list[Path]:
    """The database and its WAL/journal companions, where SQLite may still hold fresh rows."""
    return sorted(p for p in db_path.parent.iterdir() if p.name.startswith(db_path.name))


def all_cells(db_url: str) -> list[str]:
    """Every value of every row of every table, as text."""
    engine = sa.create_engine(db_url)
    try:
        tables = sa.MetaData()
        tables.reflect(engine)
        with engine.connect() as conn:
            return [
                str(value)
                for table in tables.sorted_tables
                for row in conn.execute(sa.select(table))
                for value in row
                if value is not None
            ]
    finally:
        engine.dispose()


def assert_not_in_store(db_path: Path, short_values: list[str]) -> None:
    raw = b"".join(p.read_bytes() for p in database_files(db_path))
    for value in LONG_VALUES:
        assert value.encode() not in raw, f"{value!r} found in the progress database"
    cells = all_cells(f"sqlite:///{db_path}")
    for value in LONG_VALUES:
        assert not any(value in cell for cell in cells), value
    for value in [ACCOUNT_PASSWORD, *short_values]:
        # Short values could occur by chance inside a UUID or timestamp, so compare whole cells.
        assert value not in cells, f"{value!r} stored as a value"


def test_a_full_run_leaves_only_step_records_in_the_store(tmp_path: Path) -> None:
    db_path = tmp_path / "progress.db"
    store = ProgressStore(f"sqlite:///{db_path}")

    def record(event: events.Event) -> None:
        stored = to_record(event, "privacy-learner")
        if stored is not None:
            store.record(stored)

    unsubscribe = events.subscribe(record)
    try:
        short_values = drive_full_issuance(Simulator("issuance", rng=random.Random(SEED)))
    finally:
        unsubscribe()
    steps = [(r.flow, r.step) for r in store.practice_steps("privacy-learner")]
    store.close()
    assert steps == [
        ("issuance", s) for s in ("center", "terms", "identity", "card", "sms", "medium")
    ] + [("issuance", "password"), ("issuance", "complete")]
    assert_not_in_store(db_path, short_values)


SEED = 3
# The values live in this module, not in the notebook: the cell only names the function.
DRIVING_CELL = f"""
import random
from certtraining.practice.simulator import Simulator
from tests.test_practice_privacy import drive_full_issuance

driven = Simulator("issuance", rng=random.Random({SEED}))
display(driven)
short_values = drive_full_issuance(driven)
"""


@pytest.mark.slow
def test_a_saved_executed_notebook_holds_nothing_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repo: Path
) -> None:
    from nbclient import NotebookClient

    from certtraining.notebook.build import build_lesson

    content = load_content()
    notebook = build_lesson(content, content.lesson("practice"))
    notebook.cells.append(nbformat.v4.new_code_cell(DRIVING_CELL))
    notebook.cells.append(nbformat.v4.new_code_cell("print(len(short_values))"))
    for value in LONG_VALUES:
        assert value not in json.dumps(notebook), "the test itself must not write the values"

    db_path = tmp_path / "progress.db"
    monkeypatch.setenv("CERTTRAINING_DB", f"sqlite:///{db_path}")
    monkeypatch.setenv("PYTHONPATH", str(repo))
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        store_widget_state=True,
        resources={"metadata": {"path": str(repo / "notebooks")}},
    ).execute()
    saved = tmp_path / "04_practice_run.ipynb"
    nbformat.write(notebook, saved)

    assert notebook.cells[-1].outputs[0]["text"].strip() == "3"  # the run really happened
    widget_state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]
    text = saved.read_text(encoding="utf-8")
    for value in LONG_VALUES:
        assert value not in text, f"{value!r} found in the saved notebook"
    # Short values (card halves, the SMS code, the account password): no widget holds one.
    string_values = [
        v
        for model in widget_state["state"].values()
        for v in model.get("state", {}).values()
        if isinstance(v, str)
    ]
    # The same seed draws the same card and code here, so we know what the kernel typed.
    short_values = drive_full_issuance(Simulator("issuance", rng=random.Random(SEED)))
    for value in [ACCOUNT_PASSWORD, *short_values]:
        assert value not in string_values, f"a widget still holds {value!r}"
    assert not any(RRN_FRONT in v for v in string_values)

    steps = [s for s in all_cells(f"sqlite:///{db_path}") if s in ("sms", "password", "complete")]
    assert {"sms", "password", "complete"} <= set(steps), "the kernel recorded the steps"
    assert_not_in_store(db_path, [ACCOUNT_PASSWORD])
