"""Plan ⇄ JSON, lossless (计划的 JSON 交换格式).

Every command reads and writes this format; ``docs/plan.schema.json`` describes it.
Decimals are written as exact JSON numbers (``2600000000``, ``0.95``), never via float, and
read back as :class:`~decimal.Decimal`. Dates are ISO strings. Empty fields are ``null``.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from jixiao.domain.model import (
    BasisCode,
    Checkpoint,
    FundLine,
    Funds,
    Indicator,
    Leftover,
    Measure,
    Plan,
    Project,
    SourceRef,
    SubGoal,
)
from jixiao.domain.money import Money, MoneyUnit
from jixiao.domain.target import Comparator, ComparatorSource, Target, TargetKind

FORMAT_VERSION = 1

# Decimals travel through json.dumps as marked strings and are then unquoted. The mark
# carries a fresh random token per call, so that no user text can ever be taken for a number.
_MARK_PREFIX = "\u0000DEC"


def _dec_out(d: Decimal, mark: str) -> str:
    if not d.is_finite():
        raise ValueError(f"无法写出非有限数值: {d}")
    text = f"{d:f}"
    return mark + text


def _prepare(obj: Any, mark: str) -> Any:
    if isinstance(obj, Decimal):
        return _dec_out(obj, mark)
    if isinstance(obj, Mapping):
        return {k: _prepare(v, mark) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_prepare(v, mark) for v in obj]
    if isinstance(obj, date):
        return obj.isoformat()
    return obj


def dumps(obj: Any, *, indent: int | None = 2) -> str:
    """JSON text with Decimals as exact numbers and Chinese kept readable."""
    mark = f"{_MARK_PREFIX}{secrets.token_hex(8)}:"
    text = json.dumps(_prepare(obj, mark), ensure_ascii=False, indent=indent)
    pattern = re.compile('"' + re.escape(json.dumps(mark)[1:-1]) + r'(-?[0-9.E+-]+)"')
    return pattern.sub(lambda m: m.group(1), text)


def loads(text: str) -> Any:
    """Parse JSON, reading every non-integer number as Decimal."""
    return json.loads(text, parse_float=Decimal)


def _dec_in(v: Any) -> Decimal | None:
    if v is None:
        return None
    if isinstance(v, bool):
        raise ValueError(f"应为数值: {v!r}")
    if isinstance(v, int | Decimal):
        return Decimal(v)
    if isinstance(v, str):
        return Decimal(v)
    raise ValueError(f"应为数值: {v!r}")


# --- to dict -----------------------------------------------------------------------------


def source_to_dict(s: SourceRef | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {k: getattr(s, k) for k in SourceRef.__slots__ if getattr(s, k) is not None}


def target_to_dict(t: Target) -> dict[str, Any]:
    d: dict[str, Any] = {
        "raw": t.raw,
        "kind": t.kind.value,
        "comparator": t.comparator.value if t.comparator else None,
        "comparator_source": t.comparator_source.value if t.comparator_source else None,
        "value": t.value,
        "unit": t.unit,
        "normalized": (
            {"value": t.normalized_value, "unit": t.normalized_unit}
            if t.normalized_value is not None or t.normalized_unit is not None
            else None
        ),
        "lower": t.lower,
        "upper": t.upper,
        "deadline": t.deadline,
        "deadline_month": t.deadline_month,
        "start": t.start,
        "flag": t.flag,
        "grade": t.grade,
        "notes": list(t.notes),
    }
    return d


def money_to_dict(m: Money | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {"amount": m.amount, "unit": m.unit.value, "yuan": m.to_yuan()}


def indicator_to_dict(i: Indicator) -> dict[str, Any]:
    return {
        "id": i.id,
        "level1": i.level1,
        "level2": i.level2,
        "level3": i.level3,
        "description": i.description,
        "target": target_to_dict(i.target),
        "long_term_target": target_to_dict(i.long_term_target) if i.long_term_target else None,
        "basis": i.basis,
        "basis_code": i.basis_code.value if i.basis_code else None,
        "weight": i.weight,
        "source": source_to_dict(i.source),
    }


def project_to_dict(p: Project) -> dict[str, Any]:
    return {
        "code": p.code,
        "name": p.name,
        "department": p.department,
        "unit": p.unit,
        "funds": {
            "total": money_to_dict(p.funds.total),
            "lines": [
                {"source": f.source, "amount": money_to_dict(f.amount)} for f in p.funds.lines
            ],
        },
        "purpose": p.purpose,
        "spending_plan": [
            {"label": c.label, "month": c.month, "percent": c.percent} for c in p.spending_plan
        ],
        "goal": p.goal,
        "long_term_goal": p.long_term_goal,
        "indicators": [indicator_to_dict(i) for i in p.indicators],
        "source": source_to_dict(p.source),
    }


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    return {
        "format": "jixiao.plan",
        "version": FORMAT_VERSION,
        "year": plan.year,
        "department": plan.department,
        "unit": plan.unit,
        "source_file": plan.source_file,
        "overall_goal": plan.overall_goal,
        "sub_goals": [
            {
                "title": g.title,
                "goal": g.goal,
                "indicators": list(g.indicators),
                "targets": [indicator_to_dict(i) for i in g.targets],
                "project_codes": list(g.project_codes),
                "source": source_to_dict(g.source),
            }
            for g in plan.sub_goals
        ],
        "measures": [
            {"title": m.title, "text": m.text, "source": source_to_dict(m.source)}
            for m in plan.measures
        ],
        "projects": [project_to_dict(p) for p in plan.projects],
        "leftovers": [
            {"text": lo.text, "reason": lo.reason, "source": source_to_dict(lo.source)}
            for lo in plan.leftovers
        ],
    }


def plan_to_json(plan: Plan, *, indent: int | None = 2) -> str:
    return dumps(plan_to_dict(plan), indent=indent)


# --- from dict ---------------------------------------------------------------------------


def source_from_dict(d: Mapping[str, Any] | None) -> SourceRef | None:
    if d is None:
        return None
    return SourceRef(**{k: d[k] for k in SourceRef.__slots__ if k in d})


def _date_in(v: Any) -> date | None:
    return date.fromisoformat(v) if v else None


def target_from_dict(d: Mapping[str, Any]) -> Target:
    norm = d.get("normalized") or {}
    return Target(
        raw=d.get("raw", ""),
        kind=TargetKind(d["kind"]),
        comparator=Comparator(d["comparator"]) if d.get("comparator") else None,
        comparator_source=(
            ComparatorSource(d["comparator_source"]) if d.get("comparator_source") else None
        ),
        value=_dec_in(d.get("value")),
        unit=d.get("unit"),
        normalized_value=_dec_in(norm.get("value")),
        normalized_unit=norm.get("unit"),
        lower=_dec_in(d.get("lower")),
        upper=_dec_in(d.get("upper")),
        deadline=_date_in(d.get("deadline")),
        deadline_month=d.get("deadline_month"),
        start=_date_in(d.get("start")),
        flag=d.get("flag"),
        grade=d.get("grade"),
        notes=tuple(d.get("notes", ())),
    )


def money_from_dict(d: Mapping[str, Any] | None) -> Money | None:
    if d is None:
        return None
    amount = _dec_in(d["amount"])
    if amount is None:
        raise ValueError("金额 amount 不能为空 (null)")
    return Money(amount, MoneyUnit(d.get("unit", "万元")))


def indicator_from_dict(d: Mapping[str, Any]) -> Indicator:
    return Indicator(
        id=d.get("id"),
        level1=d.get("level1"),
        level2=d.get("level2"),
        level3=d.get("level3"),
        description=d.get("description"),
        target=target_from_dict(d["target"]) if d.get("target") else Target.empty(),
        long_term_target=target_from_dict(d["long_term_target"])
        if d.get("long_term_target")
        else None,
        basis=d.get("basis"),
        basis_code=BasisCode(d["basis_code"]) if d.get("basis_code") else None,
        weight=_dec_in(d.get("weight")),
        source=source_from_dict(d.get("source")),
    )


def project_from_dict(d: Mapping[str, Any]) -> Project:
    funds = d.get("funds") or {}
    lines = []
    for f in funds.get("lines", []):
        amount = money_from_dict(f["amount"])
        assert amount is not None
        lines.append(FundLine(source=f["source"], amount=amount))
    return Project(
        code=d.get("code"),
        name=d.get("name"),
        department=d.get("department"),
        unit=d.get("unit"),
        funds=Funds(total=money_from_dict(funds.get("total")), lines=lines),
        purpose=d.get("purpose"),
        spending_plan=[
            Checkpoint(label=c["label"], month=int(c["month"]), percent=Decimal(c["percent"]))
            for c in d.get("spending_plan", [])
        ],
        goal=d.get("goal"),
        long_term_goal=d.get("long_term_goal"),
        indicators=[indicator_from_dict(i) for i in d.get("indicators", [])],
        source=source_from_dict(d.get("source")),
    )


def plan_from_dict(d: Mapping[str, Any]) -> Plan:
    if d.get("format") not in (None, "jixiao.plan"):
        raise ValueError(f"不是 jixiao 计划 JSON (format={d.get('format')!r})")
    return Plan(
        year=d.get("year"),
        department=d.get("department"),
        unit=d.get("unit"),
        source_file=d.get("source_file"),
        overall_goal=d.get("overall_goal"),
        sub_goals=[
            SubGoal(
                title=g["title"],
                goal=g.get("goal"),
                indicators=list(g.get("indicators", [])),
                targets=[indicator_from_dict(i) for i in g.get("targets", [])],
                project_codes=list(g.get("project_codes", [])),
                source=source_from_dict(g.get("source")),
            )
            for g in d.get("sub_goals", [])
        ],
        measures=[
            Measure(title=m["title"], text=m.get("text"), source=source_from_dict(m.get("source")))
            for m in d.get("measures", [])
        ],
        projects=[project_from_dict(p) for p in d.get("projects", [])],
        leftovers=[
            Leftover(
                text=lo["text"],
                reason=lo.get("reason", ""),
                source=source_from_dict(lo.get("source")),
            )
            for lo in d.get("leftovers", [])
        ],
    )


def plan_from_json(text: str) -> Plan:
    return plan_from_dict(loads(text))
