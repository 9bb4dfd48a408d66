"""Re-check results as data (JSON-ready dicts), as Chinese console text, and as HTML."""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from jixiao.domain.jsonio import source_to_dict
from jixiao.domain.money import round_to
from jixiao.evaluate.scoring import RULE_SHORT
from jixiao.recheck.engine import REASONS, Discrepancy, FormRecheck, RowCheck
from jixiao.recheck.summary import SUMMARY_COLUMNS, recheck_summary_rows, status_text

FORMAT_VERSION = 1

_ROW_STATUS = {
    "ok": "一致",
    "discrepancy": "差异",
    "unfilled": "未填",
    "unchecked": "无法复核",
    "not-scored": "不计分",
    "cut-off": "截断",
}


def _n(d: Decimal | None) -> str:
    if d is None:
        return "—"
    q = round_to(d, 2, ROUND_HALF_UP)
    text = f"{q:f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


def _signed(d: Decimal | None) -> str:
    if d is None:
        return ""
    text = _n(d)
    return text if text.startswith("-") or text == "0" else "+" + text


def _q(d: Decimal | None) -> Decimal | None:
    return None if d is None else round_to(d, 4, ROUND_HALF_UP)


def _discrepancy_dict(d: Discrepancy) -> dict[str, Any]:
    return {
        "reason": d.reason,
        "reason_text": d.reason_text,
        "message": d.message,
        "row": d.row,
        "published": d.published,
        "recomputed": _q(d.recomputed),
        "difference": _q(d.difference),
        "source": source_to_dict(d.where) if d.where else None,
    }


def _row_dict(c: RowCheck) -> dict[str, Any]:
    r = c.row
    return {
        "index": r.index,
        "level1": r.level1,
        "level2": r.level2,
        "level3": r.level3,
        "target": r.target,
        "approved_target": c.approved_target,
        "actual": r.actual,
        "weight": c.weight,
        "published_score": c.published,
        "recomputed_score": _q(c.recomputed),
        "difference": _q(c.difference),
        "rule": c.rule,
        "rule_text": c.rule_text,
        "status": c.status,
        "reasons": c.reasons,
        "note": c.note,
        "explanation": r.explanation,
        "source": source_to_dict(r.where) if r.where else None,
    }


def result_to_dict(r: FormRecheck) -> dict[str, Any]:
    """One rechecked form as JSON-ready data (Decimals exact; see ``docs/recheck.md``)."""
    f = r.form
    e = r.execution
    return {
        "file": f.file,
        "form": f.number,
        "title": f.title,
        "project": f.project,
        "department": f.department,
        "unit": f.unit_name,
        "year": f.year,
        "profile": r.profile_name,
        "profile_title": r.template.profile.title,
        "template": {
            "forced": r.template.forced,
            "reasons": list(r.template.reasons),
            "ranking": [{"profile": n, "score": s} for n, s in r.template.ranking],
        },
        "status": r.status,
        "money": [
            {
                "label": m.label,
                "source": m.source,
                "is_total": m.is_total,
                "initial": m.initial,
                "adjusted": m.adjusted,
                "spent": m.spent,
                "points": m.points,
                "rate": m.rate,
                "score": m.score,
            }
            for m in f.money
        ],
        "execution": {
            "money_from": e.money_from,
            "initial": e.initial,
            "adjusted": e.adjusted,
            "spent": e.spent,
            "rate_percent": _q(e.rate_percent),
            "published_rate_percent": e.published_rate_percent,
            "points": e.points,
            "published_score": e.published,
            "recomputed_score": _q(e.recomputed),
            "difference": _q(e.difference),
            "rule": e.rule,
            "status": e.status,
        },
        "rows": [_row_dict(c) for c in r.rows],
        "published_total": r.published_total,
        "published_sum": r.published_sum,
        "recomputed_total": r.recomputed_total,
        "recomputed_grade": r.recomputed_grade,
        "published_grade": f.grade,
        "inflation": _q(r.inflation),
        "discrepancies": [_discrepancy_dict(d) for d in r.discrepancies],
        "unfilled": r.unfilled,
        "missing": f.missing,
        "notes": r.notes,
    }


