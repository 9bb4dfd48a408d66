"""Benchmark runner: every benchmark is reported as a ratio to a baseline run in the same process.

Each ``bench/bench_*.py`` module defines ``BENCHMARKS``: a list of :class:`Benchmark`. A
benchmark has a ``subject`` (the work measured) and a ``baseline`` (simple work of the same
size measured in the same run, e.g. reading the file, or pdfplumber's own extraction), both
zero-argument callables; ``units`` is how many items one call handles (rows, documents),
for a throughput figure. Wall-clock numbers are printed for information only; the ratio is
the figure to compare across machines. Tests never assert timings.

Usage: ``python bench/run.py [NAME_SUBSTRING ...] [--repeat N] [--json OUT]``
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass
class Benchmark:
    name: str
    subject: Callable[[], object]
    baseline: Callable[[], object]
    baseline_name: str = "baseline"
    units: int = 1
    unit_name: str = "item"
    repeat: int | None = None
    measure_memory: bool = False


@dataclass
class Result:
    name: str
    baseline_name: str
    subject_s: float
    baseline_s: float
    units: int
    unit_name: str
    peak_bytes: int | None

    @property
    def ratio(self) -> float:
        return self.subject_s / self.baseline_s if self.baseline_s > 0 else float("inf")

    @property
    def per_second(self) -> float:
        return self.units / self.subject_s if self.subject_s > 0 else float("inf")


def _time(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def run_benchmark(b: Benchmark, repeat: int) -> Result:
    n = b.repeat or repeat
    base = _time(b.baseline, n)
    subj = _time(b.subject, n)
    peak = None
    if b.measure_memory:
        tracemalloc.start()
        b.subject()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return Result(b.name, b.baseline_name, subj, base, b.units, b.unit_name, peak)


def discover(patterns: list[str]) -> list[Benchmark]:
    sys.path.insert(0, str(HERE.parent / "src"))
    found: list[Benchmark] = []
    for path in sorted(HERE.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for b in getattr(module, "BENCHMARKS", []):
            if not patterns or any(p in b.name for p in patterns):
                found.append(b)
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("patterns", nargs="*")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    results = []
    for b in discover(args.patterns):
        r = run_benchmark(b, args.repeat)
        results.append(r)
        mem = f", peak {r.peak_bytes / 1e6:.1f} MB" if r.peak_bytes is not None else ""
        print(
            f"{r.name}: {r.ratio:.2f}× {r.baseline_name} "
            f"({r.subject_s * 1e3:.2f} ms vs {r.baseline_s * 1e3:.2f} ms; "
            f"{r.per_second:,.0f} {r.unit_name}/s{mem})"
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                [r.__dict__ | {"ratio": r.ratio, "per_second": r.per_second} for r in results],
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
