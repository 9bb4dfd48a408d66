"""Where the documents are processed (执行方式): in this process or in worker processes.

An executor takes tasks (path, hash, profile, review, recheck) and yields one
:class:`~jixiao.batch.worker.DocumentResult` per task, in the order they finish. It keeps
only a bounded number of tasks in flight, so a collection of any size streams through.

- :class:`SerialExecutor`: one document after the other, in this process (``--workers 1``).
- :class:`PoolExecutor`: a pool of worker processes (``--workers N``). A worker process that
  dies (a parser crashing the interpreter, the memory killer) breaks the pool: the
  documents that were in flight are then retried one at a time in a fresh pool, and one that
  breaks it again is recorded as a crash; the batch goes on.
- :class:`~jixiao.batch.dask_runner.DaskExecutor`: a Dask cluster (``--scheduler``).
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Protocol

from jixiao.batch.worker import DocumentResult, Status, process_document, worker_name

__all__ = ["Executor", "PoolExecutor", "SerialExecutor", "Task", "WorkerFn", "failed_result"]


@dataclass(frozen=True, slots=True)
class Task:
    """One document to process."""

    path: str  # as the user wrote it: recorded in the dataset
    doc_hash: str
    profile: str | None = None
    review: bool = True
    read_from: str | None = None  # where the worker reads it (an absolute path), if not path
    recheck: bool = False  # also recheck the self-evaluation forms in it (--recheck)
    recheck_profile: str | None = None  # forced recheck profile (None: detect per form)


WorkerFn = Callable[..., DocumentResult]


class Executor(Protocol):
    """Runs tasks and yields their results as they finish."""

    name: str

    def run(self, tasks: Iterable[Task]) -> Iterator[DocumentResult]: ...

    def close(self, *, cancel: bool = False) -> None: ...


def failed_result(task: Task, reason: str, kind: str, status: str = Status.CRASH) -> DocumentResult:
    """A result for a task whose worker could not report one itself."""
    return DocumentResult(
        doc_hash=task.doc_hash,
        path=task.path,
        status=status,
        meta={
            "doc_hash": task.doc_hash,
            "path": task.path,
            "file_name": task.path.replace("\\", "/").rsplit("/", 1)[-1],
            "size_bytes": None,
            "profile": task.profile or "national",
            "status": status,
            "error_kind": kind,
            "error": reason,
        },
        error=reason,
        error_kind=kind,
        worker=worker_name(),
    )


def _call(fn: WorkerFn, task: Task) -> DocumentResult:
    if task.recheck:  # only then: worker functions written before --recheck keep working
        return fn(task.read_from or task.path, task.profile, task.doc_hash, review=task.review,
                  display=task.path, recheck=True, recheck_profile=task.recheck_profile)
    return fn(task.read_from or task.path, task.profile, task.doc_hash, review=task.review,
              display=task.path)


class SerialExecutor:
    """Every document in this process, one after the other."""

    def __init__(self, worker: WorkerFn = process_document):
        self.worker = worker
        self.name = "本进程 (1 个工作进程)"

    def run(self, tasks: Iterable[Task]) -> Iterator[DocumentResult]:
        for t in tasks:
            yield _call(self.worker, t)

    def close(self, *, cancel: bool = False) -> None:
        return None


def _init_worker() -> None:
    """In each worker process: leave Ctrl-C to the parent, which stops the batch cleanly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _context() -> multiprocessing.context.BaseContext:
    # forkserver: workers start from a clean, single-threaded server process (fork from a
    # process that runs a progress-bar thread is unsafe); spawn elsewhere (Windows, macOS)
    if sys.platform.startswith("linux"):
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["jixiao.batch.worker", "jixiao.ingest", "jixiao.review"])
        return ctx
    return multiprocessing.get_context("spawn")


class PoolExecutor:
    """A pool of ``workers`` processes (see module doc)."""

    def __init__(self, workers: int, worker: WorkerFn = process_document, *,
                 in_flight_per_worker: int = 4):
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.worker = worker
        self.window = workers * in_flight_per_worker
        self.name = f"进程池 ({workers} 个工作进程)"
        self._pool: ProcessPoolExecutor | None = None

    def _new_pool(self, size: int | None = None) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=size or self.workers, mp_context=_context(), initializer=_init_worker
        )

    def run(self, tasks: Iterable[Task]) -> Iterator[DocumentResult]:
        it = iter(tasks)
        pending: dict[Future[DocumentResult], Task] = {}
        self._pool = self._new_pool()

        def fill() -> None:
            assert self._pool is not None
            while len(pending) < self.window:
                t = next(it, None)
                if t is None:
                    return
                pending[self._pool.submit(_call, self.worker, t)] = t

        fill()
        while pending:
            done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            broken = False
            for f in done:
                t = pending.pop(f)
                try:
                    result = f.result()
                except BrokenProcessPool:
                    broken = True
                    pending[f] = t  # retried below with the others in flight
                    continue
                except Exception as exc:  # the result could not travel back, etc.
                    result = failed_result(
                        t, f"工作进程未能返回结果 ({type(exc).__name__}: {exc})",
                        type(exc).__name__,
                    )
                yield result
            if broken:
                suspects = list(pending.values())
                pending.clear()
                self._shutdown(cancel=True)
                yield from self._isolate(suspects)
                self._pool = self._new_pool()
            fill()
        self._shutdown(cancel=False)

    def _isolate(self, suspects: list[Task]) -> Iterator[DocumentResult]:
        """Run each suspect alone in a one-process pool: the one that breaks it is a crash."""
        for t in suspects:
            pool = self._new_pool(1)
            try:
                result = pool.submit(_call, self.worker, t).result()
            except BrokenProcessPool:
                result = failed_result(
                    t, "处理该文档时工作进程意外退出 (可能是内存不足或解析库崩溃)", "WorkerDied"
                )
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
            yield result

    def _shutdown(self, *, cancel: bool) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if cancel:
            # stop at once: queued documents are dropped, running ones are ended
            procs = list(getattr(pool, "_processes", {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for p in procs:
                if p.is_alive():
                    p.terminate()
            for p in procs:
                p.join(timeout=5)
        else:
            pool.shutdown(wait=True)

    def close(self, *, cancel: bool = False) -> None:
        self._shutdown(cancel=cancel)