def results_to_dict(
    results: Sequence[FormRecheck], failures: Sequence[tuple[str, str]] = ()
) -> dict[str, Any]:
    """Every rechecked form plus the ranked summary and the files that could not be read."""
    return {
        "format_version": FORMAT_VERSION,
        "reasons": REASONS,
        "forms": [result_to_dict(r) for r in results],
        "summary": recheck_summary_rows(results),
        "failures": [{"file": f, "error": e} for f, e in failures],
    }


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------


def render_text(
    results: Sequence[FormRecheck], console: Console, failures: Sequence[tuple[str, str]] = ()
) -> None:
    """Each form (template, execution, rows, discrepancies), then the ranked summary."""
    for r in results:
        f = r.form
        head = f"{f.file or ''} 第{f.number}张表  {f.project or '(未写项目名称)'}"
        if f.year:
            head += f"  {f.year}年度"
        console.print(Text(head, style="bold"))
        console.print(f"复核规则: {r.template.describe()}", highlight=False, markup=False)
        e = r.execution
        if e.status == "missing":
            console.print("预算执行率: 表中没有资金行", highlight=False)
        elif e.status == "unchecked":
            console.print("预算执行率: 资金行无法可靠读取, 未复核", highlight=False)
        else:
            console.print(
                f"预算执行率: {_n(e.spent)}/{_n(e.adjusted)} = {_n(e.rate_percent)}% "
                f"(表中 {_n(e.published_rate_percent)}%), 分值 {_n(e.points)}, "
                f"表中得分 {_n(e.published)}, 复算 {_n(e.recomputed)}  ({e.money_from})",
                highlight=False,
                markup=False,
            )
        table = Table(show_lines=False, pad_edge=False)
        for col in ("#", "三级指标", "年度指标值", "实际完成值", "分值", "表中得分", "复算得分",
                    "差", "规则", "状态"):  # fmt: skip
            table.add_column(col, overflow="fold")
        for c in r.rows:
            row = c.row
            status = _ROW_STATUS.get(c.status, c.status)
            if c.reasons:
                status += " " + ",".join(c.reasons)
            cells = [
                str(row.index),
                row.label,
                row.target or "",
                row.actual or "",
                _n(c.weight),
                _n(c.published),
                _n(c.recomputed),
                _signed(c.difference) if c.status == "discrepancy" else "",
                RULE_SHORT.get(c.rule, c.rule) if c.rule else "",
                status,
            ]
            table.add_row(*(Text(x) for x in cells))
        if r.rows:
            console.print(table)
        console.print(
            f"总分: 表中 {_n(r.published_total)} (各项之和 {_n(r.published_sum)}), "
            f"复算 {_n(r.recomputed_total)} ({r.recomputed_grade}); 净虚增 {_signed(r.inflation)}; "
            f"状态: {status_text(r.status)}",
            highlight=False,
        )
        for d in r.discrepancies:
            where = f" ({d.where.describe()})" if d.where else ""
            console.print(f"  [{d.reason}] {d.message}{where}", highlight=False, markup=False)
        if r.unfilled:
            console.print("  未填: " + "; ".join(r.unfilled), highlight=False, markup=False)
        for note in r.notes:
            console.print(f"  说明: {note}", highlight=False, markup=False)
        console.print()
    for file, error in failures:
        console.print(f"[bold red]无法读取[/] {file}: {error}", highlight=False)
    if len(results) > 1:
        render_summary(results, console)


