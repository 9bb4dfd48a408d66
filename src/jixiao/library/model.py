"""The indicator library (指标库) as data: entries, the projects they come from, a file format.

An :class:`IndicatorLibrary` is built from a batch dataset (:mod:`jixiao.library.build`):
each :class:`LibraryEntry` is one level-3 indicator name (normalised for matching, shown as
most often written) under one level-2 category, with how often it is used, its typical units,
comparators and value ranges, common descriptions and example projects. The projects
(:class:`LibraryProject`: name, goal, the entries they use) are kept too, so that
:func:`jixiao.library.suggest.suggest` can propose the indicators of similar projects.

The file format is JSON (``.json``, or ``.json.gz`` compressed) with exact decimal numbers.
"""

from __future__ import annotations

import gzip
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.domain import jsonio
from jixiao.domain.errors import InputError
from jixiao.domain.model import SourceRef

__all__ = [
    "LIBRARY_FORMAT",
    "Example",
    "IndicatorLibrary",
    "LibraryEntry",
    "LibraryProject",
    "ValueRange",
    "load_library",
    "plain_number",
    "save_library",
]

LIBRARY_FORMAT = "jixiao.library"
LIBRARY_VERSION = 1


@dataclass(frozen=True, slots=True)
class ValueRange:
    """The numbers written for an indicator in one unit: how many, lowest, median, highest."""

    unit: str
    n: int
    low: Decimal
    median: Decimal
    high: Decimal

    def describe(self) -> str:
        """``90–100 % (中位数 95, 12 例)``."""
        u = "" if self.unit in ("%", "") else " "
        low, high = plain_number(self.low), plain_number(self.high)
        span = low if self.low == self.high else f"{low}–{high}"
        return f"{span}{u}{self.unit} (中位数 {plain_number(self.median)}, {self.n} 例)"


def plain_number(d: Decimal) -> str:
    """A decimal as plain text without trailing zeros: ``95.50`` → ``95.5``, ``1E+2`` → ``100``."""
    text = f"{d:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@dataclass(frozen=True, slots=True)
class Example:
    """One place an indicator was used: the project, the target as written, the source."""

    project: str
    target: str
    path: str
    doc_hash: str
    location: str | None = None


@dataclass(slots=True)
class LibraryEntry:
    """One level-3 indicator of the library (see module doc)."""

    id: int
    name: str
    key: str
    level1: str | None
    level2: str | None
    count: int
    documents: int
    kinds: dict[str, int] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)
    comparators: dict[str, int] = field(default_factory=dict)
    ranges: list[ValueRange] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)
    typical_target: str | None = None
    spellings: list[str] = field(default_factory=list)

    @property
    def quantified_share(self) -> float:
        """Share of uses with a quantitative target (0–1)."""
        return self.kinds.get("quantitative", 0) / self.count if self.count else 0.0

    @property
    def main_unit(self) -> str | None:
        return max(self.units, key=lambda u: self.units[u]) if self.units else None

    @property
    def main_comparator(self) -> str | None:
        return (
            max(self.comparators, key=lambda c: self.comparators[c]) if self.comparators else None
        )

    def text(self) -> str:
        """What the suggestion index reads for this entry: name and descriptions."""
        return " ".join([self.name, *self.spellings, *self.descriptions])


@dataclass(slots=True)
class LibraryProject:
    """A project seen in the dataset (name, goal, purpose) and the entries it used.

    Projects with the same name and goal (the same project in several documents or years)
    are one library project: ``occurrences`` counts them and ``entries`` maps each entry
    used to the number of occurrences that used it.
    """

    id: int
    name: str
    goal: str | None
    purpose: str | None
    code: str | None
    path: str
    doc_hash: str
    occurrences: int = 1
    entries: dict[int, int] = field(default_factory=dict)

    def text(self) -> str:
        return " ".join(x for x in (self.name, self.goal, self.purpose) if x)


