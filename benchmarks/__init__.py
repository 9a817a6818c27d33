"""Benchmarks: each module ``bench_*.py`` has ``run() -> list[Row]`` and measures against a
baseline in the same run, because these machines are noisy; figures are medians and ratios."""
