"""Load a plan from a file: Plan JSON or any document the ingesters read (读取计划).

Every command that takes a PLAN argument (review, monitor, evaluate, export, …) calls
:func:`load_plan`, so they all accept the same inputs and give the same errors.
"""

from __future__ import annotations

import json
from pathlib import Path

from jixiao.domain import jsonio
from jixiao.domain.errors import InputError
from jixiao.domain.model import Plan, SourceRef
from jixiao.domain.profile import RuleProfile


def read_plan_json(path: Path) -> Plan:
    """A plan from a Plan JSON file, with errors that say where and why."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("计划 JSON 应为 UTF-8 编码", SourceRef(file=path.name)) from exc
    try:
        plan = jsonio.plan_from_json(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"不是有效的 JSON (第{exc.lineno}行第{exc.colno}列: {exc.msg})",
            SourceRef(file=path.name, line=exc.lineno),
        ) from exc
    except RecursionError as exc:
        raise InputError("计划 JSON 嵌套过深, 无法读取", SourceRef(file=path.name)) from exc
    except (KeyError, ValueError, TypeError, AttributeError, ArithmeticError) as exc:
        # ArithmeticError: decimal.InvalidOperation of a number Decimal cannot hold
        # (1e99999999999999999999) or of a percent written as text that is no number
        what = str(exc) if not isinstance(exc, ArithmeticError) else "数值无效或超出范围"
        raise InputError(f"不是有效的计划 JSON: {what}", SourceRef(file=path.name)) from exc
    if plan.source_file is None:
        plan.source_file = path.name
    return plan


def load_plan(path: str | Path, profile: RuleProfile | None = None) -> Plan:
    """A plan from Plan JSON (``.json``) or from a document through the ingesters."""
    p = Path(path)
    if not p.is_file():
        raise InputError("计划文件不存在", SourceRef(file=str(p)))
    if p.suffix.lower() == ".json":
        return read_plan_json(p)
    from jixiao.ingest import parse_file

    return parse_file(p, profile=profile)
