"""``make bench``: run every ``benchmarks/bench_*.py`` and print its table."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from benchmarks.common import print_rows


def main(selected: list[str]) -> int:
    names = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    for name in names:
        if selected and not any(s in name for s in selected):
            continue
        module = importlib.import_module(f"benchmarks.{name}")
        print_rows(module.TITLE, module.run())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
