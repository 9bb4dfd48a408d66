"""Running a batch (批量处理): find, fingerprint, skip what is done, process, record, publish.

:func:`run_batch` is what ``jixiao batch`` does:

1. find the documents (:func:`~jixiao.batch.discover.discover`) and hash their content;
2. skip every document already in the output folder's ledger (by content hash; documents
   that failed before are skipped too unless ``retry_errors``), and every second copy of
   the same content;
3. process the rest with an executor — this process, a process pool or a Dask cluster —
   writing each result to the ledger as soon as it arrives;
4. build the dataset (Parquet and CSV) from the whole ledger; with ``recheck`` also rank
   every self-evaluation form of the dataset into ``OUTDIR/recheck_summary.csv``;
5. write the run report (``OUTDIR/runs/RUN.json`` and ``.txt``): counts, timing, and every
   document that failed with its reason.

A bad document never stops the batch. Ctrl-C (``KeyboardInterrupt``) stops it cleanly:
the documents finished so far stay in the ledger, the report says the run was interrupted,
and running the same command again processes only the documents not yet done.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jixiao.batch.dataset import DatasetInfo, write_dataset
from jixiao.batch.discover import InputProblem, content_hash, discover
from jixiao.batch.executors import Executor, PoolExecutor, SerialExecutor, Task, WorkerFn
from jixiao.batch.ledger import BatchError, Ledger, new_run_id, write_atomic
from jixiao.batch.rechecks import SUMMARY_FILE as RECHECK_SUMMARY
from jixiao.batch.rechecks import write_recheck_summary
from jixiao.batch.worker import DocumentResult, Status, process_document

__all__ = [
    "BatchListener",
    "FailedDocument",
    "RunReport",
    "make_executor",
    "run_batch",
]


class BatchListener:
    """Hooks for progress display; every method does nothing unless overridden."""

    def hashing(self, total: int) -> None:
        """Content hashing of ``total`` files starts."""

    def hashed(self, path: str) -> None:
        """One file was hashed (or found unreadable)."""

    def processing(self, total: int, skipped: int, executor: str) -> None:
        """``total`` documents are about to be processed; ``skipped`` were done before."""

    def document_done(self, result: DocumentResult) -> None:
        """A document finished (already written to the ledger)."""

    def writing_dataset(self) -> None:
        """The dataset is being written."""


@dataclass(frozen=True, slots=True)
class FailedDocument:
    """A document that could not be processed: where, what kind of failure, and why."""

    path: str
    reason: str
    kind: str | None = None
    status: str = Status.ERROR
    doc_hash: str | None = None
    earlier_run: str | None = None  # set when the failure is from an earlier run


@dataclass(slots=True)
class RunReport:
    """What one run did (运行报告)."""

    run_id: str
    out_dir: str
    inputs: list[str]
    profile: str
    executor: str = ""
    started: str = ""
    finished: str = ""
    elapsed_s: float = 0.0
    processing_s: float = 0.0
    files_found: int = 0
    unreadable: int = 0
    unique_documents: int = 0
    already_done: int = 0
    skipped_failed: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    to_process: int = 0
    processed: int = 0
    succeeded: int = 0
    errors: int = 0
    crashes: int = 0
    failures: list[FailedDocument] = field(default_factory=list)
    earlier_failures: list[FailedDocument] = field(default_factory=list)
    input_problems: list[InputProblem] = field(default_factory=list)
    interrupted: bool = False
    limited: bool = False
    dataset_rows: dict[str, int] = field(default_factory=dict)
    dataset_written: bool = False
    damaged_ledger_removed: int = 0
    recheck: bool = False
    recheck_profile: str | None = None
    recheck_forms: int = 0  # self-evaluation forms in the whole dataset
    recheck_top: list[dict[str, str | int]] = field(default_factory=list)

    @property
    def documents_per_second(self) -> float:
        """Throughput of the processing phase (0 when nothing was processed)."""
        return self.processed / self.processing_s if self.processing_s > 0 else 0.0

    @property
    def remaining(self) -> int:
        """Documents found but neither done before nor processed in this run."""
        return self.to_process - self.processed

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["documents_per_second"] = round(self.documents_per_second, 2)
        d["remaining"] = self.remaining
        d["duplicates"] = [{"path": a, "same_as": b} for a, b in self.duplicates]
        return d

    def recheck_lines(self) -> list[str]:
        """The recheck summary: how many forms, where the ranking is, the top forms."""
        how = self.recheck_profile or "按模板自动识别"
        lines = [
            f"自评表复核 (复核规则: {how}): 共 {self.recheck_forms} 张自评表, "
            f"按净虚增分排序的汇总见 {Path(self.out_dir) / RECHECK_SUMMARY}"
        ]
        if self.recheck_top:
            lines.append(f"净虚增分最高的 {len(self.recheck_top)} 张:")
        for r in self.recheck_top:
            lines.append(
                f"  {r['rank']}. {r['file']} 第{r['form']}张表 {r['project'] or ''}: "
                f"净虚增 {r['inflation']} 分, 差异 {r['discrepancies']} 处 "
                f"(表中总分 {r['published_total'] or '—'}, 复算 {r['recomputed_total'] or '—'})"
            )
        return lines

    def summary_lines(self) -> list[str]:
        """The report in Chinese, one line per fact, failures listed at the end."""
        state = "已中断" if self.interrupted else ("已达上限" if self.limited else "完成")
        lines = [
            f"批次 {self.run_id} ({state})",
            f"输出目录: {self.out_dir}",
            f"规则配置: {self.profile}; 执行方式: {self.executor}",
            f"找到文件 {self.files_found} 个, 不同内容的文档 {self.unique_documents} 份"
            + (f" (内容重复的文件 {len(self.duplicates)} 个)" if self.duplicates else "")
            + (f", 无法读取的文件 {self.unreadable} 个" if self.unreadable else ""),
            f"此前已完成 {self.already_done} 份, 跳过此前失败的 {self.skipped_failed} 份",
            f"本次处理 {self.processed}/{self.to_process} 份: 成功 {self.succeeded}, "
            f"无法处理 {self.errors}, 异常 {self.crashes}",
            f"用时 {self.elapsed_s:.1f} 秒 (处理 {self.processing_s:.1f} 秒, "
            f"{self.documents_per_second:.1f} 份/秒)",
        ]
        if self.dataset_written:
            rows = ", ".join(f"{k} {v}" for k, v in self.dataset_rows.items())
            lines.append(f"数据集: {rows}")
            if self.recheck:
                lines.extend(self.recheck_lines())
        elif self.interrupted:
            lines.append("数据集未更新: 重新运行同一命令即可继续处理余下的文档并生成数据集")
        if self.damaged_ledger_removed:
            lines.append(
                f"台账中有 {self.damaged_ledger_removed} 个记录已损坏并被删除: "
                "重新运行即可补做这些文档"
            )
        for p in self.input_problems:
            lines.append(f"输入 {p.input}: {p.reason}")
        if self.failures:
            lines.append(f"本次失败的文档 ({len(self.failures)}):")
            lines.extend(f"  {f.path}: {f.reason}" for f in self.failures)
        if self.earlier_failures:
            lines.append(
                f"此前失败、本次跳过的文档 ({len(self.earlier_failures)}; 加 --retry-errors 重试):"
            )
            lines.extend(f"  {f.path}: {f.reason}" for f in self.earlier_failures)
        return lines


def make_executor(
    workers: int = 1,
    scheduler: str | None = None,
    *,
    worker: WorkerFn = process_document,
    local_processes: bool = True,
) -> Executor:
    """The executor for ``--workers`` / ``--scheduler``."""
    if scheduler:
        from jixiao.batch.dask_runner import DaskExecutor

        return DaskExecutor(scheduler, worker=worker, local_workers=workers,
                            local_processes=local_processes)
    if workers <= 1:
        return SerialExecutor(worker)
    return PoolExecutor(workers, worker)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _failure(r: DocumentResult) -> FailedDocument:
    return FailedDocument(r.path, r.error or "", r.error_kind, r.status, r.doc_hash or None)


def run_batch(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    profile: str | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    executor: Executor | None = None,
    retry_errors: bool = False,
    limit: int | None = None,
    review: bool = True,
    listener: BatchListener | None = None,
    fresh: bool = False,
    recheck: bool = False,
    recheck_profile: str | None = None,
    top: int = 10,
) -> RunReport:
    """Process every document of ``inputs`` into ``out_dir`` (see module doc).

    ``executor`` overrides ``workers``/``scheduler`` (and is closed at the end). ``limit``
    processes at most that many new documents in this run (the rest in later runs).
    ``fresh`` forgets everything processed before. ``recheck`` also rechecks the published
    self-evaluation forms in every document (``recheck_profile`` forces a profile and implies
    ``recheck``; else each form's template is detected), ranks them in
    ``OUTDIR/recheck_summary.csv`` and keeps the ``top`` forms in the report. Returns the run
    report, also when interrupted (``report.interrupted``).
    """
    started = time.perf_counter()
    events = listener or BatchListener()
    out = Path(out_dir)
    prof = profile or "national"
    _check_profile(prof)
    recheck = recheck or bool(recheck_profile)
    if recheck_profile:
        _check_profile(recheck_profile)
    ledger = Ledger(out)
    if fresh:
        ledger.clear()
    ledger.open(prof, recheck=recheck, recheck_profile=recheck_profile)
    report = RunReport(
        run_id=new_run_id(), out_dir=str(out), inputs=[str(i) for i in inputs], profile=prof,
        started=_now(), recheck=recheck, recheck_profile=recheck_profile if recheck else None,
    )
    found = discover(inputs, exclude=[out])
    report.input_problems = found.problems
    report.files_found = len(found.files)

    # 1. content hashes; unreadable files are failures of this run
    events.hashing(len(found.files))
    first_path: dict[str, str] = {}
    for f in found.files:
        shown = str(f)
        try:
            h = content_hash(f)
        except OSError as exc:
            report.failures.append(
                FailedDocument(shown, f"无法读取文件: {exc.strerror or exc}", type(exc).__name__)
            )
            report.unreadable += 1
            events.hashed(shown)
            continue
        events.hashed(shown)
        if h in first_path:
            report.duplicates.append((shown, first_path[h]))
            continue
        first_path[h] = shown
    report.unique_documents = len(first_path)

    # 2. what is left to do
    done = ledger.scan()
    tasks: list[Task] = []
    earlier_failed: list[str] = []
    for h, shown in first_path.items():
        entry = done.get(h)
        if entry is not None and not entry.failed:
            report.already_done += 1
            continue
        if entry is not None and entry.failed and not retry_errors:
            report.skipped_failed += 1
            earlier_failed.append(h)
            continue
        tasks.append(Task(shown, h, profile, review, read_from=str(Path(shown).resolve()),
                          recheck=recheck, recheck_profile=recheck_profile))
    if limit is not None and len(tasks) > limit:
        tasks = tasks[:limit]
        report.limited = True
    report.to_process = len(tasks)
    for h in earlier_failed:
        try:
            meta = Ledger.read_meta(done[h].file)
        except (OSError, ValueError):
            continue
        report.earlier_failures.append(
            FailedDocument(str(meta.get("path")), str(meta.get("error") or ""),
                           meta.get("error_kind"), str(meta.get("status")), h,
                           meta.get("run_id"))
        )

    # 3. process
    ex = executor
    t0 = time.perf_counter()
    try:
        if tasks:
            if ex is None:
                ex = make_executor(workers, scheduler)
            report.executor = ex.name
            events.processing(len(tasks), report.already_done, ex.name)
            for result in _each(ex.run(tasks)):
                ledger.write(result, report.run_id)
                report.processed += 1
                if result.status == Status.OK:
                    report.succeeded += 1
                else:
                    report.failures.append(_failure(result))
                    if result.status == Status.CRASH:
                        report.crashes += 1
                    else:
                        report.errors += 1
                events.document_done(result)
        else:
            report.executor = ex.name if ex is not None else "无需处理"
            events.processing(0, report.already_done, report.executor)
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        report.processing_s = time.perf_counter() - t0
        if ex is not None:
            ex.close(cancel=report.interrupted)

    # 4. dataset (not on interruption: the next run finishes the work and writes it)
    if not report.interrupted:
        events.writing_dataset()
        try:
            info: DatasetInfo = write_dataset(out)
            ranked = write_recheck_summary(out) if recheck else []
        except KeyboardInterrupt:
            report.interrupted = True
        else:
            report.dataset_rows = info.rows
            report.dataset_written = True
            report.damaged_ledger_removed = info.damaged_removed
            report.recheck_forms = len(ranked)
            report.recheck_top = ranked[:top]

    # 5. run report
    report.finished = _now()
    report.elapsed_s = time.perf_counter() - started
    _write_report(out, report)
    return report


def _each(results: Iterator[DocumentResult]) -> Iterable[DocumentResult]:
    """The results, closing the executor's generator however the loop ends."""
    try:
        yield from results
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()


def _check_profile(profile: str) -> None:
    """Load the profile once here, so that a wrong name fails before any work starts."""
    from jixiao.domain.profile import load_profile

    try:
        load_profile(profile)
    except (OSError, ValueError) as exc:
        raise BatchError(f"无法加载规则配置 {profile}: {exc}") from exc


def _write_report(out: Path, report: RunReport) -> None:
    runs = out / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    write_atomic(runs / f"{report.run_id}.json",
                 json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    write_atomic(runs / f"{report.run_id}.txt", "\n".join(report.summary_lines()) + "\n")
    # the latest run, for a quick look
    write_atomic(out / "last-run.txt", "\n".join(report.summary_lines()) + "\n")


def previous_reports(out_dir: str | Path) -> list[dict[str, Any]]:
    """The JSON run reports of an output folder, oldest first."""
    runs = Path(out_dir) / "runs"
    if not runs.is_dir():
        return []
    out = []
    for p in sorted(runs.glob("*.json")):
        try:
            out.append(json.loads(p.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return out

