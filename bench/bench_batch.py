"""Batch throughput: documents per second with 1 and 2 worker processes and on Dask.

Each run processes the same 200 generated documents (``jixiao.batch.synth``, all six
layouts, 1–3 projects each) into a fresh output folder: hashing, parsing, review, ledger
and the Parquet/CSV dataset. The ratios to print:

- ``batch.workers1`` against parsing and reviewing the same files in a plain loop: the cost
  of the batch machinery (hashing, ledger, dataset) on top of the work itself;
- ``batch.workers2`` against ``--workers 1``: below 1.0 is a speed-up (0.5 would be ideal);
- ``batch.dask2`` (a local Dask cluster of 2 worker processes, started once, outside the
  timing) against ``--workers 1``.

Run: ``.venv/bin/python bench/run.py batch --repeat 3``.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from jixiao.batch import process_document, run_batch
from jixiao.batch.synth import write_corpus
from run import Benchmark

N_DOCS = 200


@lru_cache(maxsize=1)
def _corpus() -> Path:
    root = Path(tempfile.mkdtemp(prefix="jixiao-bench-batch-"))
    atexit.register(shutil.rmtree, root, True)
    write_corpus(root / "docs", N_DOCS, max_projects=3)
    return root


def _fresh_out() -> Path:
    out = _corpus() / "out"
    shutil.rmtree(out, ignore_errors=True)
    return out


def _plain_loop() -> None:
    for p in sorted((_corpus() / "docs").iterdir()):
        r = process_document(p)
        assert r.ok, r.error


def _batch(workers: int) -> None:
    report = run_batch([_corpus() / "docs"], _fresh_out(), workers=workers)
    assert report.succeeded == N_DOCS, report.failures


_cluster: list[Any] = []


def _client() -> Any:
    if not _cluster:
        from distributed import Client

        from jixiao.batch.dask_runner import local_cluster

        cluster = local_cluster(2, processes=True)
        client = Client(cluster, set_as_default=False)
        _cluster.extend([cluster, client])
        atexit.register(cluster.close)
        atexit.register(client.close)
    return _cluster[1]


def _dask() -> None:
    from jixiao.batch.dask_runner import DaskExecutor

    ex = DaskExecutor(_client())
    report = run_batch([_corpus() / "docs"], _fresh_out(), executor=ex)
    assert report.succeeded == N_DOCS, report.failures


BENCHMARKS = [
    Benchmark(
        name="batch.workers1",
        subject=lambda: _batch(1),
        baseline=_plain_loop,
        baseline_name="parse+review loop",
        units=N_DOCS,
        unit_name="doc",
        repeat=3,
    ),
    Benchmark(
        name="batch.workers2",
        subject=lambda: _batch(2),
        baseline=lambda: _batch(1),
        baseline_name="batch --workers 1",
        units=N_DOCS,
        unit_name="doc",
        repeat=3,
    ),
    Benchmark(
        name="batch.dask2",
        subject=_dask,
        baseline=lambda: _batch(1),
        baseline_name="batch --workers 1",
        units=N_DOCS,
        unit_name="doc",
        repeat=3,
    ),
]
