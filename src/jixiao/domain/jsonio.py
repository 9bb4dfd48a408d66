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
from jixiao.domain.target import (
    NUMBER_MAX_EXPONENT,
    Comparator,
    ComparatorSource,
    Target,
    TargetKind,
)

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


# A number in a Plan JSON file: finite, and within 10^±(2 × NUMBER_MAX_EXPONENT): room for
# the normalised value of any number the value grammar reads (亿元 → 元 adds 8 places);
# far beyond, arithmetic can leave Decimal's exponent range (see target.py).
_JSON_MAX_EXPONENT = 2 * NUMBER_MAX_EXPONENT


def _dec_in(v: Any) -> Decimal | None:
    if v is None:
        return None
    if isinstance(v, bool):
        raise ValueError(f"应为数值: {v!r}")
    if isinstance(v, int | Decimal | str):
        d = Decimal(v)
    else:
        raise ValueError(f"应为数值: {v!r}")
    if not d.is_finite() or (not d.is_zero() and abs(d.adjusted()) > _JSON_MAX_EXPONENT):
        raise ValueError(f"数值无效或超出范围: {str(v)[:40]}")
    return d


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


# Every value is checked for its type as it is read: a hand-edited file with a list where a
# text belongs must be refused here, with the field named, not break a review or a report
# later. (Missing keys stay allowed: a hand-written plan may leave fields out.)


def _text(d: Mapping[str, Any], key: str, default: str | None = None) -> str | None:
    v = d.get(key, default)
    if v is not None and not isinstance(v, str):
        raise ValueError(f"字段 {key} 应为文字或 null, 得到 {type(v).__name__}")
    return v


def _req_text(d: Mapping[str, Any], key: str) -> str:
    v = _text(d, key)
    if v is None:
        raise ValueError(f"缺少字段 {key} (应为文字)")
    return v


def _int(d: Mapping[str, Any], key: str) -> int | None:
    v = d.get(key)
    if v is not None and (isinstance(v, bool) or not isinstance(v, int)):
        raise ValueError(f"字段 {key} 应为整数或 null, 得到 {type(v).__name__}")
    return v


def _bool(d: Mapping[str, Any], key: str) -> bool | None:
    v = d.get(key)
    if v is not None and not isinstance(v, bool):
        raise ValueError(f"字段 {key} 应为 true/false 或 null, 得到 {type(v).__name__}")
    return v


def _list(d: Mapping[str, Any], key: str) -> list[Any]:
    v = d.get(key)
    if v is None:
        return []
    if not isinstance(v, list):
        raise ValueError(f"字段 {key} 应为列表, 得到 {type(v).__name__}")
    return v


def _texts(d: Mapping[str, Any], key: str) -> list[str]:
    items = _list(d, key)
    if not all(isinstance(x, str) for x in items):
        raise ValueError(f"字段 {key} 应为文字的列表")
    return list(items)


