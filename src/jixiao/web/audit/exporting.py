"""The audit log as CSV rows (UTF-8 with BOM for Excel), shared by the export page and the
archive written by ``purge_audit``. Cells that a spreadsheet would run as a formula are
neutralised (CSV injection)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone

from jixiao.web.audit.models import AuditEvent

HEADER = [
    "时间",
    "用户名",
    "角色",
    "IP",
    "事件",
    "结果",
    "对象类型",
    "对象编号",
    "对象",
    "机构",
    "计划编号",
    "说明",
    "修改前",
    "修改后",
]


def cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def row(e: AuditEvent) -> list[str]:
    return [
        cell(v)
        for v in [
            timezone.localtime(e.at).isoformat(),
            e.actor_username,
            e.actor_role,
            e.ip or "",
            e.get_action_display(),
            e.get_result_display(),
            e.object_type,
            e.object_id,
            e.object_repr,
            e.organisation_id or "",
            e.plan_id or "",
            e.message,
            "" if e.before is None else _json(e.before),
            "" if e.after is None else _json(e.after),
        ]
    ]


def rows(events: Iterable[AuditEvent]) -> Iterator[list[str]]:
    yield HEADER
    for e in events:
        yield row(e)
