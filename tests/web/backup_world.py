"""Helpers of the data-safety tests: a database with a row in every table, and a row-by-row
picture of every table (and of the uploaded files) to compare before and after."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile

# Tables of the application that the fixture below must fill (part-2 apps may add more;
# those are compared too, empty or not).
MUST_HAVE_ROWS = {
    "accounts.organisation",
    "accounts.user",
    "accounts.user_groups",
    "accounts.user_user_permissions",
    "auth.group",
    "auth.group_permissions",
    "admin.logentry",
    "audit.auditevent",
    "plans.plan",
    "plans.project",
    "plans.fundline",
    "plans.checkpoint",
    "plans.subgoal",
    "plans.subgoal_projects",
    "plans.indicator",
    "plans.measure",
    "plans.evidence",
    "plans.leftover",
    "plans.planversion",
    "plans.reviewrecord",
    "plans.adjustment",
}
NOT_COMPARED = {"sessions.session"}  # a restore signs everybody out
TRICKY = 'Ünïcode 中文\t"quotes" \\ back\nnew line 😀 <script>alert(1)</script>'


def fill_every_table(world: Any, make_plan: Any) -> Any:
    """A plan through its whole workflow (versions, reviews, adjustment), evidence files,
    leftovers, groups and permissions, an admin log entry, awkward text and exact decimals."""
    from django.contrib.admin.models import ADDITION, LogEntry
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from jixiao.web.plans import workflow
    from jixiao.web.plans.models import Evidence, Indicator, Leftover

    users = world.users
    plan = make_plan(world.a1, projects=2)
    project = plan.projects.order_by("position").first()
    project.purpose = TRICKY
    project.budget_amount = Decimal("12345678.123456")
    project.save()
    sub = plan.sub_goals.get()
    sub.projects.add(*plan.projects.all())
    Indicator.objects.create(
        sub_goal=sub, level1="产出指标", level2="数量指标", level3="分项指标", target_raw="≥3个"
    )
    Leftover.objects.create(plan=plan, text=TRICKY, reason="未识别", source={"line": 7})
    measure = plan.measures.get()
    for n, content in enumerate([b"%PDF-1.4 evidence\x00\xff", "中文佐证".encode()]):
        evidence = Evidence(
            measure=measure,
            original_name=f"<img src=x onerror=alert({n})>佐证{n}.pdf",
            size=len(content),
            content_type="application/pdf",
            uploaded_by=users["unit_filler"],
        )
        evidence.file.save(f"e{n}.pdf", ContentFile(content), save=False)
        evidence.save()
    workflow.transition(plan, "submit", users["unit_filler"], comment=TRICKY)
    workflow.transition(plan, "dept_approve", users["dept_reviewer"], grade="良", comment="ok")
    workflow.transition(plan, "finance_approve", users["finance"], grade="优")
    workflow.transition(plan, "adjust", users["unit_filler"], reason="调整原因 " + TRICKY)
    group = Group.objects.create(name="审核组")
    perms = list(Permission.objects.order_by("id")[:3])
    group.permissions.add(*perms)
    users["auditor"].groups.add(group)
    users["auditor"].user_permissions.add(perms[0])
    LogEntry.objects.create(
        user=users["admin"],
        content_type=ContentType.objects.get_for_model(type(users["admin"])),
        object_id=str(users["admin"].pk),
        object_repr="admin",
        action_flag=ADDITION,
        change_message="[]",
    )
    return plan


def _value(v: Any) -> Any:
    if isinstance(v, Decimal):
        return ("decimal", str(v))
    if isinstance(v, datetime | date):
        return (type(v).__name__, v.isoformat())
    return v


def table_rows() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table of the application (many-to-many tables included), by primary
    key; decimals and times compared by their exact text."""
    out: dict[str, list[dict[str, Any]]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label_lower in NOT_COMPARED:
            continue
        rows = model._base_manager.order_by("pk").values()
        out[meta.label_lower] = [{k: _value(v) for k, v in r.items()} for r in rows]
    # content types and permissions are recreated by migrate: compare them by natural key
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    out["contenttypes.contenttype"] = sorted(
        [{"key": list(ct.natural_key())} for ct in ContentType.objects.all()],
        key=lambda r: r["key"],
    )
    out["auth.permission"] = sorted(
        [{"key": [p.codename, *p.content_type.natural_key()]} for p in Permission.objects.all()],
        key=lambda r: r["key"],
    )
    return out


def media_files(root: Path | None = None) -> dict[str, str]:
    """Every file under MEDIA_ROOT with the SHA-256 of its bytes."""
    root = Path(settings.MEDIA_ROOT) if root is None else root
    if not root.is_dir():
        return {}
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def without_backup_records(rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The rows without the audit records that a backup or restore writes about itself."""
    copy = dict(rows)
    copy["audit.auditevent"] = [
        r for r in rows["audit.auditevent"] if r["action"] not in ("backup", "restore")
    ]
    return copy
