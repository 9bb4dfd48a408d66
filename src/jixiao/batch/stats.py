"""Statistics of a batch dataset (数据集统计) and their HTML page.

:func:`dataset_stats` reads a batch output folder and counts: documents (by status, by year),
projects, indicators, findings, leftovers; per level-2 category the kinds of target and the
share that is quantified (定量); the most common level-3 indicators with their typical units,
comparators and value ranges (from :mod:`jixiao.library.build`); the most frequent review
findings with the number of documents they occur in; when the batch rechecked
self-evaluation forms (``--recheck``), the forms ranked by net score inflation (净虚增分).
:func:`render_html` draws the same as a
self-contained page with bar charts in inline SVG (no script, no external file); every text
from the documents is HTML-escaped.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jixiao.batch.dataset import table_rows
from jixiao.batch.rechecks import ranked_summary
from jixiao.library.build import build_library_from_rows
from jixiao.library.model import LibraryEntry

__all__ = ["DatasetStats", "FindingCount", "Level2Share", "dataset_stats", "render_html"]

_KINDS = ("quantitative", "time", "boolean", "qualitative", "empty")
KIND_LABELS = {
    "quantitative": "定量",
    "time": "时间",
    "boolean": "是/否",
    "qualitative": "定性",
    "empty": "未填",
}
_UNKNOWN = "(未识别的二级指标)"


@dataclass(slots=True)
class Level2Share:
    """Indicators of one level-2 category by kind of target."""

    level1: str | None
    level2: str
    kinds: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.kinds.values())

    @property
    def quantified(self) -> int:
        return self.kinds.get("quantitative", 0)

    @property
    def share(self) -> float:
        """Share of quantified targets (0–1)."""
        return self.quantified / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class FindingCount:
    """How often a review check fired, and in how many documents."""

    check: str
    title: str
    severity: str
    count: int
    documents: int


@dataclass(slots=True)
class DatasetStats:
    """The figures of a dataset (see module doc)."""

    out_dir: str
    documents: int
    documents_by_status: dict[str, int]
    years: dict[str, int]
    projects: int
    indicators: int
    findings: int
    leftovers: int
    level2: list[Level2Share]
    top_indicators: list[LibraryEntry]
    top_findings: list[FindingCount]
    profile: str | None = None
    #: ranked self-evaluation forms (rows of ``recheck_summary.csv``, the first ``top``);
    #: ``None`` when the batch did not recheck forms
    recheck: list[dict[str, str | int]] | None = None
    recheck_forms: int = 0

    @property
    def quantified_share(self) -> float:
        total = sum(s.total for s in self.level2)
        return sum(s.quantified for s in self.level2) / total if total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "out_dir": self.out_dir,
            "profile": self.profile,
            "documents": self.documents,
            "documents_by_status": self.documents_by_status,
            "years": self.years,
            "projects": self.projects,
            "indicators": self.indicators,
            "findings": self.findings,
            "leftovers": self.leftovers,
            "quantified_share": round(self.quantified_share, 4),
            "level2": [
                {"level1": s.level1, "level2": s.level2, "total": s.total,
                 "quantified": s.quantified, "share": round(s.share, 4), "kinds": s.kinds}
                for s in self.level2
            ],
            "top_indicators": [
                {"name": e.name, "level2": e.level2, "uses": e.count, "documents": e.documents,
                 "units": e.units, "comparators": e.comparators,
                 "ranges": [r.describe() for r in e.ranges[:2]],
                 "typical_target": e.typical_target}
                for e in self.top_indicators
            ],
            "top_findings": [
                {"check": f.check, "title": f.title, "severity": f.severity, "count": f.count,
                 "documents": f.documents}
                for f in self.top_findings
            ],
            "recheck": None if self.recheck is None else {
                "forms": self.recheck_forms, "top": self.recheck,
            },
        }


def _category_order(profile_name: str | None) -> dict[str, tuple[int, int]]:
    from jixiao.domain.profile import load_profile

    try:
        prof = load_profile(profile_name)
    except (OSError, ValueError):
        return {}
    order: dict[str, tuple[int, int]] = {}
    for i, l1 in enumerate(prof.categories.level1):
        for j, l2 in enumerate(l1.level2):
            order.setdefault(l2.name, (i, j))
    return order


def dataset_stats(out_dir: str | Path, *, top: int = 20) -> DatasetStats:
    """The figures of a batch output folder (its Parquet tables)."""
    docs = table_rows(out_dir, "documents", ("doc_hash", "status", "year", "profile"))
    projects = table_rows(out_dir, "projects", ("doc_hash", "path", "project_index", "code",
                                                "name", "goal", "purpose"))
    indicators = table_rows(
        out_dir, "indicators",
        ("doc_hash", "path", "project_index", "level1", "level2", "level1_std", "level2_std",
         "level3", "description", "target_raw", "kind", "comparator", "value", "unit",
         "location"),
    )
    findings = table_rows(out_dir, "findings", ("doc_hash", "check", "title", "severity"))
    n_leftovers = len(table_rows(out_dir, "leftovers", ("doc_hash",)))

    status = Counter(str(d["status"]) for d in docs)
    years = Counter(str(d["year"]) if d.get("year") is not None else "(未知)" for d in docs
                    if d["status"] == "ok")
    profiles = sorted({str(d["profile"]) for d in docs if d.get("profile")})
    profile = profiles[0] if len(profiles) == 1 else None

    shares: dict[str, Level2Share] = {}
    for r in indicators:
        name = r.get("level2_std") or _UNKNOWN
        s = shares.get(name)
        if s is None:
            s = shares[name] = Level2Share(r.get("level1_std"), name)
        kind = str(r.get("kind") or "empty")
        s.kinds[kind] = s.kinds.get(kind, 0) + 1
    order = _category_order(profile)
    level2 = sorted(
        shares.values(),
        key=lambda s: (order.get(s.level2, (99, 99)), -s.total, s.level2),
    )
    for s in level2:
        s.kinds = {k: s.kinds[k] for k in _KINDS if k in s.kinds}

    library = build_library_from_rows(indicators, projects)
    top_indicators = library.entries[:top]

    by_check: dict[str, list[str]] = {}
    info: dict[str, tuple[str, str]] = {}
    for f in findings:
        by_check.setdefault(str(f["check"]), []).append(str(f["doc_hash"]))
        info.setdefault(str(f["check"]), (str(f["title"]), str(f["severity"])))
    top_findings = sorted(
        (FindingCount(c, info[c][0], info[c][1], len(h), len(set(h)))
         for c, h in by_check.items()),
        key=lambda f: (-f.count, f.check),
    )[:top]
    ranked = ranked_summary(out_dir)
    return DatasetStats(
        out_dir=str(out_dir),
        documents=len(docs),
        documents_by_status=dict(sorted(status.items())),
        years=dict(sorted(years.items())),
        projects=len(projects),
        indicators=len(indicators),
        findings=len(findings),
        leftovers=n_leftovers,
        level2=level2,
        top_indicators=top_indicators,
        top_findings=top_findings,
        profile=profile,
        recheck=ranked[:top] if ranked is not None else None,
        recheck_forms=len(ranked) if ranked is not None else 0,
    )


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

_e = html.escape

_SEVERITY = {
    "error": ("错误", "#c0392b"),
    "warning": ("警告", "#d68910"),
    "info": ("提示", "#2e86c1"),
}


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def bar_chart(
    items: list[tuple[str, float, str]],
    *,
    maximum: float | None = None,
    color: str = "#2e86c1",
    label_width: int = 230,
    bar_width: int = 420,
    row_height: int = 24,
    title: str = "",
) -> str:
    """A horizontal bar chart as inline SVG: (label, value, value text) per bar."""
    top = max((v for _, v, _ in items), default=0.0)
    scale = maximum if maximum else (top or 1.0)
    height = row_height * len(items) + 10
    width = label_width + bar_width + 170
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" class="chart">',
        f"<title>{_e(title)}</title>",
    ]
    for k, (label, value, text) in enumerate(items):
        y = 5 + k * row_height
        w = max(0.0, min(1.0, value / scale)) * bar_width if scale else 0.0
        parts.append(
            f'<text x="{label_width - 8}" y="{y + row_height * 0.68:.1f}" text-anchor="end" '
            f'font-size="13">{_e(_clip(label, 18))}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row_height - 8}" '
            f'fill="{color}" rx="2"><title>{_e(label)}: {_e(text)}</title></rect>'
            f'<text x="{label_width + w + 6:.1f}" y="{y + row_height * 0.68:.1f}" '
            f'font-size="12" fill="#333">{_e(text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> str:
    num = numeric or set()
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(
            f'<td class="num">{_e(c)}</td>' if i in num else f"<td>{_e(c)}</td>"
            for i, c in enumerate(r)
        ) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def _top(counter: dict[str, int], n: int = 3) -> str:
    total = sum(counter.values())
    return "、".join(f"{k} ({v * 100 // total}%)" for k, v in list(counter.items())[:n]) if total \
        else ""


def render_html(stats: DatasetStats, *, title: str = "绩效目标数据集统计") -> str:
    """A self-contained HTML page of the statistics (inline SVG charts, escaped text)."""
    cards = [
        ("文档", f"{stats.documents:,}"),
        ("项目", f"{stats.projects:,}"),
        ("三级指标", f"{stats.indicators:,}"),
        ("定量指标占比", _pct(stats.quantified_share)),
        ("审核发现", f"{stats.findings:,}"),
        ("未识别内容", f"{stats.leftovers:,}"),
    ]
    status = "；".join(f"{k} {v}" for k, v in stats.documents_by_status.items())
    years = "；".join(f"{k} 年 {v}" for k, v in stats.years.items())
    l2_chart = bar_chart(
        [(s.level2, s.share, f"{_pct(s.share)} ({s.quantified}/{s.total})") for s in stats.level2],
        maximum=1.0, color="#1e8449", title="各二级指标的定量指标占比",
    )
    l2_table = _table(
        ["一级指标", "二级指标", "指标数", *[KIND_LABELS[k] for k in _KINDS], "定量占比"],
        [
            [s.level1 or "", s.level2, str(s.total), *[str(s.kinds.get(k, 0)) for k in _KINDS],
             _pct(s.share)]
            for s in stats.level2
        ],
        numeric={2, 3, 4, 5, 6, 7, 8},
    )
    ind_chart = bar_chart(
        [(f"{e.name}", float(e.count), f"{e.count} 次 / {e.documents} 份") for e in
         stats.top_indicators],
        color="#2e86c1", title="最常见的三级指标",
    )
    ind_table = _table(
        ["三级指标", "二级指标", "使用次数", "文档数", "常用单位", "指标性质", "数值范围",
         "典型指标值"],
        [
            [e.name, e.level2 or "", str(e.count), str(e.documents), _top(e.units),
             _top(e.comparators), "; ".join(r.describe() for r in e.ranges[:2]),
             e.typical_target or ""]
            for e in stats.top_indicators
        ],
        numeric={2, 3},
    )
    f_chart = bar_chart(
        [(f.title, float(f.count), f"{f.count} 条 / {f.documents} 份") for f in stats.top_findings],
        color="#ca6f1e", title="最常见的审核发现",
    )
    f_table = _table(
        ["审核规则", "名称", "严重程度", "发现数", "涉及文档"],
        [
            [f.check, f.title, _SEVERITY.get(f.severity, (f.severity, ""))[0], str(f.count),
             str(f.documents)]
            for f in stats.top_findings
        ],
        numeric={3, 4},
    )
    recheck_html = ""
    if stats.recheck is not None:
        from jixiao.recheck.summary import status_text

        keys = ("rank", "file", "form", "project", "profile", "status", "published_total",
                "recomputed_total", "inflation", "discrepancies")
        recheck_table = _table(
            ["排名", "文件", "表", "项目名称", "复核规则", "状态", "表中总分", "复算总分",
             "净虚增分", "差异数", "差异原因 (次数)"],
            [
                [status_text(str(r[k])) if k == "status" else str(r.get(k, "")) for k in keys]
                + ["、".join(f"{k[2:]}×{n}" for k, n in r.items()
                            if k.startswith("n_") and isinstance(n, int) and n > 0)]
                for r in stats.recheck
            ],
            numeric={0, 2, 6, 7, 8, 9},
        )
        recheck_html = (
            f"<h2>自评表复核: 按净虚增分排序 (前 {len(stats.recheck)} / "
            f"{stats.recheck_forms})</h2>\n"
            '<p class="note">完整排名见输出目录中的 recheck_summary.csv</p>\n'
            f"{recheck_table}"
        )
    card_html = "".join(
        f'<div class="card"><div class="v">{_e(v)}</div><div class="k">{_e(k)}</div></div>'
        for k, v in cards
    )
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>
body{{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;
max-width:1100px;color:#222;padding:0 1em}}
h1{{font-size:1.6em}} h2{{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd}}
.cards{{display:flex;flex-wrap:wrap;gap:12px}}
.card{{border:1px solid #ddd;border-radius:6px;padding:10px 16px;min-width:120px}}
.card .v{{font-size:1.5em;font-weight:bold}} .card .k{{color:#666}}
table{{border-collapse:collapse;margin:1em 0;font-size:13px}}
th,td{{border:1px solid #ddd;padding:4px 8px;vertical-align:top}} th{{background:#f4f6f7}}
td.num{{text-align:right;font-variant-numeric:tabular-nums}}
.note{{color:#666;font-size:13px}} svg.chart{{max-width:100%;height:auto}}
</style></head><body>
<h1>{_e(title)}</h1>
<p class="note">数据集: {_e(stats.out_dir)}；规则配置: {_e(stats.profile or "—")}；
生成于 {_e(generated)}</p>
<div class="cards">{card_html}</div>
<p class="note">文档状态: {_e(status)}{"；年度: " + _e(years) if years else ""}</p>
<h2>各二级指标的定量指标占比</h2>
{l2_chart}
{l2_table}
<h2>最常见的三级指标</h2>
{ind_chart}
{ind_table}
<h2>最常见的审核发现</h2>
{f_chart}
{f_table}
{recheck_html}
</body></html>
"""
