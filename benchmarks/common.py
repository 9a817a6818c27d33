"""Timing and printing shared by the benchmark modules."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Row:
    name: str
    measured_s: float
    baseline_name: str
    baseline_s: float

    @property
    def ratio(self) -> float:
        return self.measured_s / self.baseline_s if self.baseline_s else float("nan")


def median_seconds(action: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_command(argv: Sequence[str], cwd: Path = REPO, env: dict[str, str] | None = None) -> None:
    subprocess.run(list(argv), cwd=cwd, env=env, check=True, capture_output=True)


def print_rows(title: str, rows: list[Row]) -> None:
    print(f"\n## {title}")
    print(f"{'measured':44} {'median s':>9}  {'baseline':36} {'median s':>9}  {'ratio':>6}")
    for row in rows:
        print(
            f"{row.name:44} {row.measured_s:9.3f}  {row.baseline_name:36} "
            f"{row.baseline_s:9.3f}  {row.ratio:6.2f}x"
        )
