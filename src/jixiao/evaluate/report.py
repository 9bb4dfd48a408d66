"""The 自评表 as data and as text: JSON-ready dicts and a rich, Chinese console rendering.

Shown numbers are rounded the profile's way (``[evaluate.rounding]``); rates are percentages
with two decimals. The JSON keeps Decimals exact via :func:`jixiao.domain.jsonio.dumps`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from jixiao.domain.jsonio import source_to_dict
from jixiao.domain.money import Money, round_to
from jixiao.evaluate.grades import round_score
from jixiao.evaluate.results import (
    Evaluation,
    Explanation,
    FundRow,
    IndicatorScore,
    Issue,
    ProjectEvaluation,
    Severity,
)
from jixiao.evaluate.settings import EvaluateSettings

FORMAT_VERSION = 1
_HUNDRED = Decimal(100)


def percent(rate: Decimal | None) -> Decimal | None:
    """A fraction as a percentage with two decimals (half up): 0.98333 → 98.33."""
    if rate is None:
        return None
    return round_to(rate * _HUNDRED, 2, ROUND_HALF_UP)


def _amount(m: Money | None) -> Decimal | None:
    return m.amount if m is not None else None


def _num(d: Decimal | None) -> str:
    """A number for display: no exponent, no trailing zeros (150, 9.84, 0.5)."""
    if d is None:
        return ""
    text = f"{d:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _fund_dict(row: FundRow) -> dict[str, Any]:
    return {
        "source": row.source,
        "initial": _amount(row.initial),
        "adjusted": _amount(row.adjusted),
        "spent": _amount(row.spent),
        "rate_percent": percent(row.rate),
    }


def _issue_dict(i: Issue) -> dict[str, Any]:
    return {
        "code": i.code,
        "severity": i.severity.value,
        "message": i.message,
        "project": i.project,
        "row": i.row,
        "source": source_to_dict(i.source),
        "text": i.describe(),
    }


def _explanation_dict(e: Explanation) -> dict[str, Any]:
    return {
        "kind": e.kind.value,
        "kind_text": e.kind_text,
        "subject": e.subject,
        "row": e.row,
        "reason": e.reason,
        "text": e.text,
        "missing": e.missing,
    }


def _indicator_dict(r: IndicatorScore, s: EvaluateSettings) -> dict[str, Any]:
    t = r.indicator.target
    return {
        "index": r.index,
        "level1": r.indicator.level1,
        "level2": r.indicator.level2,
        "level3": r.indicator.level3,
        "group": r.group,
        "target": t.raw,
        "target_kind": t.kind.value,
        "comparator": t.comparator.value if t.comparator else None,
        "actual": r.actual_text,
        "weight": round_score(r.weight, s.rounding),
        "score": round_score(r.score, s.rounding),
        "rule": r.rule,
        "rule_text": r.result.rule_text,
        "scored": r.scored,
        "achieved": r.achieved,
        "completion_percent": (
            round_to(r.completion_percent, 2, ROUND_HALF_UP)
            if r.completion_percent is not None
            else None
        ),
        "over_achieved": r.over_achieved,
        "explanation": r.explanation,
        "claimed_score": r.claimed_score,
    }


def project_to_dict(pe: ProjectEvaluation, s: EvaluateSettings) -> dict[str, Any]:
    """One project's 自评表 as a JSON-ready dict."""
    return {
        "code": pe.project.code,
        "name": pe.project.name,
        "goal": pe.project.goal,
        "outcome": pe.outcome,
        "money_unit": s.funds.unit,
        "funds": [_fund_dict(f) for f in pe.funds],
        "total_funds": _fund_dict(pe.total_funds),
        "execution": {
            "rate_percent": percent(pe.execution_rate),
            "points": pe.execution_points,
            "score": round_score(pe.execution.score, s.rounding),
            "rule": pe.execution.rule,
            "rule_text": pe.execution.rule_text,
            "reason": pe.execution_reason,
        },
        "indicators": [_indicator_dict(r, s) for r in pe.indicators],
        "groups": [
            {
                "name": g.name,
                "points": round_score(g.points, s.rounding),
                "score": round_score(g.score, s.rounding),
            }
            for g in pe.groups
        ],
        "total": pe.total,
        "grade": pe.grade,
        "grade_rule": pe.grade_rule,
        "explanations_required": [_explanation_dict(e) for e in pe.explanations],
        "explanations_missing": [_explanation_dict(e) for e in pe.explanations_missing],
        "issues": [_issue_dict(i) for i in pe.issues],
    }


def evaluation_to_dict(ev: Evaluation) -> dict[str, Any]:
    """The whole evaluation (projects, department roll-up, issues) for ``--format json``."""
    s = ev.settings
    d = ev.department
    return {
        "format": "jixiao.evaluation",
        "version": FORMAT_VERSION,
        "profile": ev.profile_name,
        "profile_title": ev.profile_title,
        "year": ev.plan.year,
        "department": ev.plan.department,
        "unit": ev.plan.unit,
        "actuals_file": ev.actuals_file,
        "actuals_note": ev.actuals_note,
        "projects": [project_to_dict(p, s) for p in ev.projects],
        "rollup": {
            "money_unit": s.funds.unit,
            "adjusted": d.adjusted.amount,
            "spent": d.spent.amount,
            "execution_rate_percent": percent(d.execution_rate),
            "execution_points": s.execution.points,
            "execution_score": round_score(d.execution.score, s.rounding),
            "score": d.score,
            "score_method": d.method,
            "grade": d.grade,
            "grade_rule": d.grade_rule,
            "grades": d.distribution,
        },
        "issues": [_issue_dict(i) for i in ev.issues],
    }