@dataclass(slots=True)
class IndicatorLibrary:
    """Entries, projects and where they came from (``source``: dataset, counts, profile)."""

    entries: list[LibraryEntry]
    projects: list[LibraryProject]
    source: dict[str, Any] = field(default_factory=dict)
    _index: Any = field(default=None, repr=False, compare=False)

    def by_level2(self) -> dict[str, list[LibraryEntry]]:
        """Entries grouped by level 2 (``(未分类)`` when unknown), most used first."""
        groups: dict[str, list[LibraryEntry]] = {}
        for e in self.entries:
            groups.setdefault(e.level2 or "(未分类)", []).append(e)
        for g in groups.values():
            g.sort(key=lambda e: (-e.count, e.name))
        return groups

    def entry(self, entry_id: int) -> LibraryEntry:
        return self.entries[entry_id]

    def find(self, name: str, level2: str | None = None) -> LibraryEntry | None:
        """The entry of a level-3 name (matched on its normalised form)."""
        from jixiao.library.build import name_key

        key = name_key(name)
        for e in self.entries:
            if e.key == key and (level2 is None or e.level2 == level2):
                return e
        return None

    # --- file format ------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": LIBRARY_FORMAT,
            "version": LIBRARY_VERSION,
            "source": self.source,
            "entries": [
                {
                    "id": e.id, "name": e.name, "key": e.key, "level1": e.level1,
                    "level2": e.level2, "count": e.count, "documents": e.documents,
                    "kinds": e.kinds, "units": e.units, "comparators": e.comparators,
                    "ranges": [
                        {"unit": r.unit, "n": r.n, "low": r.low, "median": r.median,
                         "high": r.high}
                        for r in e.ranges
                    ],
                    "descriptions": e.descriptions,
                    "examples": [
                        {"project": x.project, "target": x.target, "path": x.path,
                         "doc_hash": x.doc_hash, "location": x.location}
                        for x in e.examples
                    ],
                    "typical_target": e.typical_target,
                    "spellings": e.spellings,
                }
                for e in self.entries
            ],
            "projects": [
                {"id": p.id, "name": p.name, "goal": p.goal, "purpose": p.purpose,
                 "code": p.code, "path": p.path, "doc_hash": p.doc_hash,
                 "occurrences": p.occurrences,
                 "entries": [[eid, n] for eid, n in sorted(p.entries.items())]}
                for p in self.projects
            ],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> IndicatorLibrary:
        entries = [
            LibraryEntry(
                id=int(e["id"]), name=e["name"], key=e["key"], level1=e.get("level1"),
                level2=e.get("level2"), count=int(e["count"]), documents=int(e["documents"]),
                kinds=dict(e.get("kinds", {})), units=dict(e.get("units", {})),
                comparators=dict(e.get("comparators", {})),
                ranges=[
                    ValueRange(r["unit"], int(r["n"]), Decimal(r["low"]), Decimal(r["median"]),
                               Decimal(r["high"]))
                    for r in e.get("ranges", [])
                ],
                descriptions=list(e.get("descriptions", [])),
                examples=[
                    Example(x["project"], x["target"], x["path"], x["doc_hash"],
                            x.get("location"))
                    for x in e.get("examples", [])
                ],
                typical_target=e.get("typical_target"),
                spellings=list(e.get("spellings", [])),
            )
            for e in d["entries"]
        ]
        projects = [
            LibraryProject(
                id=int(p["id"]), name=p["name"], goal=p.get("goal"), purpose=p.get("purpose"),
                code=p.get("code"), path=p["path"], doc_hash=p["doc_hash"],
                occurrences=int(p.get("occurrences", 1)),
                entries={int(eid): int(n) for eid, n in p.get("entries", [])},
            )
            for p in d["projects"]
        ]
        for k, e in enumerate(entries):
            if e.id != k:
                raise ValueError(f"entry {k} has id {e.id}")
        for p in projects:
            for x in p.entries:
                if not 0 <= x < len(entries):
                    raise ValueError(f"project {p.id} uses unknown entry {x}")
        return cls(entries, projects, dict(d.get("source", {})))


def save_library(library: IndicatorLibrary, path: str | Path) -> Path:
    """Write the library as JSON (gzip-compressed when the name ends in ``.gz``)."""
    p = Path(path)
    text = jsonio.dumps(library.to_dict(), indent=None)
    data = text.encode("utf-8")
    if p.suffix == ".gz":
        data = gzip.compress(data, mtime=0)
    from jixiao.batch.ledger import write_atomic

    write_atomic(p, data)
    return p


def load_library(path: str | Path) -> IndicatorLibrary:
    """Read a library file; :class:`InputError` (in Chinese) if it is not one."""
    p = Path(path)
    where = SourceRef(file=str(p))
    try:
        raw = p.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("指标库文件不存在", where) from exc
    except OSError as exc:
        raise InputError(f"无法读取指标库文件: {exc.strerror or exc}", where) from exc
    try:
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        data = jsonio.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"不是有效的指标库文件 (JSON): {exc}", where) from exc
    if not isinstance(data, dict) or data.get("format") != LIBRARY_FORMAT:
        raise InputError("不是 jixiao 指标库文件 (format 应为 jixiao.library)", where)
    if data.get("version") != LIBRARY_VERSION:
        raise InputError(f"不支持的指标库版本 {data.get('version')!r}", where)
    try:
        return IndicatorLibrary.from_dict(data)
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise InputError(f"指标库文件内容有误: {exc}", where) from exc
