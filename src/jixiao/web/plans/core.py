"""The web's only door to the core: profiles, the value grammar, the ingesters and the review.

网页端不重写任何规则: every target is parsed by :mod:`jixiao.domain.values`, every document by
:mod:`jixiao.ingest`, every finding comes from :func:`jixiao.review.review_plan`. The core is
imported lazily so that the web starts (and shows a clear message) even where an optional
ingester is missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from jixiao.domain.model import Plan as DomainPlan
from jixiao.domain.profile import RuleProfile, load_profile
from jixiao.domain.target import Target, TargetKind

KIND_LABELS = {
    TargetKind.QUANTITATIVE: "定量",
    TargetKind.TIME: "时效",
    TargetKind.BOOLEAN: "是/否",
    TargetKind.QUALITATIVE: "定性",
    TargetKind.EMPTY: "未填",
}


@lru_cache(maxsize=16)
def profile(name: str) -> RuleProfile:
    """A rule profile by name (cached: profiles are read-only data)."""
    return load_profile(name)


@lru_cache(maxsize=8192)
def parse_target(
    raw: str, level1: str | None, level2: str | None, year: int | None, profile_name: str
) -> Target:
    """The core's reading of a 指标值 (cached; targets are immutable)."""
    from jixiao.domain.values import parse_target as core_parse

    return core_parse(
        raw, level1=level1 or None, level2=level2 or None, year=year, profile=profile(profile_name)
    )


def format_target(t: Target) -> str:
    from jixiao.domain.values import format_target as core_format

    return core_format(t)


def basis_code(text: str | None, profile_name: str) -> str:
    from jixiao.domain.values import basis_code as core_basis

    code = core_basis(text, profile(profile_name))
    return code.value if code is not None else ""


def describe_target(t: Target) -> dict[str, Any]:
    """What the live preview shows: canonical text, kind, comparator and the grammar's notes."""
    formatted = format_target(t)
    comparator = t.comparator.value if t.comparator else None
    shown = formatted
    if t.kind is TargetKind.QUANTITATIVE and comparator and not formatted.startswith(comparator):
        shown = f"{comparator} {formatted}"
    return {
        "raw": t.raw,
        "kind": t.kind.value,
        "kind_label": KIND_LABELS[t.kind],
        "formatted": formatted,
        "display": shown,
        "comparator": comparator,
        "comparator_source": t.comparator_source.value if t.comparator_source else None,
        "unit": t.unit,
        "normalized_value": str(t.normalized_value) if t.normalized_value is not None else None,
        "normalized_unit": t.normalized_unit,
        "deadline": t.deadline.isoformat() if t.deadline else None,
        "notes": list(t.notes),
    }


def review(plan: DomainPlan, profile_name: str) -> Any:
    """Run the core review on a domain plan; returns :class:`jixiao.review.Report`."""
    from jixiao.review import review_plan

    return review_plan(plan, profile(profile_name))


def supported_suffixes() -> Sequence[str]:
    """File endings the ingesters read (what the import form accepts)."""
    import jixiao.ingest as ingest

    suffixes: Any = getattr(ingest, "SUPPORTED_SUFFIXES", None)
    if not suffixes:
        from jixiao.ingest import text

        suffixes = getattr(text, "TEXT_SUFFIXES", (".txt",))
    # An upload needs an ending to say what it is; "" (no ending) is for the command line.
    return tuple(sorted(str(s).lower() for s in suffixes if s))


def parse_document(path: Path, profile_name: str) -> DomainPlan:
    """Read an uploaded document into a domain Plan with :func:`jixiao.ingest.parse_file`.

    Raises :class:`jixiao.domain.errors.JixiaoError` (a Chinese message with the place) on bad
    input; the caller shows it to the user.
    """
    import jixiao.ingest as ingest

    parse_file = getattr(ingest, "parse_file", None)
    if parse_file is None:
        from jixiao.domain.errors import JixiaoError

        raise JixiaoError("本系统尚未安装文档解析模块 (jixiao.ingest.parse_file)")
    result: DomainPlan = parse_file(path, profile=profile(profile_name))
    return result