def render_summary(results: Sequence[FormRecheck], console: Console) -> None:
    """The ranked summary as a table (most inflated first)."""
    table = Table(title="复核汇总 (按净虚增分排序)", pad_edge=False)
    for key in ("rank", "file", "form", "project", "profile", "published_total",
                "recomputed_total", "inflation", "discrepancies", "status"):  # fmt: skip
        table.add_column(SUMMARY_COLUMNS[key], overflow="fold")
    for row in recheck_summary_rows(results):
        values = [str(row[k]) for k in ("rank", "file", "form", "project", "profile",
                                         "published_total", "recomputed_total", "inflation",
                                         "discrepancies")]  # fmt: skip
        values.append(status_text(str(row["status"])))
        table.add_row(*(Text(x) for x in values))
    console.print(table)


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #bbb;padding:3px 6px}
th{background:#f0f0f0}.discrepancy{background:#fde8e8}.unfilled{background:#fff6d5}
.reason{font-family:monospace;color:#a00}.note{color:#555}
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def render_html(
    results: Sequence[FormRecheck], failures: Sequence[tuple[str, str]] = ()
) -> str:
    """A self-contained HTML page: the summary, then each form."""
    out = [
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">",
        "<title>绩效自评表复核</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>绩效自评表复核</h1>",
        "<h2>汇总 (按净虚增分排序)</h2><table><tr>",
    ]
    keys = ["rank", "file", "form", "project", "profile", "published_total",
            "recomputed_total", "inflation", "discrepancies", "status"]  # fmt: skip
    out.extend(f"<th>{_e(SUMMARY_COLUMNS[k])}</th>" for k in keys)
    out.append("</tr>")
    for summary in recheck_summary_rows(results):
        cells = [status_text(str(summary[k])) if k == "status" else summary[k] for k in keys]
        out.append("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in cells) + "</tr>")
    out.append("</table>")
    for file, error in failures:
        out.append(f"<p class=\"note\">无法读取 {_e(file)}: {_e(error)}</p>")
    for r in results:
        f = r.form
        out.append(f"<h2>{_e(f.file)} 第{f.number}张表 {_e(f.project or '')}</h2>")
        out.append(f"<p>复核规则: {_e(r.template.describe())}</p>")
        e = r.execution
        out.append(
            f"<p>预算执行率: {_e(_n(e.spent))}/{_e(_n(e.adjusted))} = {_e(_n(e.rate_percent))}%, "
            f"分值 {_e(_n(e.points))}, 表中得分 {_e(_n(e.published))}, "
            f"复算 {_e(_n(e.recomputed))}</p>"
        )
        out.append(
            "<table><tr><th>#</th><th>一级指标</th><th>三级指标</th><th>年度指标值</th>"
            "<th>实际完成值</th><th>分值</th><th>表中得分</th><th>复算得分</th><th>差</th>"
            "<th>规则</th><th>状态</th></tr>"
        )
        for c in r.rows:
            row = c.row
            cls = c.status if c.status in ("discrepancy", "unfilled") else ""
            status = _ROW_STATUS.get(c.status, c.status)
            reasons = " ".join(f"<span class=\"reason\">{_e(x)}</span>" for x in c.reasons)
            diff = _signed(c.difference) if c.status == "discrepancy" else ""
            out.append(
                f"<tr class=\"{cls}\"><td>{row.index}</td><td>{_e(row.level1)}</td>"
                f"<td>{_e(row.label)}</td><td>{_e(row.target)}</td><td>{_e(row.actual)}</td>"
                f"<td>{_e(_n(c.weight))}</td><td>{_e(_n(c.published))}</td>"
                f"<td>{_e(_n(c.recomputed))}</td><td>{_e(diff)}</td>"
                f"<td>{_e(c.rule_text)}</td><td>{_e(status)} {reasons}</td></tr>"
            )
        out.append("</table>")
        out.append(
            f"<p>总分: 表中 {_e(_n(r.published_total))}, 复算 {_e(_n(r.recomputed_total))} "
            f"({_e(r.recomputed_grade)}); 净虚增 {_e(_signed(r.inflation))}; "
            f"状态: {_e(status_text(r.status))}</p>"
        )
        if r.discrepancies:
            out.append("<ul>")
            for d in r.discrepancies:
                out.append(
                    f"<li><span class=\"reason\">{_e(d.reason)}</span> {_e(d.message)}</li>"
                )
            out.append("</ul>")
        for item in r.unfilled:
            out.append(f"<p class=\"note\">未填: {_e(item)}</p>")
        for note in r.notes:
            out.append(f"<p class=\"note\">说明: {_e(note)}</p>")
    out.append("</body></html>")
    return "\n".join(out)
