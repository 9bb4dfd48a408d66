"""A short version of ``bench/bench_load.py``: 8 clients edit and read one plan at once for
3 seconds through a live server; no errors and no lost updates (see the benchmark's module
documentation for what is checked). Intended optimistic-lock refusals are counted, not
errors. No timing is asserted."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from .conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

import bench_load

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_editing_loses_nothing(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    target, server = bench_load.prepare(8)
    try:
        initial = bench_load.initial_versions(target)
        report = bench_load.run_load(target, 8, 3.0)
    finally:
        server.shutdown()
        server.server_close()
    problems = bench_load.lost_updates(target, report, initial)
    assert report.errors == []
    assert problems == []
    assert len(report.acknowledged) > 0
    assert report.requests >= len(report.acknowledged) * 2  # each save is a GET and a POST
    rows = {s.row for s in report.acknowledged}
    assert rows <= set(initial)
    # the checker would notice a lost update: a second acknowledged save from a seen version
    first = report.acknowledged[0]
    report.acknowledged.append(bench_load.Save(first.row, first.base, "overwritten"))
    flagged = bench_load.lost_updates(target, report, initial)
    assert any("same version" in p for p in flagged)
