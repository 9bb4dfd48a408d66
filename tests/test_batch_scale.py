"""Batches at scale: 1,000 generated documents with an interruption, a local Dask cluster,
and Ctrl-C sent to the real command.

The 1,000 documents come from ``jixiao.batch.synth`` in the four table layouts whose every
row the text ingester recovers (pipes, Markdown, pdftotext -layout, tabs), so the dataset
must hold exactly the projects and indicators the generator wrote. The stream layouts (one
cell per line or per paragraph) are checked for their projects.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from jixiao.batch import BatchListener, Ledger, run_batch, table_rows
from jixiao.batch.dask_runner import DaskExecutor, local_cluster, parse_scheduler
from jixiao.batch.synth import TABLE_LAYOUTS, SynthDocument, write_corpus
from jixiao.batch.worker import DocumentResult
from jixiao.domain.errors import JixiaoError
from jixiao.domain.text import normalize


class _InterruptAfter(BatchListener):
    def __init__(self, n: int):
        self.n = n
        self.done: list[str] = []

    def document_done(self, result: DocumentResult) -> None:
        self.done.append(result.doc_hash)
        if len(self.done) == self.n:
            raise KeyboardInterrupt  # as Ctrl-C would, in the middle of the run


def _expected(docs: list[SynthDocument]) -> tuple[int, int]:
    return sum(d.n_projects for d in docs), sum(d.n_indicators for d in docs)


def test_thousand_documents_interrupted_resumed_and_complete(tmp_path: Path):
    src = tmp_path / "docs"
    docs = write_corpus(src, 1000, layouts=TABLE_LAYOUTS, max_projects=2)
    assert Counter(d.layout for d in docs) == dict.fromkeys(TABLE_LAYOUTS, 250)
    n_projects, n_indicators = _expected(docs)
    out = tmp_path / "out"

    stop = _InterruptAfter(300)
    first = run_batch([src], out, workers=2, listener=stop)
    assert first.interrupted and first.processed == 300
    assert first.remaining == 700
    ledger = Ledger(out)
    assert set(ledger.scan()) == set(stop.done)  # the 300 finished are recorded, no more
    stamps = {h: e.file.stat().st_mtime_ns for h, e in ledger.scan().items()}

    second = run_batch([src], out, workers=2)
    assert not second.interrupted and second.failures == []
    assert (second.already_done, second.to_process, second.processed) == (300, 700, 700)
    # nothing done in the first run was redone: its ledger files are untouched
    assert {h: ledger.scan()[h].file.stat().st_mtime_ns for h in stamps} == stamps

    documents = table_rows(out, "documents", ("doc_hash", "status", "run_id", "n_projects"))
    assert len(documents) == 1000 and {d["status"] for d in documents} == {"ok"}
    assert Counter(d["run_id"] for d in documents) == {first.run_id: 300, second.run_id: 700}
    assert {d["doc_hash"] for d in documents if d["run_id"] == first.run_id} == set(stop.done)
    assert len(table_rows(out, "projects", ("doc_hash",))) == n_projects
    assert len(table_rows(out, "indicators", ("doc_hash",))) == n_indicators
    assert second.dataset_rows["projects"] == n_projects
    assert second.dataset_rows["indicators"] == n_indicators

    # and the content is the generator's: project codes in order, every indicator's target
    by_path = {str(src / d.name): d for d in docs}
    projects = table_rows(out, "projects", ("path", "project_index", "code", "name"))
    got_codes: dict[str, list[str]] = {}
    for p in projects:
        got_codes.setdefault(p["path"], []).append(p["code"])
    assert got_codes == {k: [p.code for p in d.projects] for k, d in by_path.items()}
    indicators = table_rows(out, "indicators",
                            ("path", "project_index", "indicator_index", "level3", "target_raw"))
    got = {(r["path"], r["project_index"], r["indicator_index"]):
           (normalize(r["level3"]), normalize(r["target_raw"])) for r in indicators}
    want = {
        (path, pi, ii): (normalize(ind.level3), normalize(ind.value))
        for path, d in by_path.items()
        for pi, p in enumerate(d.projects, 1)
        for ii, ind in enumerate(p.indicators, 1)
    }
    assert got == want


def test_stream_layouts_find_every_project(tmp_path: Path):
    docs = write_corpus(tmp_path / "docs", 40, layouts=("cells", "paragraphs"), max_projects=3)
    report = run_batch([tmp_path / "docs"], tmp_path / "out")
    assert report.failures == []
    codes: dict[str, list[str]] = {}
    for p in table_rows(tmp_path / "out", "projects", ("path", "code")):
        codes.setdefault(Path(p["path"]).name, []).append(p["code"])
    assert codes == {d.name: [p.code for p in d.projects] for d in docs}


_VOLATILE = {"run_id", "processed_at", "elapsed_ms", "worker"}


def _tables(out: Path) -> dict[str, list[dict[str, object]]]:
    from jixiao.batch.schema import TABLES

    return {
        name: [{k: v for k, v in r.items() if k not in _VOLATILE} for r in table_rows(out, name)]
        for name in TABLES
    }


def test_local_dask_cluster_gives_the_same_dataset_as_local_workers(tmp_path: Path):
    src = tmp_path / "docs"
    docs = write_corpus(src, 40, layouts=TABLE_LAYOUTS, max_projects=2)
    local = run_batch([src], tmp_path / "local", workers=1)
    cluster = local_cluster(2, processes=False)  # two workers, tcp on 127.0.0.1 only
    try:
        assert all(a.startswith("tcp://127.0.0.1:") for a in cluster.scheduler_info["workers"])
        ex = DaskExecutor(_client(cluster))
        on_dask = run_batch([src], tmp_path / "dask", executor=ex)
    finally:
        cluster.close()
    assert on_dask.executor.startswith("Dask 集群 tcp://127.0.0.1:")
    assert on_dask.processed == 40 and on_dask.failures == []
    assert on_dask.dataset_rows == local.dataset_rows
    assert on_dask.dataset_rows["indicators"] == _expected(docs)[1]
    assert _tables(tmp_path / "dask") == _tables(tmp_path / "local")
    workers = {r["worker"] for r in table_rows(tmp_path / "dask", "documents", ("worker",))}
    assert workers  # recorded for every document
    # a rerun against the same folder has nothing left to do
    again = run_batch([src], tmp_path / "dask", scheduler="local:1")
    assert again.processed == 0 and again.already_done == 40


def _client(cluster: object) -> object:
    from distributed import Client

    return Client(cluster, set_as_default=False)


def test_scheduler_option_forms():
    assert parse_scheduler("local", 3) == (None, 3)
    assert parse_scheduler("local:2", 8) == (None, 2)
    assert parse_scheduler("tcp://127.0.0.1:8786", 1) == ("tcp://127.0.0.1:8786", 0)
    with pytest.raises(JixiaoError, match="至少为 1"):
        parse_scheduler("local:0", 1)


def test_unreachable_scheduler_is_a_clear_error(tmp_path: Path):
    # nothing listens on this loopback port: the batch refuses to start, in Chinese
    with pytest.raises(JixiaoError, match="无法连接 Dask 调度器"):
        DaskExecutor("tcp://127.0.0.1:9", connect_timeout=2)


def test_ctrl_c_stops_the_command_and_a_rerun_finishes(tmp_path: Path):
    src = tmp_path / "docs"
    write_corpus(src, 150, layouts=TABLE_LAYOUTS, max_projects=3)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "jixiao", "batch", str(src), "-o", str(out), "-w", "2", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    ledger = Ledger(out)
    while time.monotonic() < deadline and proc.poll() is None and len(ledger.scan()) < 10:
        time.sleep(0.05)
    assert proc.poll() is None, "the batch ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "重新运行" in err and "Traceback" not in err
    done = len(ledger.scan())
    assert 10 <= done < 150
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert f"此前已完成 {done} 份" in rerun.stdout
    assert f"本次处理 {150 - done}/{150 - done} 份" in rerun.stdout
    assert len(table_rows(out, "documents", ("doc_hash",))) == 150
    assert not list(out.rglob("*.tmp"))  # no half-written file left behind
    assert os.path.isfile(out / "last-run.txt")


def _raises_on_boom(path: str, profile: str | None = None, doc_hash: str | None = None, *,
                    review: bool = True, display: str | None = None) -> DocumentResult:
    from jixiao.batch import process_document

    if "boom" in str(path):
        raise MemoryError("worker out of memory")  # a failure the worker cannot report itself
    return process_document(path, profile, doc_hash, review=review, display=display)


def test_a_failed_dask_task_costs_only_its_document(tmp_path: Path):
    src = tmp_path / "docs"
    docs = write_corpus(src, 11, layouts=TABLE_LAYOUTS, max_projects=1)
    (src / "boom.txt").write_text("x", encoding="utf-8")
    cluster = local_cluster(1, processes=False)
    try:
        ex = DaskExecutor(_client(cluster), worker=_raises_on_boom, chunk_size=4)
        report = run_batch([src], tmp_path / "out", executor=ex)
    finally:
        cluster.close()
    # boom.txt travelled in a chunk of four: the chunk failed, its documents went one by one
    assert report.succeeded == len(docs)
    assert [(Path(f.path).name, f.kind) for f in report.failures] == [("boom.txt", "MemoryError")]
    assert "Dask 任务失败 (MemoryError: worker out of memory)" in report.failures[0].reason
