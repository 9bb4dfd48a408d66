"""Charts for the reports as SVG (图表): matplotlib with a CJK font, text drawn as paths.

* :func:`spending_chart` — 资金支出进度: the spending plan (资金支出计划), time progress
  (时序进度) and actual execution (实际执行率) in cumulative percent over the months.
* :func:`lights_chart` — 预警灯 counts as coloured bars.
* :func:`score_chart` — scores against their points (得分/分值) as horizontal bars, with the
  grade lines of the profile when given.

Every function returns standalone SVG text (no XML prolog) ready to inline in HTML. Text is
converted to outlines, so the SVG shows the same in any browser and in the PDF without any
font; the CJK font (Noto Sans CJK from Debian ``fonts-noto-cjk``) is only needed here, when
drawing. Numbers reach matplotlib as floats for drawing only; nothing is computed from them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jixiao.export.system import cjk_font_files, require_cjk_font

if TYPE_CHECKING:
    from matplotlib.figure import Figure

Number = Decimal | int | float

LIGHT_COLOURS: dict[str, str] = {
    "red": "#d9363e",
    "yellow": "#f2b705",
    "green": "#3a9d5d",
    "blue": "#2f6fd6",
    "none": "#a0a0a0",
}
LIGHT_LABELS: dict[str, str] = {
    "red": "红灯",
    "yellow": "黄灯",
    "green": "绿灯",
    "blue": "蓝灯",
    "none": "未评灯",
}
PLAN_COLOUR = "#2f6fd6"
TIME_COLOUR = "#888888"
ACTUAL_COLOUR = "#d9363e"
BAR_COLOUR = "#3a7bd5"
TRACK_COLOUR = "#e6e9ef"

_PREFERRED_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans CJK JP")


@dataclass(frozen=True, slots=True)
class Series:
    """A line of the spending chart: points (month 0–12, cumulative percent)."""

    label: str
    points: Sequence[tuple[Number, Number]]
    colour: str
    style: str = "-"
    marker: str | None = None
    step: bool = False


@lru_cache(maxsize=1)
def cjk_family() -> str:
    """Register the installed CJK font with matplotlib and return its family name."""
    from matplotlib import font_manager

    path = require_cjk_font()
    for f in cjk_font_files():
        if f.parent == path.parent:
            font_manager.fontManager.addfont(str(f))
    names = {f.name for f in font_manager.fontManager.ttflist}
    for family in _PREFERRED_FAMILIES:
        if family in names:
            return family
    return str(font_manager.FontProperties(fname=str(path)).get_name())


def _rc() -> Any:
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [cjk_family(), "DejaVu Sans"],
        "font.size": 9,
        "axes.unicode_minus": False,
        "svg.fonttype": "path",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": "#555555",
        "axes.titlesize": 10,
        "axes.titleweight": "bold",
    }


def _figure(width_cm: float, height_cm: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width_cm / 2.54, height_cm / 2.54), layout="constrained")


_PROLOG = re.compile(r"^.*?(?=<svg)", re.S)
_FIXED_SIZE = re.compile(r'<svg([^>]*?) width="[^"]*" height="[^"]*"')
_ID = re.compile(r'(\bid)="([^"]+)"')
_HREF = re.compile(r'((?:xlink:)?href)="#([^"]+)"')
_URL = re.compile(r"url\(#([^)]+)\)")


def _svg(fig: Figure, salt: str) -> str:
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": salt}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "jixiao"})
    text = _PROLOG.sub("", buf.getvalue(), count=1)
    # Scale with the page: keep the viewBox, let CSS size the picture.
    text = _FIXED_SIZE.sub(r'<svg\1 width="100%"', text, count=1)
    # Several charts share one HTML page: give every id (and every reference) the salt.
    prefix = re.sub(r"[^A-Za-z0-9_-]", "_", salt)
    text = _ID.sub(lambda m: f'{m.group(1)}="{prefix}-{m.group(2)}"', text)
    text = _HREF.sub(lambda m: f'{m.group(1)}="#{prefix}-{m.group(2)}"', text)
    text = _URL.sub(lambda m: f"url(#{prefix}-{m.group(1)})", text)
    return text.strip()


def _f(x: Number) -> float:
    return float(x)


def spending_chart(
    plan: Sequence[tuple[Number, Number]],
    actual: Sequence[tuple[Number, Number]] = (),
    *,
    title: str = "资金支出进度",
    time_progress: bool = True,
    plan_step: bool = False,
    as_of_month: Number | None = None,
    plan_label: str = "资金支出计划",
    actual_label: str = "实际执行率",
    salt: str = "spending",
) -> str:
    """The spending-vs-plan-vs-time chart (资金支出进度图) as SVG.

    ``plan`` and ``actual`` are (month, cumulative percent) points; the plan starts at
    (0, 0) when its first point is later. ``time_progress`` adds the straight line from 0% in
    January to 100% at year end; ``as_of_month`` draws a dashed line at the monitoring date.
    """
    import matplotlib

    with matplotlib.rc_context(_rc()):
        fig = _figure(16, 8)
        ax = fig.add_subplot()
        series: list[Series] = []
        pts = [(_f(m), _f(p)) for m, p in plan]
        if pts and pts[0][0] > 0:
            pts.insert(0, (0.0, 0.0))
        if pts:
            series.append(Series(plan_label, pts, PLAN_COLOUR, "-", "o", plan_step))
        if time_progress:
            series.append(Series("时序进度", [(0, 0), (12, 100)], TIME_COLOUR, "--"))
        if actual:
            series.append(Series(actual_label, [(_f(m), _f(p)) for m, p in actual],
                                 ACTUAL_COLOUR, "-", "s"))
        for s in series:
            xs = [_f(x) for x, _ in s.points]
            ys = [_f(y) for _, y in s.points]
            if s.step:
                ax.step(xs, ys, where="post", color=s.colour, linestyle=s.style, label=s.label,
                        marker=s.marker, markersize=4, linewidth=1.6)
            else:
                ax.plot(xs, ys, color=s.colour, linestyle=s.style, label=s.label,
                        marker=s.marker, markersize=4, linewidth=1.6)
        if actual:
            x, y = actual[-1]
            ax.annotate(f"{_f(y):.1f}%", (_f(x), _f(y)), textcoords="offset points",
                        xytext=(5, -12), fontsize=8, color=ACTUAL_COLOUR)
        if as_of_month is not None:
            ax.axvline(_f(as_of_month), color="#555555", linestyle=":", linewidth=1)
        ax.set_xlim(0, 12)
        ax.set_ylim(0, max(105.0, *(_f(y) + 5 for s in series for _, y in s.points)))
        ax.set_xticks(range(0, 13))
        ax.set_xticklabels(["年初"] + [f"{m}月" for m in range(1, 13)])
        ax.set_ylabel("累计支出 (%)")
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_title(title)
        ax.legend(loc="upper left", frameon=False, fontsize=8)
        return _svg(fig, salt)


def lights_chart(counts: Mapping[str, int], *, title: str = "预警灯分布",
                 salt: str = "lights") -> str:
    """Bars of light counts, keyed ``red``/``yellow``/``green``/``blue``/``none`` (order kept)."""
    import matplotlib

    with matplotlib.rc_context(_rc()):
        fig = _figure(12, 6.5)
        ax = fig.add_subplot()
        keys = list(counts)
        labels = [LIGHT_LABELS.get(k, k) for k in keys]
        values = [counts[k] for k in keys]
        bars = ax.bar(labels, values, color=[LIGHT_COLOURS.get(k, BAR_COLOUR) for k in keys],
                      width=0.6)
        ax.bar_label(bars, labels=[str(v) for v in values], padding=2, fontsize=9)
        ax.set_ylim(0, max([*values, 1]) * 1.2)
        from matplotlib.ticker import MaxNLocator

        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("个数")
        ax.set_title(title)
        return _svg(fig, salt)


def score_chart(
    items: Sequence[tuple[str, Number, Number]],
    *,
    title: str = "得分",
    grade_lines: Sequence[tuple[str, Number]] = (),
    salt: str = "scores",
) -> str:
    """Horizontal bars: each (label, score, points) as score over a grey track of its points.

    ``grade_lines`` draws the profile's grade thresholds (e.g. ``[("优", 90), ("良", 80)]``)
    as vertical dotted lines, for charts of totals out of 100.
    """
    import matplotlib

    with matplotlib.rc_context(_rc()):
        height = 2.2 + 0.75 * max(len(items), 1)
        fig = _figure(16, height)
        ax = fig.add_subplot()
        labels = [label for label, _, _ in items][::-1]
        scores = [_f(s) for _, s, _ in items][::-1]
        points = [_f(p) for _, _, p in items][::-1]
        ax.barh(labels, points, color=TRACK_COLOUR, height=0.6)
        bars = ax.barh(labels, scores, color=BAR_COLOUR, height=0.6)
        ax.bar_label(bars, labels=[f"{s:g}/{p:g}" for s, p in zip(scores, points, strict=True)],
                     padding=3, fontsize=8)
        top = max([*points, 1.0])
        for name, value in grade_lines:
            ax.axvline(_f(value), color="#999999", linestyle=":", linewidth=1)
            ax.text(_f(value), len(items) - 0.4, name, ha="center", va="bottom", fontsize=8,
                    color="#666666")
        ax.set_xlim(0, top * 1.15)
        ax.set_title(title)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        return _svg(fig, salt)
