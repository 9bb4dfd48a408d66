"""Department-level prose (部门整体绩效目标): overall goal, sub-goals, measures.

A department's published budget document usually opens with numbered sections before its
project tables, as the seed does::

    一、总体绩效目标            → Plan.overall_goal (the section's text, lines joined)
    二、分项绩效目标            → Plan.sub_goals: one per numbered item (（一）title),
       （一）title                 with its 绩效目标： text and the indicator names listed
       绩效目标：…                 after 绩效指标： (split at 、，；)
       绩效指标：…
    三、目标规划及保障措施      → Plan.measures: one per numbered item; the title is the
       （一）完善制度建设。…       text up to the first 。 and the rest is kept as its text

Section kinds are recognised by words in their headings (总体/整体 目标; 分项/具体 目标;
措施/保障/规划), so ``二、具体绩效目标`` or ``三、保障措施`` work too. A section ends at the
next top-level heading or where a table starts (the caller says where). The text is joined
across line and page breaks (Chinese wraps without spaces).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from jixiao.domain.model import Leftover, Measure, SourceRef, SubGoal
from jixiao.ingest.cells import normalize
from jixiao.ingest.layout import TextLine, join_pieces

_CN_NUM = "一二三四五六七八九十"
HEADING = re.compile(
    rf"^\s*(?:第[{_CN_NUM}]{{1,3}}部分|[{_CN_NUM}]{{1,3}}\s*[、.．,，])\s*(?P<title>\S.*)$"
)
ITEM = re.compile(
    rf"^\s*(?:[（(]\s*(?:[{_CN_NUM}]{{1,3}}|\d{{1,2}})\s*[）)]|\d{{1,2}}\s*[、.．](?!\d))"
    r"\s*(?P<rest>.*)$"
)
_GOAL = re.compile(r"^\s*(?:年度)?(?:绩效)?目标\s*[:：]\s*(?P<t>.*)$")
_INDICATORS = re.compile(r"^\s*(?:绩效)?指标\s*[:：]\s*(?P<t>.*)$")
_SPLIT_NAMES = re.compile(r"[、，,；;]")


class SectionKind(StrEnum):
    OVERALL = "overall"
    SUB_GOALS = "sub_goals"
    MEASURES = "measures"
    OTHER = "other"


def section_kind(title: str) -> SectionKind:
    """What a top-level heading introduces, from its words."""
    t = normalize(title)
    if re.search(r"措施|保障|目标规划|工作举措|实施计划", t):
        return SectionKind.MEASURES
    if re.search(
        r"分项|具体绩效目标|具体目标|分解|重点(?:工作|任务)|主要(?:工作)?任务|年度任务", t
    ):
        return SectionKind.SUB_GOALS
    if re.search(r"(?:总体|整体|部门)(?:绩效)?目标|^绩效目标$|年度总体", t):
        return SectionKind.OVERALL
    return SectionKind.OTHER


@dataclass(slots=True)
class DepartmentText:
    """What the prose sections gave, which lines they used, and what they could not place."""

    overall_goal: str | None = None
    overall_source: SourceRef | None = None
    sub_goals: list[SubGoal] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    claimed: set[int] = field(default_factory=set)  # line numbers placed
    leftovers: list[Leftover] = field(default_factory=list)
    placements: list[tuple[int, str]] = field(default_factory=list)  # (line, where)


def _is_heading(ln: TextLine) -> str | None:
    m = HEADING.match(ln.text)
    if not m:
        return None
    title = m.group("title").strip()
    if len(normalize(title)) > 40 or title.endswith(("。", "；", ";")):
        return None
    return title


def parse_department(
    lines: Sequence[TextLine],
    *,
    file: str | None = None,
    table_start: Callable[[int], bool] | None = None,
) -> DepartmentText:
    """Read the prose sections of a document (see the module docstring).

    ``table_start(i)`` says whether ``lines[i]`` begins a table (a label such as 项目编码
    or a title such as …绩效目标表), which ends the section before it. Lines outside the
    recognised sections are not claimed: the caller treats them as table text.
    """
    out = DepartmentText()
    starts = table_start or (lambda i: False)
    n = len(lines)
    i = 0
    while i < n:
        title = _is_heading(lines[i])
        if title is None or starts(i):
            i += 1
            continue
        kind = section_kind(title)
        j = i + 1
        while j < n and _is_heading(lines[j]) is None:
            line = lines[j].text
            inner = kind is SectionKind.SUB_GOALS and (
                _GOAL.match(line) is not None or _INDICATORS.match(line) is not None
            )
            if not inner and starts(j):
                break
            j += 1
        body = [ln for ln in lines[i + 1 : j] if not ln.blank]
        head = lines[i]
        if kind is SectionKind.OTHER:
            if body:
                # an unknown section: leave it to the tables (it may hold one)
                i = j
                continue
            i += 1
            continue
        out.claimed.add(head.number)
        out.placements.append((head.number, f"章节标题 {title}"))
        if kind is SectionKind.OVERALL:
            _overall(out, body, file)
        elif kind is SectionKind.SUB_GOALS:
            _items(out, body, file, sub_goals=True)
        else:
            _items(out, body, file, sub_goals=False)
        i = j
    return out


def _ref(file: str | None, lines: Sequence[TextLine]) -> SourceRef:
    first, last = lines[0].number, lines[-1].number
    return SourceRef(file=file, line=first, line_end=last if last != first else None)


def _overall(out: DepartmentText, body: list[TextLine], file: str | None) -> None:
    if not body:
        return
    text = join_pieces([ln.text for ln in body])
    if out.overall_goal:
        out.overall_goal += text
    else:
        out.overall_goal = text
        out.overall_source = _ref(file, body)
    for ln in body:
        out.claimed.add(ln.number)
        out.placements.append((ln.number, "总体绩效目标"))


def _items(out: DepartmentText, body: list[TextLine], file: str | None, *, sub_goals: bool) -> None:
    groups: list[list[TextLine]] = []
    intro: list[TextLine] = []
    for ln in body:
        if ITEM.match(ln.text):
            groups.append([ln])
        elif groups:
            groups[-1].append(ln)
        else:
            intro.append(ln)
    for ln in intro:
        out.leftovers.append(
            Leftover(
                ln.text.strip(), SourceRef(file=file, line=ln.number), "章节引言, 未归入任何条目"
            )
        )
        out.claimed.add(ln.number)
    for g in groups:
        if sub_goals:
            goal = _sub_goal(g, file)
            where = f"分项绩效目标 {goal.title}"
            out.sub_goals.append(goal)
        else:
            measure = _measure(g, file)
            where = f"保障措施 {measure.title}"
            out.measures.append(measure)
        for ln in g:
            out.claimed.add(ln.number)
            out.placements.append((ln.number, where))


def _sub_goal(group: list[TextLine], file: str | None) -> SubGoal:
    m = ITEM.match(group[0].text)
    assert m is not None
    title_parts = [m.group("rest")]
    goal_parts: list[str] = []
    ind_parts: list[str] = []
    current: list[str] | None = None
    for ln in group[1:]:
        g = _GOAL.match(ln.text)
        k = _INDICATORS.match(ln.text)
        if g:
            current = goal_parts
            goal_parts.append(g.group("t"))
        elif k:
            current = ind_parts
            ind_parts.append(k.group("t"))
        elif current is not None:
            current.append(ln.text)
        else:
            title_parts.append(ln.text)
    title = join_pieces(title_parts).strip()
    # "（一）title。绩效目标：…" on one line
    inline = re.match(r"^(?P<title>.*?)[。;；]?\s*(?:年度)?绩效目标\s*[:：](?P<goal>.*)$", title)
    if inline and not goal_parts:
        title = inline.group("title")
        goal_parts.append(inline.group("goal"))
    goal = join_pieces(goal_parts).strip() or None
    if goal is not None:
        inline_ind = re.match(r"^(?P<goal>.*?[。;；])\s*(?:绩效)?指标\s*[:：](?P<ind>.*)$", goal)
        if inline_ind and not ind_parts:
            goal = inline_ind.group("goal")
            ind_parts.append(inline_ind.group("ind"))
    names_text = join_pieces(ind_parts)
    names = [p.strip().rstrip("。.；;").strip() for p in _SPLIT_NAMES.split(names_text)]
    return SubGoal(
        title=title.rstrip("。"),
        goal=goal,
        indicators=[n for n in names if n],
        source=_ref(file, group),
    )


_TITLE_END = re.compile(r"[。；;：:]")


def _measure(group: list[TextLine], file: str | None) -> Measure:
    m = ITEM.match(group[0].text)
    assert m is not None
    text = join_pieces([m.group("rest"), *(ln.text for ln in group[1:])]).strip()
    cut = _TITLE_END.search(text)
    comma = re.search(r"[，,]", text)
    if cut and cut.start() <= 20:
        title = text[: cut.start()].strip()
        rest = text[cut.end() :].strip() or None
    elif comma and comma.start() <= 20:
        title, rest = text[: comma.start()].strip(), text[comma.end() :].strip() or None
    elif cut and cut.start() <= 40:
        title = text[: cut.start()].strip()
        rest = text[cut.end() :].strip() or None
    elif len(text) <= 40:
        title, rest = text, None
    else:
        title, rest = text[:20].strip(), text[20:].strip() or None
    return Measure(title=title, text=rest, source=_ref(file, group))