def _obj(v: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(v, Mapping):
        raise ValueError(f"{what} 应为对象 (JSON object), 得到 {type(v).__name__}")
    return v


_SOURCE_TEXT = frozenset({"file", "sheet", "cell"})


def source_from_dict(d: Mapping[str, Any] | None) -> SourceRef | None:
    if d is None:
        return None
    d = _obj(d, "source")
    fields: dict[str, Any] = {
        k: (_text(d, k) if k in _SOURCE_TEXT else _int(d, k)) for k in SourceRef.__slots__ if k in d
    }
    return SourceRef(**fields)


def _date_in(v: Any) -> date | None:
    if v is not None and not isinstance(v, str):
        raise ValueError(f"日期应为 YYYY-MM-DD 文字, 得到 {type(v).__name__}")
    return date.fromisoformat(v) if v else None


def target_from_dict(d: Mapping[str, Any]) -> Target:
    d = _obj(d, "target")
    norm = _obj(d.get("normalized") or {}, "target.normalized")
    return Target(
        raw=_text(d, "raw", "") or "",
        kind=TargetKind(d["kind"]),
        comparator=Comparator(d["comparator"]) if d.get("comparator") else None,
        comparator_source=(
            ComparatorSource(d["comparator_source"]) if d.get("comparator_source") else None
        ),
        value=_dec_in(d.get("value")),
        unit=_text(d, "unit"),
        normalized_value=_dec_in(norm.get("value")),
        normalized_unit=_text(norm, "unit"),
        lower=_dec_in(d.get("lower")),
        upper=_dec_in(d.get("upper")),
        deadline=_date_in(d.get("deadline")),
        deadline_month=_int(d, "deadline_month"),
        start=_date_in(d.get("start")),
        flag=_bool(d, "flag"),
        grade=_text(d, "grade"),
        notes=tuple(_texts(d, "notes")),
    )


def money_from_dict(d: Mapping[str, Any] | None) -> Money | None:
    if d is None:
        return None
    d = _obj(d, "money")
    amount = _dec_in(d["amount"])
    if amount is None:
        raise ValueError("金额 amount 不能为空 (null)")
    return Money(amount, MoneyUnit(d.get("unit", "万元")))


def indicator_from_dict(d: Mapping[str, Any]) -> Indicator:
    d = _obj(d, "indicator")
    return Indicator(
        id=_text(d, "id"),
        level1=_text(d, "level1"),
        level2=_text(d, "level2"),
        level3=_text(d, "level3"),
        description=_text(d, "description"),
        target=target_from_dict(d["target"]) if d.get("target") else Target.empty(),
        long_term_target=target_from_dict(d["long_term_target"])
        if d.get("long_term_target")
        else None,
        basis=_text(d, "basis"),
        basis_code=BasisCode(d["basis_code"]) if d.get("basis_code") else None,
        weight=_dec_in(d.get("weight")),
        source=source_from_dict(d.get("source")),
    )


def _checkpoint(c: Any) -> Checkpoint:
    c = _obj(c, "spending_plan item")
    month = _int(c, "month")
    if month is None or not 1 <= month <= 12:
        raise ValueError(f"支出计划的月份应为 1–12, 得到 {c.get('month')!r}")
    percent = _dec_in(c.get("percent"))
    if percent is None:
        raise ValueError("支出计划缺少 percent")
    return Checkpoint(label=_req_text(c, "label"), month=month, percent=percent)


def project_from_dict(d: Mapping[str, Any]) -> Project:
    d = _obj(d, "project")
    funds = _obj(d.get("funds") or {}, "funds")
    lines = []
    for f in _list(funds, "lines"):
        f = _obj(f, "funds.lines item")
        amount = money_from_dict(f["amount"])
        if amount is None:
            raise ValueError("资金来源缺少金额 amount")
        lines.append(FundLine(source=_req_text(f, "source"), amount=amount))
    return Project(
        code=_text(d, "code"),
        name=_text(d, "name"),
        department=_text(d, "department"),
        unit=_text(d, "unit"),
        funds=Funds(total=money_from_dict(funds.get("total")), lines=lines),
        purpose=_text(d, "purpose"),
        spending_plan=[_checkpoint(c) for c in _list(d, "spending_plan")],
        goal=_text(d, "goal"),
        long_term_goal=_text(d, "long_term_goal"),
        indicators=[indicator_from_dict(i) for i in _list(d, "indicators")],
        source=source_from_dict(d.get("source")),
    )


def plan_from_dict(d: Mapping[str, Any]) -> Plan:
    d = _obj(d, "plan")
    if d.get("format") not in (None, "jixiao.plan"):
        raise ValueError(f"不是 jixiao 计划 JSON (format={d.get('format')!r})")
    sub_goals = []
    for g in _list(d, "sub_goals"):
        g = _obj(g, "sub_goal")
        sub_goals.append(
            SubGoal(
                title=_req_text(g, "title"),
                goal=_text(g, "goal"),
                indicators=_texts(g, "indicators"),
                targets=[indicator_from_dict(i) for i in _list(g, "targets")],
                project_codes=_texts(g, "project_codes"),
                source=source_from_dict(g.get("source")),
            )
        )
    measures = []
    for m in _list(d, "measures"):
        m = _obj(m, "measure")
        measures.append(
            Measure(
                title=_req_text(m, "title"),
                text=_text(m, "text"),
                source=source_from_dict(m.get("source")),
            )
        )
    leftovers = []
    for lo in _list(d, "leftovers"):
        lo = _obj(lo, "leftover")
        leftovers.append(
            Leftover(
                text=_req_text(lo, "text"),
                reason=_text(lo, "reason", "") or "",
                source=source_from_dict(lo.get("source")),
            )
        )
    return Plan(
        year=_int(d, "year"),
        department=_text(d, "department"),
        unit=_text(d, "unit"),
        source_file=_text(d, "source_file"),
        overall_goal=_text(d, "overall_goal"),
        sub_goals=sub_goals,
        measures=measures,
        projects=[project_from_dict(p) for p in _list(d, "projects")],
        leftovers=leftovers,
    )


def plan_from_json(text: str) -> Plan:
    return plan_from_dict(loads(text))
