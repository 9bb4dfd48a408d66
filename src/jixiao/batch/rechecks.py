"""Re-check of published self-evaluation forms in a batch (批量复核已公开的绩效自评表).

With ``jixiao batch --recheck`` every document is also read as published 项目支出绩效自评表
(:func:`jixiao.recheck.read_forms`) and each form is rechecked (:func:`jixiao.recheck.recheck_form`,
the template detected per form unless a profile is forced) — the same as
:func:`jixiao.recheck.recheck_file`, with the rule profiles loaded once per worker process.
:func:`recheck_rows` gives one row of the ``recheck`` table per form (the columns of
``jixiao recheck --summary-csv`` without ``rank``, plus provenance and place). A document that
is not a self-evaluation form (a target table, a file the form reader cannot read) gives no
rows: that is not an error of the document.

After the run, :func:`write_recheck_summary` ranks every form of the dataset — net inflation
(净虚增分) descending, then number of discrepancies descending, then path and form number —
and writes ``OUTDIR/recheck_summary.csv`` with the columns and number format of
``jixiao recheck --summary-csv`` (``rank`` 1..N; ``file`` is the document's path as given to
the batch, so that forms of different folders can be told apart).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.batch.flatten import Row, place
from jixiao.batch.schema import DECIMAL_SCALE, RECHECK_TABLE
from jixiao.domain.errors import JixiaoError
from jixiao.domain.money import quantize_exact
from jixiao.domain.profile import RuleProfile

if TYPE_CHECKING:
    from jixiao.recheck.engine import FormRecheck
    from jixiao.recheck.form import PublishedForm

__all__ = [
    "SUMMARY_FILE",
    "form_row",
    "is_self_evaluation",
    "rank_rows",
    "ranked_summary",
    "recheck_rows",
    "summary_rows",
    "write_recheck_summary",
]

#: The ranked summary of a batch with ``--recheck`` (in the output folder).
SUMMARY_FILE = "recheck_summary.csv"

_SCALE = Decimal(1).scaleb(-DECIMAL_SCALE)


def is_self_evaluation(form: PublishedForm) -> bool:
    """Whether a form read by the recheck reader is a self-evaluation form (自评表)."""
    return form.is_self_evaluation


def _exact(value: Any) -> Any:
    """Decimals as they are; one with more places than the dataset keeps (a quotient such as
    25/27 inside a recomputed score) rounded half up to :data:`DECIMAL_SCALE` places."""
    if isinstance(value, Decimal) and value.is_finite():
        exp = value.as_tuple().exponent
        if isinstance(exp, int) and exp < -DECIMAL_SCALE:
            return quantize_exact(value, _SCALE, ROUND_HALF_UP)
    return value


def form_row(result: FormRecheck, *, doc_hash: str, path: str) -> Row:
    """The ``recheck`` row of one rechecked form."""
    from jixiao.recheck.summary import summary_rows as recheck_summary

    summary = recheck_summary([result])[0]
    row: Row = {"doc_hash": doc_hash, "path": path}
    for key, value in summary.items():
        if key != "rank":
            row[key] = _exact(value)
    row.update(place(result.form.where))
    return row


def recheck_rows(
    path: str | Path,
    *,
    reading: RuleProfile,
    forced: RuleProfile | None,
    doc_hash: str,
    shown: str,
) -> list[Row]:
    """One ``recheck`` row per self-evaluation form in the file (none for other documents).

    ``reading`` is the profile whose vocabulary reads the forms (``forced``, else the default
    profile, as :func:`jixiao.recheck.recheck_file` does); ``forced`` rechecks every form
    under that profile, ``None`` detects each form's template. A file the form reader cannot
    read (:class:`~jixiao.domain.errors.InputError`, a bad encoding) gives no rows; any other
    exception is a bug and propagates.
    """
    from jixiao.recheck.engine import recheck_form
    from jixiao.recheck.reader import read_forms

    try:
        forms = read_forms(path, reading)
    except (JixiaoError, UnicodeError, OSError):
        return []
    return [
        form_row(recheck_form(f, forced), doc_hash=doc_hash, path=shown)
        for f in forms
        if is_self_evaluation(f)
    ]


def _key(row: Mapping[str, Any]) -> tuple[Decimal, int, str, int]:
    inflation = row.get("inflation")
    return (
        -(inflation if isinstance(inflation, Decimal) else Decimal(str(inflation or 0))),
        -int(row.get("discrepancies") or 0),
        str(row.get("path") or ""),
        int(row.get("form") or 0),
    )


def rank_rows(rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Rows ranked by net inflation (highest first), then by number of discrepancies (most
    first), then by path and form number."""
    return sorted(rows, key=_key)


def summary_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, str | int]]:
    """The ranked summary (columns of :data:`jixiao.recheck.summary.SUMMARY_COLUMNS`, values
    as ``jixiao recheck --summary-csv`` writes them; ``file`` is the document's path)."""
    from jixiao.recheck.summary import SUMMARY_COLUMNS, format_points

    out: list[dict[str, str | int]] = []
    for n, row in enumerate(rank_rows(rows), start=1):
        plain: dict[str, str | int] = {}
        for key in SUMMARY_COLUMNS:
            value = n if key == "rank" else row.get("path") if key == "file" else row.get(key)
            if isinstance(value, int):
                plain[key] = value
            elif isinstance(value, Decimal) or value is None:
                plain[key] = format_points(value)
            else:
                plain[key] = str(value)
        out.append(plain)
    return out


def ranked_summary(out_dir: str | Path) -> list[dict[str, str | int]] | None:
    """The ranked summary of a dataset's ``recheck`` table (``None`` when it has none)."""
    from jixiao.batch.dataset import table_rows

    if not (Path(out_dir) / f"{RECHECK_TABLE}.parquet").is_file():
        return None
    return summary_rows(table_rows(out_dir, RECHECK_TABLE))


def summary_csv(rows: Iterable[Mapping[str, str | int]]) -> str:
    """Summary rows as CSV text (header: the column keys), as ``jixiao recheck`` writes it."""
    from jixiao.recheck.summary import SUMMARY_COLUMNS

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(SUMMARY_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_recheck_summary(out_dir: str | Path) -> list[dict[str, str | int]]:
    """Rank every form of the dataset and write ``OUTDIR/recheck_summary.csv`` (UTF-8 with
    BOM, for Excel/WPS); returns the ranked rows."""
    from jixiao.batch.ledger import write_atomic

    rows = ranked_summary(out_dir) or []
    write_atomic(Path(out_dir) / SUMMARY_FILE, summary_csv(rows).encode("utf-8-sig"))
    return rows
