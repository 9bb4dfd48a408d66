"""The batch ledger (处理台账): one file per completed document, keyed by content hash.

``OUTDIR/ledger/ab/abcd….json`` holds what became of the document whose SHA-256 starts with
``abcd…``: line 1 is its ``documents`` row (status, counts, run, time, worker), line 2 its
rows for the other tables. A failed document is written as ``….failed.json`` instead, so
that a later run can skip it, or retry it with ``--retry-errors``, without opening it.

Each file is written to a temporary name and renamed into place (``os.replace``), right after
its document finishes: an interrupted batch loses at most the documents in flight, and a
rerun skips every document already in the ledger. A file that cannot be read back (a crash
of the machine while writing) is removed when found, so that its document is done again.

``OUTDIR/batch.json`` records the rule profile of the batch and whether it rechecks
self-evaluation forms (``--recheck``, with its forced profile if any): one output folder holds
the results of one set of settings, and a run with other settings is refused rather than
mixed in (a folder made without ``--recheck`` has no recheck rows for its documents; resuming
it with ``--recheck`` would give a ranking of part of the collection).
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jixiao.batch.worker import DocumentResult, Status
from jixiao.domain.errors import JixiaoError

__all__ = ["BatchError", "Ledger", "LedgerEntry", "new_run_id", "write_atomic"]

SETTINGS_FORMAT = "jixiao.batch"
SETTINGS_VERSION = 1
_OK_SUFFIX = ".json"
_FAILED_SUFFIX = ".failed.json"


class BatchError(JixiaoError):
    """A batch that cannot start (wrong output folder, mixed profiles …)."""


def new_run_id() -> str:
    """``20240501T083000Z-3fa9c1``: when the run started (UTC) and a random tail."""
    now = datetime.now(UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write a file under a temporary name, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    mode = "wb" if isinstance(data, bytes) else "w"
    try:
        if isinstance(data, bytes):
            with open(tmp, mode) as f:
                f.write(data)
        else:
            with open(tmp, mode, encoding="utf-8", newline="\n") as f:
                f.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One ledger file: the document's hash, whether it failed, and where the file is."""

    doc_hash: str
    failed: bool
    file: Path


