"""The work done for one document (单个文档的处理), wherever it runs.

:func:`process_document` reads a file, checks its content hash, parses it
(:func:`jixiao.ingest.parse_file`), reviews the plan (:func:`jixiao.review.review_plan`) and
returns a :class:`DocumentResult`: the document's summary and its dataset rows already
encoded as JSON, so that the process collecting results only has to write them down. It
never raises for a bad document: unreadable files, bad encodings and
:class:`~jixiao.domain.errors.InputError` give ``status="error"`` with the reason in Chinese;
any other exception gives ``status="crash"`` with its type, message and the last frames of
its traceback. The same function runs in-process, in a process pool and on Dask workers.

With ``recheck=True`` the document is also read as published self-evaluation forms and each
form rechecked (:mod:`jixiao.batch.rechecks`): its rows go to the ``recheck`` table, also
when the plan parser could not read the document (a form in a layout the target parser does
not know still gets rechecked). A document that is not a self-evaluation form gives no
``recheck`` rows and no error; an exception inside the recheck is a crash of the document.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import time
import traceback
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from jixiao.domain.errors import JixiaoError
from jixiao.domain.profile import RuleProfile, load_profile

__all__ = [
    "DocumentResult",
    "Status",
    "decode_tables",
    "encode_tables",
    "process_document",
    "worker_name",
]


class Status:
    """What became of a document: ``ok``, ``error`` (bad input) or ``crash`` (a bug)."""

    OK = "ok"
    ERROR = "error"
    CRASH = "crash"


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """The outcome of one document: its summary (``meta``) and its encoded rows.

    ``meta`` holds the ``documents`` row of the dataset (without the run's own columns);
    ``payload`` is the JSON text of ``{table: [row, …]}`` for the other tables (empty for a
    failed document). ``traceback`` is set for crashes only.
    """

    doc_hash: str
    path: str
    status: str
    meta: dict[str, Any]
    payload: str = "{}"
    error: str | None = None
    error_kind: str | None = None
    traceback: str | None = None
    elapsed_ms: float = 0.0
    worker: str = ""
    finished_at: str = ""
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == Status.OK


def worker_name() -> str:
    """``host:pid`` of the process doing the work."""
    return f"{socket.gethostname()}:{os.getpid()}"


@lru_cache(maxsize=8)
def _profile(ref: str | None) -> RuleProfile:
    return load_profile(ref)


def _json_default(o: Any) -> Any:
    if isinstance(o, Decimal):
        if not o.is_finite():
            return None
        return f"{o:f}"
    if isinstance(o, date):
        return o.isoformat()
    raise TypeError(f"cannot encode {type(o).__name__}")


def encode_tables(tables: dict[str, list[dict[str, Any]]]) -> str:
    """Rows as compact JSON: Decimals as exact strings, dates as ISO strings."""
    return json.dumps(tables, ensure_ascii=False, separators=(",", ":"), default=_json_default)


def decode_tables(payload: str) -> dict[str, list[dict[str, Any]]]:
    """The rows of :func:`encode_tables` (values still as strings; see the dataset writer)."""
    data = json.loads(payload)
    if not isinstance(data, dict):
        raise ValueError("payload is not a JSON object")
    return data


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _short_trace(exc: BaseException, frames: int = 6) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__, limit=-frames))


def process_document(
    path: str | Path,
    profile: str | None = None,
    doc_hash: str | None = None,
    *,
    review: bool = True,
    display: str | None = None,
    recheck: bool = False,
    recheck_profile: str | None = None,
) -> DocumentResult:
    """Parse and review one document; never raises for a bad document (see module doc).

    ``profile`` is a rule profile name or path (loaded once per process). ``doc_hash``, when
    given, is the hash the batch saw: a file changed since then is reported, not parsed.
    ``display`` is the path to record (as the user wrote it) when ``path`` is another
    spelling of it (an absolute path on a cluster worker). ``recheck`` also rechecks the
    self-evaluation forms in the document, under ``recheck_profile`` when given (a name or
    path), else under the template detected for each form.
    """
    started = time.perf_counter()
    p = Path(path)
    shown = display if display is not None else str(path)
    prof_name = profile or "national"
    base_meta: dict[str, Any] = {
        "doc_hash": doc_hash,
        "path": shown,
        "file_name": Path(shown).name,
        "size_bytes": None,
        "profile": prof_name,
        "jixiao_version": _version(),
    }

    def finish(status: str, meta: dict[str, Any], payload: str = "{}", *,
               error: str | None = None, kind: str | None = None,
               trace: str | None = None, counts: dict[str, int] | None = None) -> DocumentResult:
        meta = {**meta, "status": status, "error_kind": kind, "error": error}
        return DocumentResult(
            doc_hash=meta["doc_hash"] or "",
            path=shown,
            status=status,
            meta=meta,
            payload=payload,
            error=error,
            error_kind=kind,
            traceback=trace,
            elapsed_ms=(time.perf_counter() - started) * 1e3,
            worker=worker_name(),
            finished_at=_now(),
            counts=counts or {},
        )

    try:
        data = p.read_bytes()
    except FileNotFoundError:
        return finish(Status.ERROR, base_meta, error="文件不存在 (可能已被移走或删除)",
                      kind="FileNotFoundError")
    except IsADirectoryError:
        return finish(Status.ERROR, base_meta, error="这是一个目录, 不是文件",
                      kind="IsADirectoryError")
    except OSError as exc:
        return finish(Status.ERROR, base_meta, error=f"无法读取文件: {exc.strerror or exc}",
                      kind=type(exc).__name__)
    actual = hashlib.sha256(data).hexdigest()
    base_meta["size_bytes"] = len(data)
    if doc_hash is not None and actual != doc_hash:
        return finish(Status.ERROR, base_meta,
                      error="文件内容在排队期间发生了变化 (内容指纹不同), 请重新运行批处理",
                      kind="ChangedFile")
    base_meta["doc_hash"] = actual
    del data
    # (status, error, kind, traceback) of the first failure; None while all goes well
    failure: tuple[str, str, str, str | None] | None = None
    tables: dict[str, list[dict[str, Any]]] = {}
    meta = base_meta
    stage = "解析"
    try:
        from jixiao.ingest import parse_file

        prof = _profile(profile)
        plan = parse_file(p, profile=prof)
        report = None
        if review:
            stage = "审核"
            from jixiao.review import review_plan

            report = review_plan(plan, prof)
        stage = "整理数据"
        from jixiao.batch.flatten import plan_rows

        tables = plan_rows(plan, report, prof, doc_hash=actual, path=shown)
    except JixiaoError as exc:
        failure = (Status.ERROR, str(exc), type(exc).__name__, None)
    except UnicodeError as exc:
        failure = (Status.ERROR, f"文件编码错误: {exc}", type(exc).__name__, None)
    except OSError as exc:
        failure = (Status.ERROR, f"无法读取文件: {exc.strerror or exc}", type(exc).__name__, None)
    except Exception as exc:  # a bug or an unforeseen input: recorded, the batch goes on
        failure = (Status.CRASH, f"{stage}时出现异常 {type(exc).__name__}: {str(exc)[:300]}",
                   type(exc).__name__, _short_trace(exc))
    else:
        meta = {
            **base_meta,
            "year": plan.year,
            "department": plan.department,
            "unit": plan.unit,
            "n_projects": len(tables["projects"]),
            "n_indicators": len(tables["indicators"]),
            "n_findings": len(tables["findings"]),
            "n_leftovers": len(tables["leftovers"]),
            "grade": report.plan_grade.grade.value if report is not None else None,
        }
    if recheck:
        try:
            from jixiao.batch.rechecks import recheck_rows
            from jixiao.batch.schema import RECHECK_TABLE

            forced = _profile(recheck_profile) if recheck_profile else None
            tables[RECHECK_TABLE] = recheck_rows(
                p, reading=forced or _profile(None), forced=forced, doc_hash=actual, shown=shown
            )
        except Exception as exc:  # a bug in the recheck: the document's crash
            crash = f"复核自评表时出现异常 {type(exc).__name__}: {str(exc)[:300]}"
            if failure is None:
                failure = (Status.CRASH, crash, type(exc).__name__, _short_trace(exc))
            elif failure[0] != Status.CRASH:  # keep the parser's reason beside it
                failure = (Status.CRASH, f"{failure[1]}; {crash}", type(exc).__name__,
                           _short_trace(exc))
    try:
        payload = encode_tables(tables) if tables else "{}"
    except Exception as exc:
        return finish(
            Status.CRASH, base_meta,
            error=f"整理数据时出现异常 {type(exc).__name__}: {str(exc)[:300]}",
            kind=type(exc).__name__, trace=_short_trace(exc),
        )
    counts = {name: len(rows) for name, rows in tables.items()}
    if failure is not None:
        status, error, kind, trace = failure
        return finish(status, meta, payload, error=error, kind=kind, trace=trace, counts=counts)
    return finish(Status.OK, meta, payload, counts=counts)


@lru_cache(maxsize=1)
def _version() -> str:
    from jixiao import __version__

    return __version__
