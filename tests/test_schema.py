"""docs/plan.schema.json describes exactly what jsonio.plan_to_dict writes."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from answer_key import plan_from_answer_key
from jixiao.domain import jsonio
from jixiao.domain.model import Plan
from test_jsonio import rich_plan

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "docs" / "plan.schema.json"


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _as_json(plan: Plan) -> Any:
    """What an outside reader sees: the JSON text parsed by a plain JSON library."""
    return json.loads(jsonio.plan_to_json(plan))


def _errors(validator: Draft202012Validator, data: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)
    ]


def test_schema_is_draft_2020_12() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_answer_key_plan_is_valid(validator: Draft202012Validator) -> None:
    data = _as_json(plan_from_answer_key())
    assert _errors(validator, data) == []
    assert len(data["projects"]) == 2 and len(data["projects"][1]["indicators"]) == 9


def test_hand_built_rich_plan_is_valid(validator: Draft202012Validator) -> None:
    assert _errors(validator, _as_json(rich_plan())) == []


def test_empty_plan_is_valid(validator: Draft202012Validator) -> None:
    assert _errors(validator, _as_json(Plan())) == []


def test_schema_names_every_key_plan_to_dict_writes(validator: Draft202012Validator) -> None:
    """Every key written is required by the schema (no key is undocumented or optional)."""
    data = _as_json(rich_plan())
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    defs = schema["$defs"]
    assert set(data) == set(schema["required"])
    assert set(data["projects"][0]) == set(defs["project"]["required"])
    indicator = data["projects"][0]["indicators"][0]
    assert set(indicator) == set(defs["indicator"]["required"])
    assert set(indicator["target"]) == set(defs["target"]["required"])
    assert set(data["sub_goals"][0]) == set(defs["subGoal"]["required"])
    assert set(data["measures"][0]) == set(defs["measure"]["required"])
    assert set(data["leftovers"][0]) == set(defs["leftover"]["required"])


def _break(data: Any, path: list[Any], value: Any) -> Any:
    broken = copy.deepcopy(data)
    node = broken
    for key in path[:-1]:
        node = node[key]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return broken


_DELETE = object()
_TARGET = ["projects", 0, "indicators", 0, "target"]

BROKEN = [
    (["format"], "other.plan", "format"),
    (["version"], 2, "version"),
    (["year"], "2023", "year"),
    (["projects"], _DELETE, "projects"),
    (["projects", 0, "funds", "total", "unit"], "美元", "unit"),
    (["projects", 0, "funds", "total", "amount"], "150", "amount"),
    (["projects", 0, "spending_plan", 0, "month"], 13, "month"),
    ([*_TARGET, "kind"], "numeric", "kind"),
    ([*_TARGET, "comparator"], "≥=", "comparator"),
    ([*_TARGET, "value"], "95", "value"),
    ([*_TARGET, "deadline"], "2023年底", "deadline"),
    ([*_TARGET, "notes"], "一条", "notes"),
    ([*_TARGET, "surprise"], 1, "surprise"),
    (["projects", 0, "indicators", 0, "basis_code"], "工作要求", "basis_code"),
    (["projects", 0, "indicators", 0, "source"], {"page": "12"}, "page"),
    (["projects", 0, "indicators", 0, "target"], _DELETE, "target"),
]


@pytest.mark.parametrize(("path", "value", "where"), BROKEN, ids=[b[2] for b in BROKEN])
def test_schema_rejects_a_broken_plan(
    validator: Draft202012Validator, path: list[Any], value: Any, where: str
) -> None:
    data = _as_json(plan_from_answer_key())
    broken = _break(data, path, value)
    errors = _errors(validator, broken)
    assert errors, f"schema accepted a plan with a broken {where}"
    assert any(where in e for e in errors), errors


def test_schema_checks_kind_specific_fields(validator: Draft202012Validator) -> None:
    data = _as_json(plan_from_answer_key())
    # 103001002 row 7 is the boolean 否 (项目实施是否破坏我市生态环境)
    boolean = ["projects", 1, "indicators", 6, "target"]
    assert _errors(validator, data) == []
    assert _errors(validator, _break(data, [*boolean, "flag"], None))
    time = ["projects", 0, "indicators", 3, "target"]  # 2023年底
    no_date = _break(_break(data, [*time, "deadline"], None), [*time, "deadline_month"], None)
    assert _errors(validator, no_date)
    quantity = ["projects", 0, "indicators", 0, "target"]  # 15个
    assert _errors(validator, _break(data, [*quantity, "value"], None))
