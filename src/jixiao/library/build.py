"""Building the indicator library from a batch dataset (由数据集生成指标库).

Rows of the ``indicators`` table are grouped by their level-2 category (the profile's
standard name, ``level2_std``; the written name when the profile does not know it) and the
matching form of their level-3 name (:func:`name_key`: normalised, numbering and trailing
punctuation removed). For each group the library keeps the most common spelling, the number
of uses and of documents, the kinds of target, units and comparators as counted, the value
range per unit (low, median — the lower middle value, so always one that was written —, high;
exact decimals), the most common descriptions and a few
example projects with their source. The dataset's projects (name, goal, purpose) are kept,
deduplicated, with the entries each one uses.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.domain.text import normalize
from jixiao.library.model import (
    Example,
    IndicatorLibrary,
    LibraryEntry,
    LibraryProject,
    ValueRange,
    plain_number,
)

__all__ = ["build_library", "build_library_from_rows", "name_key"]

_NUMBERING = re.compile(
    r"^(?:\(?\d{1,3}[).、.,]|\(\d{1,3}\)|[①-⑳]|[一二三四五六七八九十]{1,3}[、.,])"
)
_TRAILING = re.compile(r"[:;,.。;、]+$")

_INDICATOR_COLUMNS = (
    "doc_hash", "path", "project_index", "level1", "level2", "level1_std", "level2_std",
    "level3", "description", "target_raw", "kind", "comparator", "value", "unit", "location",
)
_PROJECT_COLUMNS = ("doc_hash", "path", "project_index", "code", "name", "goal", "purpose")


def name_key(name: str | None) -> str:
    """The matching form of a level-3 name: ``（1）项目完成率：`` → ``项目完成率``."""
    key = normalize(name)
    key = _NUMBERING.sub("", key)
    key = _TRAILING.sub("", key)
    return key


def _most_common(counter: Counter[str]) -> str:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _ordered(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


class _Group:
    def __init__(self, level2: str | None) -> None:
        self.level2 = level2
        self.level1: Counter[str] = Counter()
        self.names: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()
        self.units: Counter[str] = Counter()
        self.comparators: Counter[str] = Counter()
        self.values: dict[str, list[Decimal]] = {}
        self.descriptions: Counter[str] = Counter()
        self.desc_text: dict[str, str] = {}
        self.raw_by_kind: dict[str, Counter[str]] = {}
        self.documents: set[str] = set()
        self.projects: list[tuple[str, int]] = []
        self.examples: list[tuple[tuple[str, int], str, str, str, str | None]] = []
        self.count = 0

    def add(self, r: Mapping[str, Any]) -> None:
        self.count += 1
        if r.get("level1_std") or r.get("level1"):
            self.level1[str(r.get("level1_std") or r.get("level1"))] += 1
        self.names[str(r["level3"]).strip()] += 1
        kind = str(r.get("kind") or "empty")
        self.kinds[kind] += 1
        raw = str(r.get("target_raw") or "").strip()
        if raw:
            self.raw_by_kind.setdefault(kind, Counter())[raw] += 1
        unit = r.get("unit")
        if unit:
            self.units[str(unit)] += 1
        if r.get("comparator"):
            self.comparators[str(r["comparator"])] += 1
        value = r.get("value")
        if kind == "quantitative" and value is not None and value != "":
            self.values.setdefault(str(unit or ""), []).append(Decimal(str(value)))
        desc = r.get("description")
        if desc:
            k = normalize(str(desc))
            self.descriptions[k] += 1
            self.desc_text.setdefault(k, str(desc).strip())
        doc = str(r["doc_hash"])
        self.documents.add(doc)
        proj = (doc, int(r.get("project_index") or 0))
        self.projects.append(proj)
        if len(self.examples) < 5 and all(e[0] != proj for e in self.examples):
            self.examples.append((proj, raw, str(r.get("path") or ""), doc, r.get("location")))

    def typical(self) -> str | None:
        if not self.kinds:
            return None
        kind = _most_common(self.kinds)
        if kind == "quantitative" and self.values:
            unit = max(self.values, key=lambda u: (len(self.values[u]), u))
            med = statistics.median_low(sorted(self.values[unit]))
            cmp_ = _most_common(self.comparators) if self.comparators else ""
            sep = "" if unit in ("%", "") else " "
            return f"{cmp_} {plain_number(med)}{sep}{unit}".strip()
        raws = self.raw_by_kind.get(kind)
        return _most_common(raws) if raws else None


def build_library_from_rows(
    indicators: Iterable[Mapping[str, Any]],
    projects: Iterable[Mapping[str, Any]],
    *,
    source: Mapping[str, Any] | None = None,
    min_count: int = 1,
) -> IndicatorLibrary:
    """A library from rows of the ``indicators`` and ``projects`` tables (see module doc)."""
    groups: dict[tuple[str, str], _Group] = {}
    for r in indicators:
        key = name_key(r.get("level3"))
        if not key:
            continue
        l2 = r.get("level2_std") or (r.get("level2") or "").strip() or None
        gk = (normalize(l2) if l2 else "", key)
        g = groups.get(gk)
        if g is None:
            g = groups[gk] = _Group(l2)
        g.add(r)

    kept = [(gk, g) for gk, g in groups.items() if g.count >= min_count]
    kept.sort(key=lambda it: (-it[1].count, it[0]))
    entries: list[LibraryEntry] = []
    entry_of: dict[tuple[str, str], int] = {}
    proj_rows: dict[tuple[str, int], Mapping[str, Any]] = {
        (str(p["doc_hash"]), int(p["project_index"])): p for p in projects
    }
    for gk, g in kept:
        eid = len(entries)
        entry_of[gk] = eid
        ranges = []
        for unit, vals in sorted(g.values.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            vs = sorted(vals)
            ranges.append(ValueRange(unit, len(vs), vs[0], statistics.median_low(vs), vs[-1]))
        name = _most_common(g.names)
        examples = []
        for proj, raw, path, doc, loc in g.examples:
            pr = proj_rows.get(proj)
            label = " ".join(
                str(x) for x in ((pr or {}).get("code"), (pr or {}).get("name")) if x
            ) or "(未命名项目)"
            examples.append(Example(label, raw, path, doc, loc))
        entries.append(
            LibraryEntry(
                id=eid,
                name=name,
                key=gk[1],
                level1=_most_common(g.level1) if g.level1 else None,
                level2=g.level2,
                count=g.count,
                documents=len(g.documents),
                kinds=_ordered(g.kinds),
                units=_ordered(g.units),
                comparators=_ordered(g.comparators),
                ranges=ranges,
                descriptions=[
                    g.desc_text[k] for k, _ in sorted(g.descriptions.items(),
                                                      key=lambda kv: (-kv[1], kv[0]))[:3]
                ],
                examples=examples,
                typical_target=g.typical(),
                spellings=[n for n, _ in sorted(g.names.items(), key=lambda kv: (-kv[1], kv[0]))
                           if n != name][:5],
            )
        )

    # projects, deduplicated by name and goal, with the entries they use
    uses: dict[tuple[str, int], set[int]] = {}
    for gk, g in kept:
        for proj in g.projects:
            uses.setdefault(proj, set()).add(entry_of[gk])
    lib_projects: list[LibraryProject] = []
    by_text: dict[tuple[str, str], LibraryProject] = {}
    for pk, p in sorted(proj_rows.items(), key=lambda kv: (str(kv[1].get("path")), kv[0])):
        name = str(p.get("name") or "").strip()
        if not name:
            continue
        tk = (normalize(name), normalize(p.get("goal")))
        lp = by_text.get(tk)
        if lp is None:
            lp = LibraryProject(
                id=len(lib_projects), name=name, goal=p.get("goal"), purpose=p.get("purpose"),
                code=p.get("code"), path=str(p.get("path") or ""), doc_hash=pk[0],
            )
            by_text[tk] = lp
            lib_projects.append(lp)
        else:
            lp.occurrences += 1
        for eid in uses.get(pk, ()):
            lp.entries[eid] = lp.entries.get(eid, 0) + 1
    info = dict(source or {})
    info.setdefault("built", datetime.now(UTC).isoformat(timespec="seconds"))
    info["indicator_rows"] = sum(g.count for g in groups.values())
    info["entries"] = len(entries)
    info["projects"] = len(lib_projects)
    info["min_count"] = min_count
    return IndicatorLibrary(entries, lib_projects, info)


def build_library(out_dir: str | Path, *, min_count: int = 1) -> IndicatorLibrary:
    """The library of a batch output folder (its ``indicators`` and ``projects`` tables)."""
    from jixiao.batch.dataset import table_rows

    indicators = table_rows(out_dir, "indicators", _INDICATOR_COLUMNS)
    projects = table_rows(out_dir, "projects", _PROJECT_COLUMNS)
    documents = table_rows(out_dir, "documents", ("doc_hash", "status", "profile"))
    profiles = sorted({str(d["profile"]) for d in documents if d.get("profile")})
    source = {
        "dataset": str(Path(out_dir)),
        "documents": len(documents),
        "profile": ", ".join(profiles) or None,
    }
    return build_library_from_rows(indicators, projects, source=source, min_count=min_count)
