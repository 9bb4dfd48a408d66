"""Payments ledger (支付台账) throughput: 1,000,000 rows read and aggregated by project and month.

Baseline: plain ``csv.reader`` iteration over the same file (no parsing, no checks). The
subject streams the file through :func:`jixiao.ingest.tabular.iter_rows`, parses every date
and amount as Decimal, matches project codes, checks duplicates and the as-of date, and sums
by project and month. Peak memory is measured: with the duplicate check the only thing that
grows is one hash per counted row; with ``duplicates = "off"`` memory stays constant.

The ledger is generated once (deterministic) into the temp directory and reused.
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from jixiao.monitor import read_ledger, rules_from_profile  # noqa: E402
from run import Benchmark  # noqa: E402

ROWS = 1_000_000
CODES = [f"1030010{i:02d}" for i in range(1, 51)]
AS_OF = date(2023, 12, 31)
LEDGER = Path(tempfile.gettempdir()) / f"jixiao_bench_ledger_{ROWS}.csv"


def ledger_file() -> Path:
    """The generated ledger: 支付日期, 项目编码, 支付金额(元), 资金来源, 摘要; 1 refund in 1000."""
    if LEDGER.is_file():
        return LEDGER
    rng = random.Random(20230731)
    start = date(2023, 1, 1)
    tmp = LEDGER.with_suffix(".part")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["支付日期", "项目编码", "支付金额(元)", "资金来源", "摘要"])
        for i in range(ROWS):
            cents = rng.randrange(100, 10**8)
            if i % 1000 == 999:
                cents = -cents  # a refund
            w.writerow(
                [
                    (start + timedelta(days=rng.randrange(365))).isoformat(),
                    CODES[rng.randrange(len(CODES))],
                    f"{cents / 100:.2f}",
                    "财政拨款" if rng.random() < 0.9 else "其他资金",
                    f"支付凭证 {i:07d}",
                ]
            )
    tmp.replace(LEDGER)
    return LEDGER


RULES = rules_from_profile("national")
RULES_NO_DUPS = replace(RULES, ledger_duplicates="off")


def read_default() -> object:
    result = read_ledger(ledger_file(), project_codes=CODES, as_of=AS_OF, rules=RULES)
    assert result.rows_counted == ROWS, result.issue_counts
    return result


def read_without_duplicate_check() -> object:
    return read_ledger(ledger_file(), project_codes=CODES, as_of=AS_OF, rules=RULES_NO_DUPS)


def csv_reader_only() -> object:
    with ledger_file().open(encoding="utf-8", newline="") as fh:
        n = 0
        for _ in csv.reader(fh):
            n += 1
    return n


BENCHMARKS = [
    Benchmark(
        name="monitor.ledger_1m_rows",
        subject=read_default,
        baseline=csv_reader_only,
        baseline_name="csv.reader",
        units=ROWS,
        unit_name="rows",
        repeat=1,
        measure_memory=True,
    ),
    Benchmark(
        name="monitor.ledger_1m_rows_no_duplicate_check",
        subject=read_without_duplicate_check,
        baseline=csv_reader_only,
        baseline_name="csv.reader",
        units=ROWS,
        unit_name="rows",
        repeat=1,
        measure_memory=True,
    ),
]
