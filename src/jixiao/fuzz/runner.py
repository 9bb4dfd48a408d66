"""The long fuzz run (长时间模糊测试): supervised workers, failures saved, figures counted.

:func:`fuzz` runs one target for a number of inputs or seconds:

- A **worker** process (``python -m jixiao.fuzz.runner worker …``) generates inputs in
  batches with hypothesis (each batch seeded from ``--seed``, so a run can be repeated) and
  feeds them to the target in-process, under an address-space limit (``RLIMIT_AS``) and a
  per-input timer. Readers run without their own child-process isolation here
  (``JIXIAO_ISOLATE=0``), so that a failure's traceback shows the exact line. Before each
  input the worker copies it into a shared memory record.
- The **supervisor** (this process) watches the record. If the worker dies (a native
  abort, a segmentation fault, killed for memory) or stops making progress (a hang in
  native code that the timer cannot interrupt), the input in the record is saved, and
  *triaged*: run again in a fresh process with the product's isolation switched on. If the
  product turns it into a clear error, the isolation is doing its job and it is counted as
  ``handled``; otherwise it is a failure. The worker is then restarted after the batch.
- Failures are grouped by signature (kind, exception, innermost jixiao frame); the
  smallest input of each signature is kept in ``OUT/TARGET/SIG.input`` with its
  traceback in ``SIG.txt``, and, after the run, shrunk (``SIG.min.input``) by removing
  pieces while the same failure still occurs.

Everything is written under ``--out`` (default ``fuzz-out/``); ``summary.json`` holds the
figures of the run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import mmap
import os
import random
import signal
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from jixiao.fuzz.harness import Failure, execute
from jixiao.fuzz.targets import FuzzTarget, get_target

__all__ = ["TargetReport", "fuzz", "minimize", "minimize_all", "run_all", "write_summary"]

_HEADER = struct.Struct("<QQQQ")  # started, batch, length, truncated flag
_RECORD_BYTES = 32 * 1024 * 1024
BATCH = 200


# ---------------------------------------------------------------- results


@dataclass
class TargetReport:
    """The figures of one target's run."""

    target: str
    tried: int = 0
    failing_inputs: int = 0
    handled_by_isolation: int = 0
    restarts: int = 0
    seconds: float = 0.0
    signatures: dict[str, dict[str, Any]] = field(default_factory=dict)
    out_dir: str = ""
    running: int = 0  # inputs started so far, while the run goes on (for progress display)
    harness_errors: int = 0  # worker restarts caused by the fuzzer itself, not by an input

    @property
    def unique(self) -> int:
        return len(self.signatures)