# --- text -----------------------------------------------------------------------------------------

_GRADE_STYLE = {"优": "bold green", "良": "bold cyan", "中": "bold yellow", "差": "bold red"}


def _grade_text(grade: str) -> Text:
    return Text(grade, style=_GRADE_STYLE.get(grade, "bold"))


def render_project(
    pe: ProjectEvaluation, s: EvaluateSettings, console: Console, year: int | None
) -> None:
    """Print one project's 自评表."""
    r = s.rounding
    title = f"项目支出绩效自评表 ({year}年度)" if year else "项目支出绩效自评表"
    console.print()
    console.rule(f"[bold]{title}[/]")
    console.print(
        f"[bold]项目名称[/]: {pe.project.name or ''}    [bold]项目编码[/]: {pe.project.code or ''}",
        highlight=False,
    )

    money = Table(title=f"项目资金 ({s.funds.unit})", show_lines=False, title_justify="left")
    for col in ("", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"):
        if col:
            money.add_column(col, justify="right")
        else:
            money.add_column(col, justify="left", no_wrap=True)
    t = pe.total_funds
    money.add_row(
        t.source,
        _num(_amount(t.initial)),
        _num(_amount(t.adjusted)),
        _num(_amount(t.spent)),
        _num(pe.execution_points),
        f"{percent(pe.execution_rate)}%" if pe.execution_rate is not None else "—",
        _num(round_score(pe.execution.score, r)),
    )
    for f in pe.funds:
        money.add_row(
            f" 其中:{f.source}",
            _num(_amount(f.initial)),
            _num(_amount(f.adjusted)),
            _num(_amount(f.spent)),
            "—",
            f"{percent(f.rate)}%" if f.rate is not None else "—",
            "—",
        )
    console.print(money)
    console.print(f"[bold]年度总体目标[/] 预期目标: {pe.project.goal or '—'}", highlight=False)
    console.print(f"               实际完成情况: {pe.outcome or '—'}", highlight=False)

    table = Table(title="绩效指标", show_lines=True, title_justify="left")
    for col, just in (
        ("一级指标", "left"),
        ("二级指标", "left"),
        ("三级指标", "left"),
        ("年度指标值", "left"),
        ("实际完成值", "left"),
        ("分值", "right"),
        ("得分", "right"),
        ("计分规则", "left"),
        ("偏差原因分析及改进措施", "left"),
    ):
        table.add_column(col, justify=just, overflow="fold")  # type: ignore[arg-type]
    for row in pe.indicators:
        ind = row.indicator
        style = None if row.scored else "dim"
        score_text = Text(
            _num(round_score(row.score, r)), style="red" if row.scored and not row.achieved else ""
        )
        table.add_row(
            ind.level1 or "",
            ind.level2 or "",
            ind.level3 or "",
            ind.target.raw or "",
            row.actual_text or "",
            _num(round_score(row.weight, r)),
            score_text,
            row.result.rule_short,
            row.explanation or "",
            style=style,
        )
    console.print(table)
    line = Text.assemble(
        ("总分 ", "bold"),
        (_num(pe.total), "bold"),
        "    ",
        ("评价等级 ", "bold"),
        _grade_text(pe.grade),
        f"  ({pe.grade_rule})",
    )
    console.print(line)
    missing = pe.explanations_missing
    if missing:
        console.print(f"[bold yellow]还需填写的说明 ({len(missing)} 项)[/]:")
        for e in missing:
            where = f"第{e.row}个指标 " if e.row is not None else ""
            console.print(f"  • {where}{e.subject} — {e.kind_text}: {e.reason}", highlight=False)
    for issue in pe.issues:
        style = "red" if issue.severity is Severity.ERROR else "dim"
        console.print(Text(issue.describe(), style=style))


def render_text(ev: Evaluation, console: Console) -> None:
    """Print every project's 自评表 and the department roll-up."""
    s = ev.settings
    if ev.actuals_note:
        console.print(f"[bold magenta]{ev.actuals_note}[/]", highlight=False)
    console.print(f"规则配置: {ev.profile_name} — {ev.profile_title}", highlight=False)
    for pe in ev.projects:
        render_project(pe, s, console, ev.plan.year)
    d = ev.department
    console.print()
    console.rule("[bold]部门汇总[/]")
    console.print(
        f"全年预算数合计 {_num(d.adjusted.amount)}{s.funds.unit}, "
        f"全年执行数合计 {_num(d.spent.amount)}{s.funds.unit}, "
        f"执行率 {percent(d.execution_rate) if d.execution_rate is not None else '—'}% "
        f"(执行率得分 {_num(round_score(d.execution.score, s.rounding))}"
        f"/{_num(s.execution.points)})",
        highlight=False,
    )
    console.print(
        Text.assemble(f"部门得分 {_num(d.score)} ({d.method})  评价等级 ", _grade_text(d.grade))
    )
    console.print(
        "等级分布: " + ", ".join(f"{g} {n} 个" for g, n in d.distribution.items()), highlight=False
    )
    for issue in ev.issues:
        style = "red" if issue.severity is Severity.ERROR else "dim"
        console.print(Text(issue.describe(), style=style))