class Ledger:
    """The ledger of an output folder (see module doc)."""

    def __init__(self, out_dir: str | Path):
        self.out_dir = Path(out_dir)
        self.root = self.out_dir / "ledger"

    # --- the batch's settings ---------------------------------------------------------

    def open(
        self, profile: str, *, recheck: bool = False, recheck_profile: str | None = None
    ) -> None:
        """Create the folder or check that it belongs to a batch with the same settings."""
        if self.out_dir.exists() and not self.out_dir.is_dir():
            raise BatchError(f"输出路径 {self.out_dir} 已存在且不是目录")
        settings = self.out_dir / "batch.json"
        if settings.is_file():
            try:
                data = json.loads(settings.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise BatchError(f"无法读取 {settings}: {exc}") from exc
            if not isinstance(data, dict) or data.get("format") != SETTINGS_FORMAT:
                raise BatchError(f"{settings} 不是 jixiao 批处理的设置文件")
            old = data.get("profile")
            if old != profile:
                raise BatchError(
                    f"输出目录 {self.out_dir} 中的结果是按规则配置 {old} 生成的, 不能与规则配置 "
                    f"{profile} 的结果混在一起: 请换一个输出目录, 或加 --fresh 清空后重新处理"
                )
            self._check_recheck(data, recheck, recheck_profile)
            return
        ours = (self.root, self.out_dir / "runs", self.out_dir / "dataset.json")
        if (
            self.out_dir.is_dir()
            and any(self.out_dir.iterdir())
            and not any(p.exists() for p in ours)
        ):
            raise BatchError(
                f"输出目录 {self.out_dir} 不是空目录, 也不是 jixiao 批处理的输出目录: "
                "请指定一个新目录"
            )
        self.out_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(
            settings,
            json.dumps(
                {
                    "format": SETTINGS_FORMAT,
                    "version": SETTINGS_VERSION,
                    "profile": profile,
                    "recheck": recheck,
                    "recheck_profile": recheck_profile if recheck else None,
                    "created": datetime.now(UTC).isoformat(timespec="seconds"),
                },
                ensure_ascii=False,
                indent=2,
            ),
        )

    def _check_recheck(
        self, data: dict[str, Any], recheck: bool, recheck_profile: str | None
    ) -> None:
        """Refuse a run whose ``--recheck`` setting differs from the folder's."""
        was = data.get("recheck") is True  # folders from before --recheck: without it
        old_profile = data.get("recheck_profile") if was else None
        new_profile = recheck_profile if recheck else None
        if was == recheck and old_profile == new_profile:
            return
        where = f"输出目录 {self.out_dir} 中的结果"
        fix = "请换一个输出目录, 或加 --fresh 清空后全部重新处理"
        if not was:
            raise BatchError(
                f"{where}是不带 --recheck 生成的, 已完成的文档没有自评表复核结果, 不能在此目录中"
                f"加上复核 (排名会缺少这些文档): {fix}"
            )
        if not recheck:
            raise BatchError(
                f"{where}是带 --recheck (复核自评表) 生成的: 请同样加 --recheck"
                + (f" --recheck-profile {old_profile}" if old_profile else "")
                + f" 继续处理; 如不再需要复核, {fix}"
            )
        auto = "按模板自动识别"
        raise BatchError(
            f"{where}的自评表复核规则是 {old_profile or auto}, 不能与复核规则 "
            f"{new_profile or auto} 的结果混在一起: {fix}"
        )

    def _settings(self) -> dict[str, Any]:
        try:
            data = json.loads((self.out_dir / "batch.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def profile(self) -> str | None:
        """The profile recorded for this folder, if any."""
        value = self._settings().get("profile")
        return value if isinstance(value, str) else None

    def recheck(self) -> tuple[bool, str | None]:
        """Whether this folder's batch rechecks self-evaluation forms, and its forced profile."""
        data = self._settings()
        if data.get("recheck") is not True:
            return False, None
        value = data.get("recheck_profile")
        return True, value if isinstance(value, str) else None

    # --- entries --------------------------------------------------------------------------

    def _file(self, doc_hash: str, failed: bool) -> Path:
        return self.root / doc_hash[:2] / (doc_hash + (_FAILED_SUFFIX if failed else _OK_SUFFIX))

    def scan(self) -> dict[str, LedgerEntry]:
        """Every entry by hash, from the file names alone (nothing is opened)."""
        out: dict[str, LedgerEntry] = {}
        if not self.root.is_dir():
            return out
        for sub in sorted(os.scandir(self.root), key=lambda e: e.name):
            if not sub.is_dir() or sub.name.startswith("."):
                continue
            for e in os.scandir(sub.path):
                name = e.name
                if name.startswith("."):
                    continue
                if name.endswith(_FAILED_SUFFIX):
                    h, failed = name[: -len(_FAILED_SUFFIX)], True
                elif name.endswith(_OK_SUFFIX):
                    h, failed = name[: -len(_OK_SUFFIX)], False
                else:
                    continue
                # a success written after an earlier failure wins
                if h in out and not out[h].failed:
                    continue
                out[h] = LedgerEntry(h, failed, Path(e.path))
        return out

    def write(self, result: DocumentResult, run_id: str) -> Path:
        """Record a finished document (atomically); returns the ledger file."""
        if not result.doc_hash:
            raise ValueError("a document without a content hash cannot enter the ledger")
        failed = result.status != Status.OK
        meta = {
            **result.meta,
            "run_id": run_id,
            "processed_at": result.finished_at,
            "elapsed_ms": round(result.elapsed_ms, 3),
            "worker": result.worker,
        }
        if result.traceback:
            meta["traceback"] = result.traceback
        path = self._file(result.doc_hash, failed)
        line1 = json.dumps(meta, ensure_ascii=False, separators=(",", ":"))
        # a failed document may still have rows (its recheck rows when the parser failed)
        write_atomic(path, line1 + "\n" + (result.payload or "{}") + "\n")
        if not failed:
            self._file(result.doc_hash, True).unlink(missing_ok=True)
        return path

    @staticmethod
    def read_meta(file: Path) -> dict[str, Any]:
        """Line 1 of a ledger file: the document's row. ``ValueError`` if damaged."""
        with open(file, encoding="utf-8") as f:
            first = f.readline()
        if not first.endswith("\n"):
            raise ValueError(f"ledger file {file} is truncated")
        data = json.loads(first)
        if not isinstance(data, dict) or "doc_hash" not in data:
            raise ValueError(f"ledger file {file} has no document row")
        return data

    @staticmethod
    def read(file: Path) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
        """Both lines of a ledger file. ``ValueError`` if damaged."""
        with open(file, encoding="utf-8") as f:
            first = f.readline()
            second = f.readline()
        if not first.endswith("\n") or not second.endswith("\n"):
            raise ValueError(f"ledger file {file} is truncated")
        meta = json.loads(first)
        tables = json.loads(second)
        if not isinstance(meta, dict) or not isinstance(tables, dict):
            raise ValueError(f"ledger file {file} is damaged")
        return meta, tables

    def remove(self, entry: LedgerEntry) -> None:
        entry.file.unlink(missing_ok=True)

    def entries_in_order(self) -> tuple[list[tuple[dict[str, Any], LedgerEntry]], int]:
        """Every readable entry with its row, ordered by path then hash; damaged ones removed.

        Returns the entries and how many damaged files were removed.
        """
        items: list[tuple[dict[str, Any], LedgerEntry]] = []
        damaged = 0
        for entry in self.scan().values():
            try:
                meta = self.read_meta(entry.file)
            except (OSError, ValueError):
                self.remove(entry)
                damaged += 1
                continue
            items.append((meta, entry))
        items.sort(key=lambda it: (str(it[0].get("path") or ""), it[1].doc_hash))
        return items, damaged

    def iter_failed(self) -> Iterator[dict[str, Any]]:
        """The rows of the failed documents."""
        for entry in self.scan().values():
            if entry.failed:
                try:
                    yield self.read_meta(entry.file)
                except (OSError, ValueError):
                    continue

    def clear(self) -> None:
        """Forget every processed document (``--fresh``): the ledger, the dataset and the
        settings; the reports of earlier runs (``runs/``) are kept."""
        import shutil

        from jixiao.batch.schema import ALL_TABLES

        if self.root.is_dir():
            shutil.rmtree(self.root)
        for name in ALL_TABLES:
            (self.out_dir / f"{name}.parquet").unlink(missing_ok=True)
            (self.out_dir / "csv" / f"{name}.csv").unlink(missing_ok=True)
        for name in ("batch.json", "dataset.json", "last-run.txt", "library.json.gz",
                     "recheck_summary.csv"):
            (self.out_dir / name).unlink(missing_ok=True)