def _store(out: Path, failure: Failure, data: bytes, target: FuzzTarget) -> dict[str, Any]:
    """Save the failing input if it is the smallest seen for its signature; return its entry."""
    out.mkdir(parents=True, exist_ok=True)
    sig = failure.signature
    path = out / f"{sig}.input"
    if not path.exists() or path.stat().st_size > len(data):
        path.write_bytes(data)
        (out / f"{sig}.txt").write_text(
            f"target: {target.name}\nkind: {failure.kind}\nexception: {failure.exception}\n"
            f"location: {failure.location}\nmessage: {failure.message}\n"
            f"input: {path.name} ({len(data)} bytes)\n\n{failure.trace}",
            encoding="utf-8",
        )
    entry = {
        "signature": sig,
        "kind": failure.kind,
        "exception": failure.exception,
        "location": failure.location,
        "module": failure.module,
        "editable": failure.editable,
        "message": failure.message[:300],
        "size": len(data),
        "input": str(path),
    }
    with (out / "failures.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return entry


# ---------------------------------------------------------------- worker


class _Record:
    """The shared memory the worker writes each input into before running it."""

    def __init__(self, path: Path, create: bool):
        if create:
            with path.open("wb") as fh:
                fh.truncate(_HEADER.size + _RECORD_BYTES)
        self.fh = path.open("r+b")
        self.map = mmap.mmap(self.fh.fileno(), _HEADER.size + _RECORD_BYTES)

    def write(self, started: int, batch: int, data: bytes) -> None:
        body = data[:_RECORD_BYTES]
        self.map[_HEADER.size : _HEADER.size + len(body)] = body
        self.map[: _HEADER.size] = _HEADER.pack(
            started, batch, len(body), int(len(body) < len(data))
        )

    def read(self) -> tuple[int, int, bytes]:
        started, batch, length, _truncated = _HEADER.unpack(self.map[: _HEADER.size])
        return started, batch, bytes(self.map[_HEADER.size : _HEADER.size + length])

    def close(self) -> None:
        self.map.close()
        self.fh.close()


def _limit_address_space(megabytes: int) -> None:
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_worker(
    target: FuzzTarget,
    *,
    seed: int,
    start_batch: int,
    count: int,
    deadline: float,
    out: Path,
    record: _Record | None,
    batch_size: int = BATCH,
    on_failure: Callable[[Failure, bytes], None] | None = None,
) -> int:
    """Generate and run inputs (batch by batch) until ``count`` or the deadline; return how
    many inputs were run. Failures are stored under ``out`` (and passed to ``on_failure``)."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed

    from jixiao.fuzz.corpus import Corpus

    strategy = target.inputs(Corpus.default())
    started = 0
    batch = start_batch

    def one(data: bytes) -> None:
        nonlocal started
        if started >= count or time.time() >= deadline:
            return
        started += 1
        if record is not None:
            record.write(started, batch, data)
        failure = execute(target, data)
        if failure is not None:
            _store(out, failure, data, target)
            if on_failure is not None:
                on_failure(failure, data)

    while started < count and time.time() < deadline:
        before = started

        @hypothesis_seed(seed * 1_000_003 + batch)
        @settings(
            max_examples=min(batch_size, count - started),
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
            derandomize=False,
            report_multiple_bugs=False,
        )
        @given(strategy)
        def body(data: bytes) -> None:
            one(data)

        body()
        batch += 1
        if started == before and time.time() < deadline:
            break  # hypothesis could generate nothing new: the input space is exhausted
    return started


# ---------------------------------------------------------------- supervisor


def _worker_command(
    target: str,
    seed: int,
    start_batch: int,
    count: int,
    deadline: float,
    out: Path,
    record: Path,
    memory_mb: int,
) -> list[str]:
    return [
        sys.executable,
        "-m",
        "jixiao.fuzz.runner",
        "worker",
        target,
        "--seed",
        str(seed),
        "--start-batch",
        str(start_batch),
        "--count",
        str(count),
        "--deadline",
        repr(deadline),
        "--out",
        str(out),
        "--record",
        str(record),
        "--memory-mb",
        str(memory_mb),
    ]


def _worker_env() -> dict[str, str]:
    env = dict(os.environ)
    env["JIXIAO_ISOLATE"] = "0"  # exact tracebacks; the supervisor triages native crashes
    env["RUST_BACKTRACE"] = "0"
    src = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    return env


def triage(target: FuzzTarget, data: bytes, timeout: float) -> tuple[str, str]:
    """Run one input in a fresh process with the product's isolation on.

    Returns ``("ok", "")`` when the outcome is acceptable (a result or a clear error),
    else the failure kind and a description.
    """
    with tempfile.NamedTemporaryFile(suffix=target.suffix, delete=False) as fh:
        fh.write(data)
        path = fh.name
    env = dict(os.environ)
    env["JIXIAO_ISOLATE"] = "1"
    src = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "jixiao.fuzz.runner", "check", target.name, path],
            env=env,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return "hang", f"no answer within {timeout:g} s (isolation on)"
    finally:
        os.unlink(path)
    if proc.returncode == 0:
        return "ok", ""
    if proc.returncode < 0:
        return "signal", f"killed by signal {-proc.returncode} (isolation on)"
    return "failure", proc.stdout.decode("utf-8", "replace")[-2000:]


def _native_failure(kind: str, detail: str) -> Failure:
    return Failure(
        kind=kind, exception=detail.split(" (")[0], message=detail, location="", trace=""
    )


def fuzz(
    target_name: str,
    *,
    count: int,
    seconds: float,
    seed: int,
    out_dir: Path,
    memory_mb: int = 3072,
    progress: Callable[[TargetReport], None] | None = None,
) -> TargetReport:
    """Fuzz one target for ``count`` inputs or ``seconds``, whichever ends first."""
    target = get_target(target_name)
    out = out_dir / target.name
    out.mkdir(parents=True, exist_ok=True)
    report = TargetReport(target.name, out_dir=str(out))
    start = time.time()
    deadline = start + seconds
    record_path = out / ".record"
    batch = 0
    env = _worker_env()
    hang_after = target.budget_s * 2 + 15
    idle = 0  # worker incarnations in a row that ran no input
    while report.tried < count and time.time() < deadline:
        record = _Record(record_path, create=True)
        cmd = _worker_command(
            target.name,
            seed,
            batch,
            count - report.tried,
            deadline,
            out_dir,
            record_path,
            memory_mb,
        )
        log = (out / ".worker.log").open("wb")
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=log)
        last, changed = 0, time.time()
        hung = False
        while proc.poll() is None:
            time.sleep(0.25)
            started, _batch, _data = record.read()
            if started != last:
                last, changed = started, time.time()
                if progress is not None:
                    report.running = report.tried + started
                    progress(report)
            elif time.time() - changed > hang_after:
                hung = True
                with contextlib.suppress(ProcessLookupError):
                    os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()
        stderr = (out / ".worker.log").read_text(encoding="utf-8", errors="replace")
        started, failed_batch, data = record.read()
        record.close()
        report.tried += started
        if proc.returncode == 0 and not hung:
            break
        # the next incarnation starts after the batch that failed (a fresh record says 0)
        next_batch = (failed_batch if started else batch) + 1
        if started == 0:  # the worker failed before its first input: nothing to triage
            idle += 1
            if idle >= 3:
                raise RuntimeError(f"模糊测试进程启动失败 ({target.name}):\n{stderr[-3000:]}")
        else:
            idle = 0
        report.restarts += 1
        if (proc.returncode == 1 or started == 0) and not hung:
            # the worker's own Python error (input generation, the harness): not a verdict
            # on the input; kept for whoever maintains the fuzzer
            with (out / "harness-errors.log").open("a", encoding="utf-8") as fh:
                fh.write(f"--- batch {failed_batch}, input {started}\n{stderr[-4000:]}\n")
            report.harness_errors += 1
            batch = next_batch
            continue
        kind, detail = triage(target, data, hang_after + 30)
        if kind == "ok":
            report.handled_by_isolation += 1
            saved = out / f"handled-{report.handled_by_isolation}{target.suffix}"
            saved.write_bytes(data)  # for the record: what the isolation had to catch
            with (out / "handled.jsonl").open("a", encoding="utf-8") as fh:
                what = "hang" if hung else proc.returncode
                fh.write(json.dumps({"input": str(saved), "worker": what}) + "\n")
        else:
            what = (
                "hang" if hung else f"signal {-proc.returncode}" if proc.returncode < 0 else "exit"
            )
            failure = _native_failure(kind if kind != "failure" else "crash", f"{what} ({detail})")
            _store(out, failure, data, target)
        batch = next_batch
    report.seconds = round(time.time() - start, 1)
    _collect(report, out)
    return report


def _collect(report: TargetReport, out: Path) -> None:
    path = out / "failures.jsonl"
    if not path.exists():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        report.failing_inputs += 1
        sig = entry["signature"]
        known = report.signatures.setdefault(sig, {**entry, "count": 0})
        known["count"] += 1
        if entry["size"] < known["size"]:
            known.update({k: v for k, v in entry.items() if k != "count"})


# ---------------------------------------------------------------- minimising


def _ddmin(data: bytes, still_fails: Callable[[bytes], bool], deadline: float, unit: str) -> bytes:
    """Delta debugging: remove chunks (lines first for text, then bytes) while it still fails."""

    def pieces(d: bytes) -> list[bytes]:
        if unit == "line":
            return d.splitlines(keepends=True)
        if unit == "char":
            return [ch.encode("utf-8") for ch in d.decode("utf-8", "replace")]
        return [d[i : i + 1] for i in range(len(d))]

    current = pieces(data)
    n = 2
    while len(current) >= 2 and time.time() < deadline:
        size = max(1, len(current) // n)
        reduced = False
        for i in range(0, len(current), size):
            if time.time() >= deadline:
                break
            candidate = current[:i] + current[i + size :]
            if candidate and still_fails(b"".join(candidate)):
                current = candidate
                n = max(n - 1, 2)
                reduced = True
                break
        if not reduced:
            if size == 1:
                break
            n = min(len(current), n * 2)
    return b"".join(current)


def minimize(target: FuzzTarget, data: bytes, signature: str, seconds: float) -> bytes:
    """The smallest input found in ``seconds`` that fails with the same signature."""
    deadline = time.time() + seconds

    def still(candidate: bytes) -> bool:
        failure = execute(target, candidate)
        return failure is not None and failure.signature == signature

    if not still(data):
        return data
    textual = target.suffix in (".txt", ".csv", ".yaml", ".json", ".toml", ".html")
    if textual:
        data = _ddmin(data, still, deadline, "line")
        data = _ddmin(data, still, deadline, "char")
    elif len(data) <= 20000:
        data = _ddmin(data, still, deadline, "byte")
    return data


def minimize_all(report: TargetReport, seconds_each: float, memory_mb: int) -> None:
    for sig, entry in report.signatures.items():
        if entry["kind"] in ("hang", "signal") or not entry.get("location"):
            continue  # native failures and hangs are kept as found (each try may take long)
        src = Path(entry["input"])
        cmd = [
            sys.executable,
            "-m",
            "jixiao.fuzz.runner",
            "minimize",
            report.target,
            str(src),
            sig,
            "--seconds",
            str(seconds_each),
            "--memory-mb",
            str(memory_mb),
        ]
        with contextlib.suppress(subprocess.TimeoutExpired):
            subprocess.run(
                cmd,
                env=_worker_env(),
                timeout=seconds_each * 3 + 60,
                check=False,
                capture_output=True,
            )
        small = src.with_name(f"{sig}.min.input")
        if small.exists():
            entry["minimized"] = str(small)
            entry["minimized_size"] = small.stat().st_size


def run_all(
    targets: list[str],
    *,
    count: int,
    seconds: float,
    seed: int,
    out_dir: Path,
    memory_mb: int = 3072,
    minimize_seconds: float = 60.0,
    progress: Callable[[TargetReport], None] | None = None,
) -> list[TargetReport]:
    """Fuzz each target in turn (``seconds`` is per target) and write ``summary.json``."""
    reports = []
    for name in targets:
        report = fuzz(
            name,
            count=count,
            seconds=seconds,
            seed=seed,
            out_dir=out_dir,
            memory_mb=memory_mb,
            progress=progress,
        )
        if minimize_seconds > 0:
            minimize_all(report, minimize_seconds, memory_mb)
        reports.append(report)
        write_summary(out_dir, reports, seed)
    return reports


def write_summary(out_dir: Path, reports: list[TargetReport], seed: int) -> Path:
    """Add these targets' figures to ``OUT/summary.json`` (other targets' entries kept, so
    several runs into one folder add up to one summary)."""
    path = out_dir / "summary.json"
    entries: dict[str, Any] = {}
    if path.exists():
        with contextlib.suppress(ValueError, KeyError, TypeError):
            entries = {t["target"]: t for t in json.loads(path.read_text("utf-8"))["targets"]}
    for r in reports:
        entry = {k: v for k, v in asdict(r).items() if k not in ("signatures", "running")}
        entry.update(seed=seed, unique=r.unique, failures=list(r.signatures.values()))
        entries[r.target] = entry
    data = {"targets": list(entries.values())}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


# ---------------------------------------------------------------- process entry points


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jixiao.fuzz.runner")
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("worker")
    w.add_argument("target")
    w.add_argument("--seed", type=int, default=0)
    w.add_argument("--start-batch", type=int, default=0)
    w.add_argument("--count", type=int, default=1000)
    w.add_argument("--deadline", type=float, default=time.time() + 60)
    w.add_argument("--out", type=Path, required=True)
    w.add_argument("--record", type=Path, required=True)
    w.add_argument("--memory-mb", type=int, default=3072)
    c = sub.add_parser("check")
    c.add_argument("target")
    c.add_argument("file", type=Path)
    m = sub.add_parser("minimize")
    m.add_argument("target")
    m.add_argument("file", type=Path)
    m.add_argument("signature")
    m.add_argument("--seconds", type=float, default=60)
    m.add_argument("--memory-mb", type=int, default=3072)
    args = parser.parse_args(argv)
    target = get_target(args.target)
    if args.command == "worker":
        _limit_address_space(args.memory_mb)
        random.seed(args.seed)
        record = _Record(args.record, create=False)
        run_worker(
            target,
            seed=args.seed,
            start_batch=args.start_batch,
            count=args.count,
            deadline=args.deadline,
            out=args.out / target.name,
            record=record,
        )
        record.close()
        return 0
    if args.command == "check":
        failure = execute(target, args.file.read_bytes(), budget=target.budget_s * 2)
        if failure is None:
            return 0
        print(json.dumps(asdict(failure), ensure_ascii=False))
        return 1
    _limit_address_space(args.memory_mb)
    data = args.file.read_bytes()
    small = minimize(target, data, args.signature, args.seconds)
    args.file.with_name(f"{args.signature}.min.input").write_bytes(small)
    return 0


if __name__ == "__main__":
    sys.exit(_main())
