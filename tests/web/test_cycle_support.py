"""Shared helpers of the monitoring, self-evaluation, dashboard and API tests (no tests here).

``approved_plan`` stores the conftest's small plan as 已批复; ``ledger_csv`` builds an
uploaded payments ledger; ``open_round`` opens a monitoring round through the service.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from .conftest import small_plan


def approved_plan(org: Any, *, projects: int = 1, year: int = 2023, code_prefix: str = "P") -> Any:
    """A stored plan of ``org`` in state 已批复 (approved), with a version."""
    from jixiao.web.plans.convert import store_domain_plan
    from jixiao.web.plans.models import Plan
    from jixiao.web.plans.workflow import create_version

    plan = Plan.objects.create(organisation=org, year=year, status="approved")
    store_domain_plan(plan, small_plan(code_prefix, projects=projects, year=year))
    create_version(plan, "import", None)
    return plan


def ledger_csv(
    rows: list[tuple[str, str, str]],
    *,
    header: str = "支付日期,项目编码,支付金额(元),资金来源,摘要",
    encoding: str = "utf-8",
    name: str = "台账.csv",
) -> SimpleUploadedFile:
    """A payments ledger CSV: rows of (date, code, amount); fund source 财政拨款."""
    lines = [header] + [f"{d},{c},{a},财政拨款,支付" for d, c, a in rows]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode(encoding), "text/csv")


def open_round(plan: Any, user: Any, as_of: date = date(2023, 7, 31)) -> Any:
    from jixiao.web.cycle import monitoring

    return monitoring.open_round(plan, as_of=as_of, deadline=None, note="", user=user)


def confirm_ledger(rnd: Any, user: Any, rows: list[tuple[str, str, str]]) -> Any:
    from jixiao.web.cycle import monitoring

    upload = monitoring.preview_ledger(rnd, ledger_csv(rows), user)
    monitoring.confirm_ledger(upload, user)
    return upload
