"""Posted page forms → the input dataclasses of :mod:`monitoring` and :mod:`evaluation`.

Field names (plain HTML inputs, one row per indicator):

- progress sheet: ``sp-reason-<k>``, ``sp-likelihood``, ``sp-rectification``, ``sp-remarks``
  for the 预算执行 row; ``row-<indicator id>-value|forecast|unit|likelihood|rectification|
  remarks`` and ``row-<id>-reason-<k>`` (``k``: position of the deviation kind in the profile);
- self-evaluation: ``outcome``, ``execution_reason``, ``fund-count`` and
  ``fund-<n>-source|initial|adjusted|spent``, ``row-<indicator id>-actual|score|explanation``.

Problems come back as ``[(location, message)]`` with the same locations the services use.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from jixiao.web.cycle.evaluation import ActualsInput, FundInput, RowInput
from jixiao.web.cycle.monitoring import EntryInput, SheetInput

Errors = list[tuple[tuple[str | int, ...], str]]


def _text(post: Mapping[str, Any], name: str, limit: int = 4000) -> str:
    value = post.get(name, "")
    return str(value).replace("\x00", "")[:limit]


def parse_decimal(raw: str, loc: tuple[str | int, ...], errors: Errors) -> Decimal | None:
    text = raw.strip().replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors.append((loc, f"{raw.strip()!r} 不是数值"))
        return None
    if not value.is_finite():
        errors.append((loc, f"{raw.strip()!r} 不是数值"))
        return None
    return value


def _likelihood(raw: str, loc: tuple[str | int, ...], errors: Errors) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if raw.isdigit() and len(raw) < 4:
        return int(raw)
    errors.append((loc, "完成可能性应为 1、2 或 3"))
    return None


def _flag(raw: str) -> bool | None:
    return {"yes": True, "no": False, "是": True, "否": False}.get(raw.strip())


def _entry(
    post: Mapping[str, Any],
    prefix: str,
    kinds: Sequence[str],
    loc: tuple[str | int, ...],
    errors: Errors,
    *,
    values: bool,
) -> EntryInput:
    e = EntryInput(
        reasons={
            k: _text(post, f"{prefix}-reason-{n}")
            for n, k in enumerate(kinds)
            if _text(post, f"{prefix}-reason-{n}").strip()
        },
        likelihood=_likelihood(_text(post, f"{prefix}-likelihood"), (*loc, "likelihood"), errors),
        rectification=_flag(_text(post, f"{prefix}-rectification")),
        remarks=_text(post, f"{prefix}-remarks"),
    )
    if values:
        e.value = _text(post, f"{prefix}-value", 200)
        e.forecast = _text(post, f"{prefix}-forecast", 200)
        e.unit = _text(post, f"{prefix}-unit", 20)
    return e


def sheet_input(
    post: Mapping[str, Any], indicator_ids: Sequence[int], kinds: Sequence[str]
) -> tuple[SheetInput, Errors]:
    errors: Errors = []
    spending = _entry(post, "sp", kinds, ("spending",), errors, values=False)
    rows = {
        ind_id: _entry(post, f"row-{ind_id}", kinds, ("rows", ind_id), errors, values=True)
        for ind_id in indicator_ids
    }
    return SheetInput(spending=spending, rows=rows), errors


def actuals_input(
    post: Mapping[str, Any], indicator_ids: Sequence[int]
) -> tuple[ActualsInput, Errors]:
    errors: Errors = []
    count_text = _text(post, "fund-count", 4)
    count = min(int(count_text), 50) if count_text.isdigit() else 0
    funds = []
    for n in range(count):
        p = f"fund-{n}"
        source = _text(post, f"{p}-source", 100).strip()
        amounts = {
            k: parse_decimal(_text(post, f"{p}-{k}", 40), ("funds", n, k), errors)
            for k in ("initial", "adjusted", "spent")
        }
        if not source and all(v is None for v in amounts.values()):
            continue
        funds.append(FundInput(source, amounts["initial"], amounts["adjusted"], amounts["spent"]))
    rows = {}
    for ind_id in indicator_ids:
        p = f"row-{ind_id}"
        rows[ind_id] = RowInput(
            actual=_text(post, f"{p}-actual", 200),
            score=parse_decimal(_text(post, f"{p}-score", 40), ("rows", ind_id, "score"), errors),
            explanation=_text(post, f"{p}-explanation"),
        )
    data = ActualsInput(
        outcome=_text(post, "outcome"),
        execution_reason=_text(post, "execution_reason"),
        funds=funds,
        rows=rows,
    )
    return data, errors


def by_field(errors: Errors) -> dict[str, str]:
    """Errors keyed by the posted field name they belong to (for showing beside the field)."""
    out: dict[str, str] = {}
    for loc, message in errors:
        if not loc:
            continue
        if loc[0] == "rows" and len(loc) >= 2:
            name = f"row-{loc[1]}-{loc[2]}" if len(loc) > 2 else f"row-{loc[1]}"
        elif loc[0] == "funds" and len(loc) >= 3:
            name = f"fund-{loc[1]}-{loc[2]}"
        elif loc[0] == "spending" and len(loc) >= 2:
            name = f"sp-{loc[1]}"
        else:
            name = str(loc[0])
        out[name] = f"{out[name]}; {message}" if name in out else message
    return out
