"""Showing a review report: Chinese text for a terminal (rich) and a standalone HTML page.

The JSON form is :meth:`Report.to_json`. Every piece of user text (indicator names, quoted
cells) is escaped: rich markup is never interpreted and HTML is escaped with ``html.escape``.
"""

from __future__ import annotations

import html
from io import StringIO

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from jixiao.review.findings import Finding, Severity
from jixiao.review.report import GradeResult, Report

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_NOTE = "等级为系统按规则配置给出的建议，审核结论（优/良/中/差）由审核人决定。"


def _counts_text(report: Report, findings: list[Finding]) -> str:
    c = report.counts(findings)
    return " · ".join(f"{s.label} {c[s]}" for s in Severity)


def _grade_text(g: GradeResult) -> Text:
    t = Text("建议等级：")
    t.append(g.grade.value, style="bold")
    t.append(f"  ({g.reason})", style="dim")
    return t


def _finding(f: Finding) -> Group:
    head = Text()
    head.append(f.severity.label, style=_STYLE[f.severity])
    head.append(" " + f.location.describe(with_project=False))
    head.append(f"  [{f.check}]", style="dim")
    lines: list[RenderableType] = [Text(f.message)]
    if f.quoted:
        lines.append(Text("原文：" + f.quoted, style="dim"))
    lines.append(Text("建议：" + f.suggestion, style="green"))
    return Group(
        Padding(head, (0, 0, 0, 4), expand=False),
        Padding(Group(*lines), (0, 0, 0, 9), expand=False),
    )


def _section(
    report: Report, title: str, findings: list[Finding], grade: GradeResult | None
) -> Group:
    head = Text("━━ ", style="bold")
    head.append(title, style="bold")
    head.append(f"   ({_counts_text(report, findings)})", style="dim")
    parts: list[RenderableType] = [Text(""), head]
    if grade is not None:
        parts.append(Text("   ").append_text(_grade_text(grade)))
    if not findings:
        parts.append(Text("    未发现问题", style="green"))
    for criterion, fs in report.by_criterion(findings).items():
        parts.append(Text(f"  {criterion.value}", style="bold magenta"))
        parts.extend(_finding(f) for f in fs)
    return Group(*parts)


def renderables(report: Report) -> list[RenderableType]:
    """The report as rich renderables (print them on any Console)."""
    title = Text("目标审核报告", style="bold")
    title.append(f" · {report.plan_label}")
    if report.year:
        title.append(f" · {report.year}年度")
    title.append(f" · 规则配置 {report.profile}", style="dim")
    out: list[RenderableType] = [
        title,
        _grade_text(report.plan_grade),
        Text(f"共 {len(report.findings)} 条：{_counts_text(report, report.findings)}"),
        Text(_NOTE, style="dim"),
    ]
    if report.plan_findings:
        out.append(_section(report, "部门整体", report.plan_findings, None))
    for p in report.projects:
        fs = report.project_findings(p.index)
        out.append(_section(report, f"项目 {p.label}", fs, report.project_grade(p.index)))
    return out


def print_text(report: Report, console: Console) -> None:
    for r in renderables(report):
        console.print(r, highlight=False)


def render_text(report: Report, width: int = 100) -> str:
    """The text form without colours, e.g. for a file."""
    buf = StringIO()
    console = Console(file=buf, width=width, color_system=None, force_terminal=False)
    print_text(report, console)
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"


# --- HTML --------------------------------------------------------------------------------

_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;
margin:2em auto;max-width:72em;color:#222;line-height:1.5}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:2em;
border-bottom:2px solid #444}h3{font-size:1em;color:#6a1b9a;margin:1.2em 0 .3em}
table{border-collapse:collapse;width:100%;font-size:.92em}
th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f3f3f3}.error{color:#b71c1c;font-weight:bold}.warning{color:#e65100}
.info{color:#01579b}.grade{font-size:1.3em;font-weight:bold}.muted{color:#777}
.quoted{font-family:monospace;background:#fafafa}.ok{color:#2e7d32}
"""


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _html_counts(report: Report, findings: list[Finding]) -> str:
    c = report.counts(findings)
    return " · ".join(f'<span class="{s.value}">{_e(s.label)} {c[s]}</span>' for s in Severity)


def _html_findings(report: Report, findings: list[Finding]) -> str:
    if not findings:
        return '<p class="ok">未发现问题</p>'
    parts = []
    for criterion, fs in report.by_criterion(findings).items():
        parts.append(f"<h3>{_e(criterion.value)}</h3>")
        parts.append(
            "<table><tr><th>级别</th><th>规则</th><th>位置</th><th>问题</th>"
            "<th>原文</th><th>建议</th></tr>"
        )
        for f in fs:
            parts.append(
                "<tr>"
                f'<td class="{f.severity.value}">{_e(f.severity.label)}</td>'
                f'<td>{_e(f.title)}<br><code class="muted">{_e(f.check)}</code></td>'
                f"<td>{_e(f.location.describe(with_project=False))}</td>"
                f"<td>{_e(f.message)}</td>"
                f'<td class="quoted">{_e(f.quoted)}</td>'
                f"<td>{_e(f.suggestion)}</td>"
                "</tr>"
            )
        parts.append("</table>")
    return "\n".join(parts)


def render_html(report: Report) -> str:
    """A standalone HTML page (no external files), every user text escaped."""
    g = report.plan_grade
    year = f" · {report.year}年度" if report.year else ""
    rows = []
    for p in report.projects:
        pg = report.project_grade(p.index)
        fs = report.project_findings(p.index)
        rows.append(
            f'<tr><td>{_e(p.label)}</td><td class="grade">{_e(pg.grade.value)}</td>'
            f'<td>{_html_counts(report, fs)}</td><td class="muted">{_e(pg.reason)}</td></tr>'
        )
    sections = []
    if report.plan_findings:
        sections.append(
            f"<h2>部门整体 <small>{_html_counts(report, report.plan_findings)}</small></h2>"
            + _html_findings(report, report.plan_findings)
        )
    for p in report.projects:
        fs = report.project_findings(p.index)
        pg = report.project_grade(p.index)
        sections.append(
            f"<h2>项目 {_e(p.label)} <small>建议等级 {_e(pg.grade.value)} · "
            f"{_html_counts(report, fs)}</small></h2>" + _html_findings(report, fs)
        )
    title = f"目标审核报告 · {report.plan_label}{year}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>\n"
        f"<h1>{_e(title)}</h1>\n"
        f'<p>建议等级：<span class="grade">{_e(g.grade.value)}</span> '
        f'<span class="muted">({_e(g.reason)})</span><br>'
        f"共 {len(report.findings)} 条：{_html_counts(report, report.findings)}<br>"
        f'<span class="muted">规则配置 {_e(report.profile)}。{_e(_NOTE)}</span></p>\n'
        "<table><tr><th>项目</th><th>建议等级</th><th>发现</th><th>依据</th></tr>"
        + "".join(rows)
        + "</table>\n"
        + "\n".join(sections)
        + "\n</body></html>\n"
    )
