"""Scale-out on a Dask cluster (分布式处理): the same work on many machines.

``jixiao batch … --scheduler tcp://HOST:8786`` sends each document to the workers of a
running Dask cluster (``dask scheduler`` on one machine, ``dask worker tcp://HOST:8786`` on
each of the others, every one with jixiao installed). The documents are read by the workers,
so every worker must see the input files at the same absolute path (a shared or network
folder); the results travel back to this process, which alone writes the ledger and the
dataset. ``--scheduler local`` (or ``local:N``) starts a cluster of N worker processes on
this machine, listening on the loopback address only; :func:`local_cluster` does the same
for tests and benchmarks.

A worker that dies is replaced by Dask, which retries its tasks elsewhere; a document that
kills workers again and again (Dask's ``KilledWorker``) is recorded as a crash. Documents
travel eight to a task, so an interruption loses at most the chunks in flight.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
from collections.abc import Iterable, Iterator
from typing import Any

from jixiao.batch.executors import Task, WorkerFn, _call, failed_result
from jixiao.batch.worker import DocumentResult, process_document
from jixiao.domain.errors import JixiaoError

__all__ = ["DaskExecutor", "local_cluster", "parse_scheduler"]


def _distributed() -> Any:
    """The ``distributed`` package (typed loosely: it ships without complete annotations)."""
    try:
        return importlib.import_module("distributed")
    except ImportError as exc:  # pragma: no cover - distributed is a dependency
        raise JixiaoError("未安装 Dask distributed: pip install distributed==2026.8.0") from exc


def local_cluster(n_workers: int = 2, *, processes: bool = True,
                  threads_per_worker: int = 1) -> Any:
    """A Dask ``LocalCluster`` on this machine: loopback only, no dashboard, quiet logs."""
    return _distributed().LocalCluster(
        n_workers=n_workers,
        threads_per_worker=threads_per_worker,
        processes=processes,
        protocol="tcp://",  # also with threads: the tasks and results travel as on a cluster
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )


def parse_scheduler(text: str, default_workers: int) -> tuple[str | None, int]:
    """``local`` / ``local:N`` → (None, N); an address → (address, 0)."""
    t = text.strip()
    if t == "local":
        return None, max(1, default_workers)
    if t.startswith("local:"):
        try:
            n = int(t.split(":", 1)[1])
        except ValueError as exc:
            raise JixiaoError(f"--scheduler {text}: local: 后应为工作进程数, 如 local:4") from exc
        if n < 1:
            raise JixiaoError(f"--scheduler {text}: 工作进程数至少为 1")
        return None, n
    if not t:
        raise JixiaoError("--scheduler 不能为空: 请写调度器地址, 如 tcp://10.0.0.5:8786, 或 local")
    return t, 0


def _call_many(fn: WorkerFn, tasks: list[Task]) -> list[DocumentResult]:
    """Several documents in one Dask task (the scheduler's cost is per task, ~1 ms)."""
    return [_call(fn, t) for t in tasks]


class DaskExecutor:
    """Tasks on a Dask cluster; results come back here in the order they finish.

    Documents travel in chunks of ``chunk_size`` per Dask task (a document takes ~10 ms, a
    task costs the scheduler about 1 ms), ``in_flight_per_thread`` chunks per worker thread.
    A chunk whose worker died is split and its documents retried one by one.
    """

    def __init__(
        self,
        scheduler: Any,
        *,
        worker: WorkerFn = process_document,
        local_workers: int = 2,
        local_processes: bool = True,
        in_flight_per_thread: int = 2,
        chunk_size: int = 8,
        connect_timeout: float = 20.0,
    ):
        if chunk_size < 1:
            raise ValueError("chunk_size must be at least 1")
        self.worker = worker
        self.in_flight_per_thread = in_flight_per_thread
        self.chunk_size = chunk_size
        self._cluster: Any = None
        self._own_client = False
        self._futures: dict[Any, Any] = {}
        dist = _distributed()
        Client = dist.Client
        self.client: Any
        if isinstance(scheduler, Client):
            self.client = scheduler
            self.name = f"Dask 集群 {scheduler.scheduler.address if scheduler.scheduler else ''}"
            return
        address, n = parse_scheduler(scheduler, local_workers)
        if address is None:
            self._cluster = local_cluster(n, processes=local_processes)
            self.client = Client(self._cluster, set_as_default=False)
            self.name = f"本机 Dask 集群 ({n} 个工作进程)"
        else:
            try:
                self.client = Client(address, timeout=connect_timeout, set_as_default=False)
            except (OSError, TimeoutError) as exc:
                raise JixiaoError(f"无法连接 Dask 调度器 {address}: {exc}") from exc
            self.name = f"Dask 集群 {address}"
        self._own_client = True

    def threads(self) -> int:
        """Worker threads in the cluster now (at least 1)."""
        return max(1, int(sum(self.client.nthreads().values())))

    def run(self, tasks: Iterable[Task]) -> Iterator[DocumentResult]:
        it = iter(tasks)
        window = self.threads() * self.in_flight_per_thread
        queue = _distributed().as_completed(loop=self.client.loop)
        by_key: dict[Any, list[Task]] = {}

        def submit(size: int) -> bool:
            chunk = [t for t in (next(it, None) for _ in range(size)) if t is not None]
            if not chunk:
                return False
            f = self.client.submit(_call_many, self.worker, chunk, pure=False)
            by_key[f.key] = chunk
            self._futures[f.key] = f
            queue.add(f)
            return True

        for _ in range(window):
            if not submit(self.chunk_size):
                break
        for f in queue:
            chunk = by_key.pop(f.key)
            self._futures.pop(f.key, None)
            try:
                results: list[DocumentResult] = f.result()
            except Exception as exc:  # KilledWorker, a result that could not travel …
                f.release()
                if len(chunk) > 1:
                    # one of them is to blame: send each alone to find out which
                    for t in chunk:
                        g = self.client.submit(_call_many, self.worker, [t], pure=False)
                        by_key[g.key] = [t]
                        self._futures[g.key] = g
                        queue.add(g)
                    continue
                name = type(exc).__name__
                reason = (
                    "处理该文档的工作进程多次意外退出 (可能是内存不足或解析库崩溃)"
                    if name == "KilledWorker"
                    else f"Dask 任务失败 ({name}: {str(exc)[:200]})"
                )
                results = [failed_result(chunk[0], reason, name)]
            else:
                f.release()
            yield from results
            submit(self.chunk_size)

    def close(self, *, cancel: bool = False) -> None:
        if cancel and self._futures:
            with contextlib.suppress(Exception):  # the cluster may already be gone
                self.client.cancel(list(self._futures.values()))
        self._futures.clear()
        if self._own_client:
            self.client.close()
            self._own_client = False
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
