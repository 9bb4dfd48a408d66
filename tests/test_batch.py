"""Batch processing: discovery, hashing, the worker, the ledger, the dataset, the run report.

Small collections written in each test (synthetic documents from ``jixiao.batch.synth`` and
the seed document); the 1,000-document run and the Dask cluster are in
``test_batch_scale.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from answer_key import SEED_TEXT
from jixiao.batch import (
    BatchError,
    BatchListener,
    Ledger,
    Status,
    content_hash,
    discover,
    process_document,
    read_table,
    run_batch,
    table_rows,
)
from jixiao.batch.dataset import read_csv_rows
from jixiao.batch.executors import PoolExecutor
from jixiao.batch.schema import TABLES, columns
from jixiao.batch.synth import TABLE_LAYOUTS, generate_document, write_corpus
from jixiao.batch.worker import DocumentResult
from jixiao.cli import app

runner = CliRunner()

# neither UTF-8 nor GB18030 (0x81 0x7F is no GB18030 pair), and no byte-order mark
BAD_BYTES = b"\x81\x7f\x81\x7f abc \xff\x7f" * 4


def _seed_copy(folder: Path, name: str = "seed.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    shutil.copyfile(SEED_TEXT, p)
    return p


# --- discovery and hashing ------------------------------------------------------------------


def test_discover_walks_directories_globs_and_files_once(tmp_path: Path):
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / "a" / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "deep" / "y.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "a" / "notes.bin").write_bytes(b"\0")  # unknown suffix: not taken from a dir
    (tmp_path / "a" / ".hidden.txt").write_text("h", encoding="utf-8")
    (tmp_path / "a" / ".git").mkdir()
    (tmp_path / "a" / ".git" / "z.txt").write_text("z", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old.txt").write_text("o", encoding="utf-8")
    explicit = tmp_path / "a" / "notes.bin"
    found = discover(
        [tmp_path / "a", str(tmp_path / "a" / "*.txt"), explicit, tmp_path / "missing",
         str(tmp_path / "none" / "*.pdf"), tmp_path],
        exclude=[tmp_path / "out"],
    )
    names = [p.relative_to(tmp_path).as_posix() for p in found.files]
    # the directory's files sorted, x.txt not repeated by the glob, the explicit file taken
    # despite its suffix, and the output folder skipped when the parent folder is walked
    assert names == ["a/x.txt", "a/deep/y.pdf", "a/notes.bin"]
    reasons = {Path(p.input).name: p.reason for p in found.problems}
    assert reasons == {"missing": "路径不存在", "*.pdf": "通配符没有匹配到任何文档"}


def test_content_hash_is_sha256_of_the_bytes(tmp_path: Path):
    p = tmp_path / "d.txt"
    p.write_bytes("项目编码 103001001".encode())
    assert content_hash(p) == hashlib.sha256("项目编码 103001001".encode()).hexdigest()


# --- the worker ---------------------------------------------------------------------------


def test_process_document_reads_the_seed_into_rows(tmp_path: Path):
    p = _seed_copy(tmp_path)
    r = process_document(p, "national", content_hash(p), display="docs/seed.txt")
    assert r.status == Status.OK, r.error
    assert r.path == "docs/seed.txt"
    assert r.meta["n_projects"] == 2
    assert r.meta["n_indicators"] == 19  # 10 + 9 rows in the answer key
    tables = json.loads(r.payload)
    assert [p["code"] for p in tables["projects"]] == ["103001001", "103001002"]
    first = tables["projects"][0]
    assert first["total_amount"] == "150" and first["total_unit"] == "万元"
    assert first["total_yuan"] == "1500000"  # 150 万元 = 1,500,000 元, exact text
    ind = tables["indicators"][1]
    assert (ind["level3"], ind["target_raw"]) == ("跨境电商交易额", "26亿元")
    assert ind["normalized_value"] == "2600000000" and ind["normalized_unit"] == "元"
    assert ind["line"] == 178 and ind["location"] == "seed.txt 第178–181行"
    assert all(row["doc_hash"] == r.doc_hash for t in tables.values() for row in t)


def test_bad_documents_are_results_not_exceptions(tmp_path: Path):
    missing = process_document(tmp_path / "gone.txt")
    assert missing.status == Status.ERROR and "文件不存在" in (missing.error or "")
    undecodable = tmp_path / "bad.txt"
    undecodable.write_bytes(BAD_BYTES)
    bad = process_document(undecodable)
    assert bad.status == Status.ERROR
    assert bad.error and bad.error_kind
    changed = tmp_path / "changed.txt"
    changed.write_text("new", encoding="utf-8")
    stale = process_document(changed, doc_hash="0" * 64)
    assert stale.status == Status.ERROR and stale.error_kind == "ChangedFile"


def test_a_crash_inside_the_parser_is_recorded_with_its_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import jixiao.ingest

    def boom(path: object, profile: object = None) -> None:
        raise ZeroDivisionError("division by zero in a table")

    monkeypatch.setattr(jixiao.ingest, "parse_file", boom)
    r = process_document(_seed_copy(tmp_path))
    assert r.status == Status.CRASH
    assert r.error_kind == "ZeroDivisionError"
    assert r.error == "解析时出现异常 ZeroDivisionError: division by zero in a table"
    assert r.traceback and "boom" in r.traceback


# --- runs, the ledger and the dataset -----------------------------------------------------


def test_batch_writes_every_table_with_provenance_and_exact_numbers(tmp_path: Path):
    src = tmp_path / "in"
    _seed_copy(src)
    docs = write_corpus(src, 6, layouts=TABLE_LAYOUTS)
    out = tmp_path / "out"
    report = run_batch([src], out)
    assert (report.processed, report.succeeded, report.failures) == (7, 7, [])
    assert report.dataset_rows["documents"] == 7
    assert report.dataset_rows["projects"] == 2 + sum(d.n_projects for d in docs)
    assert report.dataset_rows["indicators"] == 19 + sum(d.n_indicators for d in docs)
    for name in TABLES:
        t = read_table(out, name)
        assert t.column_names == list(columns(name))
        assert t.num_rows == report.dataset_rows[name]
        csv_rows = read_csv_rows(out, name)
        assert len(csv_rows) == t.num_rows
    seed_hash = content_hash(src / "seed.txt")
    ind = [r for r in table_rows(out, "indicators") if r["doc_hash"] == seed_hash]
    cross_border = next(r for r in ind if r["level3"] == "跨境电商交易额")
    assert cross_border["normalized_value"] == Decimal("2600000000")
    assert cross_border["path"] == str(src / "seed.txt")
    assert (cross_border["line"], cross_border["line_end"]) == (178, 181)
    assert cross_border["level1_std"] == "产出指标" and cross_border["level2_std"] == "数量指标"
    # 效果指标 is the profile's alias of 效益指标: the standard name is recorded beside it
    growth = next(r for r in ind if r["level3"] == "增加就业")
    assert (growth["level1"], growth["level1_std"]) == ("效果指标", "效益指标")
    deadline = next(r for r in ind if r["level3"] == "完成时间")
    assert str(deadline["deadline"]) == "2023-12-31" and deadline["kind"] == "time"
    csv_ind = [r for r in read_csv_rows(out, "indicators") if r["doc_hash"] == seed_hash]
    assert next(r for r in csv_ind if r["level3"] == "跨境电商交易额")["normalized_value"] == (
        "2600000000"
    )
    findings = [r for r in table_rows(out, "findings") if r["doc_hash"] == seed_hash]
    assert findings and all(f["check"] and f["message"] for f in findings)
    documents = {r["doc_hash"]: r for r in table_rows(out, "documents")}
    assert documents[seed_hash]["n_findings"] == len(findings)
    assert documents[seed_hash]["grade"] in {"优", "良", "中", "差"}
    # rows are in path order, whatever order the workers finished in
    paths = [r["path"] for r in table_rows(out, "documents")]
    assert paths == sorted(paths)


def test_failures_are_listed_and_never_stop_the_batch(tmp_path: Path):
    src = tmp_path / "in"
    write_corpus(src, 4, layouts=TABLE_LAYOUTS)
    (src / "bad.txt").write_bytes(BAD_BYTES)
    (src / "locked.txt").write_text("x", encoding="utf-8")
    os.chmod(src / "locked.txt", 0)
    try:
        readable = os.access(src / "locked.txt", os.R_OK)  # root reads anything
        report = run_batch([src, tmp_path / "nowhere"], tmp_path / "out")
    finally:
        os.chmod(src / "locked.txt", 0o644)
    assert report.succeeded >= 4
    bad = [f for f in report.failures if f.path.endswith("bad.txt")]
    assert len(bad) == 1 and bad[0].reason
    if not readable:
        locked = [f for f in report.failures if f.path.endswith("locked.txt")]
        assert locked and "无法读取文件" in locked[0].reason
    assert [(p.input, p.reason) for p in report.input_problems] == [
        (str(tmp_path / "nowhere"), "路径不存在")
    ]
    text = (tmp_path / "out" / "runs" / f"{report.run_id}.txt").read_text(encoding="utf-8")
    assert "bad.txt" in text and bad[0].reason in text
    saved = json.loads((tmp_path / "out" / "runs" / f"{report.run_id}.json").read_text("utf-8"))
    assert any(f["path"].endswith("bad.txt") for f in saved["failures"])
    docs = {r["path"]: r for r in table_rows(tmp_path / "out", "documents")}
    assert docs[str(src / "bad.txt")]["status"] == "error"
    # a rerun skips the failed document and says so; --retry-errors tries it again
    again = run_batch([src], tmp_path / "out")
    assert again.processed == 0 and again.skipped_failed == 1
    assert [f.path for f in again.earlier_failures] == [str(src / "bad.txt")]
    retried = run_batch([src], tmp_path / "out", retry_errors=True)
    assert retried.processed == 1 and retried.errors == 1


def test_same_content_twice_is_one_document(tmp_path: Path):
    src = tmp_path / "in"
    _seed_copy(src, "a.txt")
    _seed_copy(src, "b.txt")
    report = run_batch([src], tmp_path / "out")
    assert report.processed == 1 and report.unique_documents == 1
    assert report.duplicates == [(str(src / "b.txt"), str(src / "a.txt"))]
    assert report.dataset_rows["documents"] == 1


class _StopAfter(BatchListener):
    def __init__(self, n: int):
        self.n = n
        self.seen: list[str] = []

    def document_done(self, result: DocumentResult) -> None:
        self.seen.append(result.doc_hash)
        if len(self.seen) == self.n:
            raise KeyboardInterrupt


def test_interrupted_run_is_resumed_without_redoing_work(tmp_path: Path):
    src = tmp_path / "in"
    write_corpus(src, 12, layouts=TABLE_LAYOUTS)
    out = tmp_path / "out"
    stop = _StopAfter(5)
    first = run_batch([src], out, listener=stop)
    assert first.interrupted and first.processed == 5 and not first.dataset_written
    ledger = Ledger(out)
    done = ledger.scan()
    assert set(done) == set(stop.seen)
    stamps = {h: e.file.stat().st_mtime_ns for h, e in done.items()}
    second = run_batch([src], out)
    assert (second.already_done, second.processed, second.interrupted) == (5, 7, False)
    assert {h: ledger.scan()[h].file.stat().st_mtime_ns for h in stamps} == stamps
    runs = {r["doc_hash"]: r["run_id"] for r in table_rows(out, "documents")}
    assert sorted(runs.values()).count(first.run_id) == 5
    assert sorted(runs.values()).count(second.run_id) == 7
    assert {h for h, run in runs.items() if run == first.run_id} == set(stop.seen)


def test_limit_processes_part_of_the_collection(tmp_path: Path):
    src = tmp_path / "in"
    write_corpus(src, 5, layouts=TABLE_LAYOUTS)
    first = run_batch([src], tmp_path / "out", limit=2)
    assert first.limited and first.processed == 2 and first.dataset_rows["documents"] == 2
    rest = run_batch([src], tmp_path / "out")
    assert rest.already_done == 2 and rest.processed == 3


def test_damaged_ledger_file_is_redone(tmp_path: Path):
    src = tmp_path / "in"
    write_corpus(src, 3, layouts=TABLE_LAYOUTS)
    out = tmp_path / "out"
    run_batch([src], out)
    entry = next(iter(Ledger(out).scan().values()))
    entry.file.write_text('{"doc_hash": "trunc', encoding="utf-8")  # a write cut short
    repaired = run_batch([src], out)
    # the damaged record is found and removed while the dataset is written …
    assert repaired.damaged_ledger_removed == 1 and repaired.dataset_rows["documents"] == 2
    # … and the next run does that document again
    redo = run_batch([src], out)
    assert redo.processed == 1 and redo.dataset_rows["documents"] == 3


def test_one_output_folder_holds_one_profile(tmp_path: Path):
    src = tmp_path / "in"
    _seed_copy(src)
    run_batch([src], tmp_path / "out")
    with pytest.raises(BatchError, match="规则配置 national"):
        run_batch([src], tmp_path / "out", profile="sichuan")
    report = run_batch([src], tmp_path / "out", profile="sichuan", fresh=True)
    assert report.processed == 1
    assert {r["profile"] for r in table_rows(tmp_path / "out", "documents")} == {"sichuan"}
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(BatchError, match="不是空目录"):
        run_batch([src], tmp_path / "other")


def _dies_on_boom(path: str, profile: str | None = None, doc_hash: str | None = None, *,
                  review: bool = True, display: str | None = None) -> DocumentResult:
    if "boom" in str(path):
        os._exit(3)  # the interpreter dies, as when a C library crashes
    return process_document(path, profile, doc_hash, review=review, display=display)


def test_a_worker_process_that_dies_costs_one_document(tmp_path: Path):
    src = tmp_path / "in"
    docs = write_corpus(src, 6, layouts=TABLE_LAYOUTS)
    (src / "boom.txt").write_text(generate_document(99).text, encoding="utf-8")
    report = run_batch([src], tmp_path / "out", executor=PoolExecutor(2, _dies_on_boom))
    assert report.succeeded == len(docs)
    assert [(Path(f.path).name, f.kind, f.status) for f in report.failures] == [
        ("boom.txt", "WorkerDied", Status.CRASH)
    ]
    assert report.dataset_rows["documents"] == len(docs) + 1


# --- the command ------------------------------------------------------------------------


def test_cli_batch_runs_and_reports(tmp_path: Path):
    src = tmp_path / "in"
    write_corpus(src, 3, layouts=TABLE_LAYOUTS)
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(src), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "本次处理 3/3 份: 成功 3" in result.output
    assert (out / "indicators.parquet").is_file() and (out / "csv" / "projects.csv").is_file()
    (src / "bad.txt").write_bytes(BAD_BYTES)
    result = runner.invoke(app, ["batch", str(src), "-o", str(out), "--quiet"])
    assert result.exit_code == 1  # finished, with a failure listed
    assert "bad.txt" in result.output and "Traceback" not in result.output
    (src / "bad.txt").unlink()
    result = runner.invoke(app, ["batch", str(src), str(tmp_path / "typo"), "-o", str(out), "-q"])
    assert result.exit_code == 1  # an input that named nothing is reported too
    assert "typo" in result.output and "路径不存在" in result.output


def test_cli_batch_bad_scheduler_is_a_chinese_error(tmp_path: Path):
    src = tmp_path / "in"
    _seed_copy(src)
    result = runner.invoke(
        app, ["batch", str(src), "-o", str(tmp_path / "out"), "-q", "--scheduler", "local:x"]
    )
    assert result.exit_code == 2
    assert "local: 后应为工作进程数" in result.output and "Traceback" not in result.output
