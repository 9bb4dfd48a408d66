"""The open dataset of a batch (开放数据集): Parquet and CSV tables built from the ledger.

:func:`write_dataset` reads every ledger file in a stable order (by path, then content hash)
and writes the five tables of :mod:`jixiao.batch.schema` (six when the batch rechecks
self-evaluation forms: ``recheck``) as ``OUTDIR/TABLE.parquet`` and
``OUTDIR/csv/TABLE.csv`` (UTF-8 with a byte-order mark, so that Excel and WPS show the
Chinese text), plus ``OUTDIR/dataset.json`` with the row counts. The ledger is read in
chunks and the tables are written row group by row group, so memory stays flat however large
the collection. Each file is written under a temporary name and renamed into place.

Exact numbers stay exact: Parquet ``decimal128(38, 10)`` columns and plain decimal text in
CSV. A value that does not fit (more than 10 decimal places or 28 integer digits) is left
empty in that column and counted in ``dataset.json``; its text is always in ``target_raw``.

:func:`read_table` / :func:`load_dataset` read the tables back (Parquet, or CSV as text).
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.batch.ledger import Ledger, write_atomic
from jixiao.batch.schema import (
    ALL_TABLES,
    DECIMAL_PRECISION,
    DECIMAL_SCALE,
    OPTIONAL_TABLES,
    TABLES,
    Column,
    table_names,
)

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "DATASET_FORMAT",
    "DatasetInfo",
    "load_dataset",
    "read_csv_rows",
    "read_table",
    "table_rows",
    "write_dataset",
]

DATASET_FORMAT = "jixiao.dataset"
DATASET_VERSION = 1
_MAX_INT_DIGITS = DECIMAL_PRECISION - DECIMAL_SCALE


@dataclass(slots=True)
class DatasetInfo:
    """What was written: rows per table, documents by status, values left out, files."""

    rows: dict[str, int] = field(default_factory=dict)
    status: dict[str, int] = field(default_factory=dict)
    out_of_range: int = 0
    damaged_removed: int = 0
    files: list[Path] = field(default_factory=list)


def _arrow_type(col: Column) -> pa.DataType:
    import pyarrow as pa

    return {
        "str": pa.string(),
        "int": pa.int64(),
        "bool": pa.bool_(),
        "float": pa.float64(),
        "decimal": pa.decimal128(DECIMAL_PRECISION, DECIMAL_SCALE),
        "date": pa.date32(),
    }[col.type]


def arrow_schema(table: str) -> pa.Schema:
    """The Parquet schema of a table."""
    import pyarrow as pa

    return pa.schema([pa.field(c.name, _arrow_type(c)) for c in ALL_TABLES[table]])


class _Converter:
    def __init__(self) -> None:
        self.out_of_range = 0

    def decimal(self, v: Any) -> Decimal | None:
        if v is None or v == "":
            return None
        try:
            d = v if isinstance(v, Decimal) else Decimal(str(v))
        except InvalidOperation:
            self.out_of_range += 1
            return None
        if not d.is_finite():
            self.out_of_range += 1
            return None
        exp = d.as_tuple().exponent
        if (isinstance(exp, int) and exp < -DECIMAL_SCALE) or d.adjusted() >= _MAX_INT_DIGITS:
            self.out_of_range += 1
            return None
        return d

    def column(self, col: Column, values: list[Any]) -> list[Any]:
        t = col.type
        if t == "decimal":
            return [self.decimal(v) for v in values]
        if t == "date":
            return [
                None if v in (None, "") else (v if isinstance(v, date) else date.fromisoformat(v))
                for v in values
            ]
        if t == "int":
            return [None if v in (None, "") else int(v) for v in values]
        if t == "float":
            return [None if v in (None, "") else float(v) for v in values]
        if t == "bool":
            return [None if v is None else bool(v) for v in values]
        return [None if v is None else str(v) for v in values]


def _csv_cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:.3f}"
    if isinstance(v, Decimal):
        return f"{v:f}"
    return str(v)


class _TableWriter:
    """Writes one table as Parquet and CSV, chunk by chunk, under temporary names."""

    def __init__(self, out_dir: Path, name: str, conv: _Converter):
        import pyarrow.parquet as pq

        self.name = name
        self.cols = ALL_TABLES[name]
        self.conv = conv
        self.schema = arrow_schema(name)
        self.parquet = out_dir / f"{name}.parquet"
        self.csv = out_dir / "csv" / f"{name}.csv"
        self.csv.parent.mkdir(parents=True, exist_ok=True)
        tag = f".{os.getpid()}.tmp"
        self._pq_tmp = self.parquet.with_name(f".{self.parquet.name}{tag}")
        self._csv_tmp = self.csv.with_name(f".{self.csv.name}{tag}")
        self._pq = pq.ParquetWriter(self._pq_tmp, self.schema, compression="zstd")
        self._csv_file = open(  # noqa: SIM115 - closed in commit()/abort()
            self._csv_tmp, "w", encoding="utf-8-sig", newline=""
        )
        self._csv = csv.writer(self._csv_file)
        self._csv.writerow([c.name for c in self.cols])
        self.rows = 0

    def write(self, rows: Sequence[Mapping[str, Any]]) -> None:
        import pyarrow as pa

        if not rows:
            return
        arrays = []
        for col, field_ in zip(self.cols, self.schema, strict=True):
            values = self.conv.column(col, [r.get(col.name) for r in rows])
            arrays.append(pa.array(values, type=field_.type))
        self._pq.write_table(pa.Table.from_arrays(arrays, schema=self.schema))
        names = [c.name for c in self.cols]
        self._csv.writerows([_csv_cell(r.get(n)) for n in names] for r in rows)
        self.rows += len(rows)

    def commit(self) -> list[Path]:
        self._pq.close()
        self._csv_file.close()
        os.replace(self._pq_tmp, self.parquet)
        os.replace(self._csv_tmp, self.csv)
        return [self.parquet, self.csv]

    def abort(self) -> None:
        try:
            self._pq.close()
        finally:
            self._csv_file.close()
            self._pq_tmp.unlink(missing_ok=True)
            self._csv_tmp.unlink(missing_ok=True)


def write_dataset(out_dir: str | Path, *, chunk_documents: int = 500) -> DatasetInfo:
    """Build the dataset of ``out_dir`` from its ledger (see module doc)."""
    root = Path(out_dir)
    ledger = Ledger(root)
    entries, damaged = ledger.entries_in_order()
    recheck, recheck_profile = ledger.recheck()
    names = table_names(recheck=recheck)
    conv = _Converter()
    info = DatasetInfo(damaged_removed=damaged)
    writers = {name: _TableWriter(root, name, conv) for name in names}
    try:
        buffers: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
        pending = 0
        for meta, entry in entries:
            try:
                meta, tables = ledger.read(entry.file)
            except (OSError, ValueError):
                ledger.remove(entry)
                info.damaged_removed += 1
                continue
            buffers["documents"].append(meta)
            status = str(meta.get("status") or "")
            info.status[status] = info.status.get(status, 0) + 1
            for name, rows in tables.items():
                if name in buffers and name != "documents":
                    buffers[name].extend(rows)
            pending += 1
            if pending >= chunk_documents:
                for name, w in writers.items():
                    w.write(buffers[name])
                    buffers[name] = []
                pending = 0
        for name, w in writers.items():
            w.write(buffers[name])
        for w in writers.values():
            info.files.extend(w.commit())
    except BaseException:
        for w in writers.values():
            w.abort()
        raise
    info.rows = {name: w.rows for name, w in writers.items()}
    info.out_of_range = conv.out_of_range
    summary = {
        "format": DATASET_FORMAT,
        "version": DATASET_VERSION,
        "written": datetime.now(UTC).isoformat(timespec="seconds"),
        "profile": ledger.profile(),
        "recheck": recheck,
        "recheck_profile": recheck_profile,
        "rows": info.rows,
        "documents_by_status": info.status,
        "values_out_of_range": info.out_of_range,
        "tables": {
            name: {"parquet": f"{name}.parquet", "csv": f"csv/{name}.csv",
                   "columns": [{"name": c.name, "type": c.type, "doc": c.doc} for c in cols]}
            for name, cols in ALL_TABLES.items()
            if name in names
        },
    }
    write_atomic(root / "dataset.json", json.dumps(summary, ensure_ascii=False, indent=2))
    info.files.append(root / "dataset.json")
    return info


# --------------------------------------------------------------------------------------------
# Reading back
# --------------------------------------------------------------------------------------------


def read_table(out_dir: str | Path, name: str, columns: Iterable[str] | None = None) -> pa.Table:
    """One table from its Parquet file (all columns, or those named)."""
    import pyarrow.parquet as pq

    if name not in ALL_TABLES:
        raise ValueError(f"未知的数据表 {name!r}: 可选 {', '.join(ALL_TABLES)}")
    path = Path(out_dir) / f"{name}.parquet"
    if not path.is_file():
        from jixiao.domain.errors import InputError

        if name in OPTIONAL_TABLES:
            raise InputError(
                f"找不到数据表 {path}: 只有加 --recheck 的批处理才生成 {name} 表"
            )
        raise InputError(f"找不到数据表 {path}: 这不是批处理的输出目录, 或批处理尚未完成")
    return pq.read_table(path, columns=list(columns) if columns is not None else None)


def table_rows(out_dir: str | Path, name: str,
               columns: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The rows of a table as dicts (Decimals, dates and None as in Python)."""
    rows: list[dict[str, Any]] = read_table(out_dir, name, columns).to_pylist()
    return rows


def load_dataset(out_dir: str | Path) -> dict[str, pa.Table]:
    """Every table of a dataset, by name (``recheck`` only when the batch wrote it)."""
    root = Path(out_dir)
    names = [*TABLES, *(n for n in OPTIONAL_TABLES if (root / f"{n}.parquet").is_file())]
    return {name: read_table(out_dir, name) for name in names}


def read_csv_rows(out_dir: str | Path, name: str) -> list[dict[str, str]]:
    """The rows of a table's CSV file, as text."""
    path = Path(out_dir) / "csv" / f"{name}.csv"
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))
