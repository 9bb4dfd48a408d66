"""Summary across many rechecked forms (复核汇总): ranked by net score inflation.

:func:`summary_rows` gives one row per form — file, project, profile used, published and
recomputed totals, net inflation (Σ published − recomputed), the number of discrepancies
and how many of each reason, what was unfilled or missing — ranked by net inflation (most
inflated first), then by the number of discrepancies. :func:`write_summary_csv` writes them as
CSV (UTF-8 with BOM so that Excel opens it); :func:`recheck_summary_rows` is the same rows as
plain ``str``/``int`` dictionaries for ``jixiao batch``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from jixiao.domain.money import round_to
from jixiao.recheck.engine import REASONS, FormRecheck

__all__ = [
    "SUMMARY_COLUMNS",
    "format_points",
    "rank",
    "recheck_summary_rows",
    "summary_csv",
    "summary_rows",
    "write_summary_csv",
]

#: Column → Chinese heading (CSV header keeps the snake_case key for machines, the table
#: shows the heading).
SUMMARY_COLUMNS: dict[str, str] = {
    "rank": "排名",
    "file": "文件",
    "form": "表序号",
    "project": "项目名称",
    "profile": "复核规则",
    "status": "状态",
    "published_total": "表中总分",
    "recomputed_total": "复算总分",
    "inflation": "净虚增分",
    "discrepancies": "差异数",
    **{f"n_{code}": code for code in REASONS},
    "unfilled": "未填项",
    "missing": "缺失部分",
}

_STATUS_TEXT = {
    "ok": "一致",
    "discrepancies": "有差异",
    "unfilled": "未填完",
    "incomplete": "表格不完整",
}


def format_points(d: Decimal | None) -> str:
    """A score as the summary writes it: two places at most (half up), no trailing zeros."""
    if d is None:
        return ""
    q = round_to(d, 2, ROUND_HALF_UP)
    text = f"{q:f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("-0", "") else text


def rank(results: Iterable[FormRecheck]) -> list[FormRecheck]:
    """Forms ranked by net inflation (highest first), then by number of discrepancies."""
    return sorted(
        results,
        key=lambda r: (-r.inflation, -len(r.discrepancies), r.form.file or "", r.form.number),
    )


def summary_rows(results: Iterable[FormRecheck]) -> list[dict[str, Any]]:
    """One dictionary per form, ranked (values keep their types: Decimal, int, str)."""
    out: list[dict[str, Any]] = []
    for n, r in enumerate(rank(results), start=1):
        counts = r.reason_counts
        row: dict[str, Any] = {
            "rank": n,
            "file": r.form.file or "",
            "form": r.form.number,
            "project": r.form.project or "",
            "profile": r.profile_name,
            "status": r.status,
            "published_total": r.published_total,
            "recomputed_total": r.recomputed_total,
            "inflation": r.inflation,
            "discrepancies": len(r.discrepancies),
        }
        for code in REASONS:
            row[f"n_{code}"] = counts.get(code, 0)
        row["unfilled"] = len(r.unfilled)
        row["missing"] = "; ".join(r.form.missing)
        out.append(row)
    return out


def recheck_summary_rows(results: Iterable[FormRecheck]) -> list[dict[str, str | int]]:
    """The ranked summary as plain values (numbers as exact decimal text) for ``jixiao batch``."""
    plain: list[dict[str, str | int]] = []
    for row in summary_rows(results):
        plain.append(
            {
                k: (
                    v
                    if isinstance(v, int)
                    else format_points(v)
                    if isinstance(v, Decimal) or v is None
                    else str(v)
                )
                for k, v in row.items()
            }
        )
    return plain


def summary_csv(results: Iterable[FormRecheck]) -> str:
    """The ranked summary as CSV text (header: the column keys)."""
    rows = recheck_summary_rows(results)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(SUMMARY_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue()


def write_summary_csv(results: Sequence[FormRecheck], path: str | Path) -> None:
    """Write :func:`summary_csv` to ``path`` (UTF-8 with BOM, for Excel)."""
    Path(path).write_text(summary_csv(results), encoding="utf-8-sig")


def status_text(status: str) -> str:
    """The Chinese name of a form status."""
    return _STATUS_TEXT.get(status, status)
