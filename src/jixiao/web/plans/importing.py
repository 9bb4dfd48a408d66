# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Import a document into a plan: parse (core) → preview → confirm (one transaction) or cancel.

Nothing is stored before the user confirms: the parsed plan waits in the user's session as
interchange JSON. Confirming creates the plan (or replaces the content of an editable plan
of the same organisation and year) and records version 1 and an audit record in one
transaction; cancelling forgets it.
"""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import get_valid_filename

from jixiao.domain import jsonio
from jixiao.domain.model import Plan as DPlan
from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action
from jixiao.web.plans import convert, core, workflow
from jixiao.web.plans.models import Event, Plan

SESSION_KEY = "jixiao_import_preview"


def parse_upload(uploaded: Any, profile_name: str) -> DPlan:
    """Parse an uploaded file with the core ingester; the plan names the file as uploaded."""
    original = Path(uploaded.name).name
    safe = get_valid_filename(original) or "upload.txt"
    with tempfile.TemporaryDirectory(prefix="jixiao-import-") as tmp:
        path = Path(tmp) / safe
        with path.open("wb") as out:
            for chunk in uploaded.chunks():
                out.write(chunk)
        plan = core.parse_document(path, profile_name)
    plan.source_file = original
    return plan


def stash(session: Any, *, organisation_id: int, year: int, plan: DPlan, profile: str) -> str:
    """Keep the parsed plan in the session until the user confirms; returns the token."""
    token = secrets.token_urlsafe(16)
    session[SESSION_KEY] = {
        "token": token,
        "organisation": organisation_id,
        "year": year,
        "profile": profile,
        "plan": jsonio.plan_to_json(plan, indent=None),
    }
    return token


def pending(session: Any) -> dict[str, Any] | None:
    data = session.get(SESSION_KEY)
    return data if isinstance(data, dict) else None


def pending_plan(data: dict[str, Any]) -> DPlan:
    return jsonio.plan_from_json(data["plan"])


def forget(session: Any) -> None:
    session.pop(SESSION_KEY, None)


def summary(dp: DPlan) -> dict[str, Any]:
    return {
        "source_file": dp.source_file,
        "projects": len(dp.projects),
        "indicators": sum(len(p.indicators) for p in dp.projects),
        "sub_goals": len(dp.sub_goals),
        "measures": len(dp.measures),
        "leftovers": len(dp.leftovers),
    }


def save_import(organisation: Any, year: int, dp: DPlan, user: Any, profile: str) -> Plan:
    """Store the confirmed import (new plan, or replacing an editable plan's content)."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().filter(organisation=organisation, year=year).first()
        before = None
        if plan is not None:
            workflow.ensure_editable(plan)
            before = {"replaced": jsonio.plan_to_dict(convert.plan_to_domain(plan))}
            convert.clear_plan_content(plan)
        else:
            plan = Plan.objects.create(
                organisation=organisation,
                year=year,
                profile=profile,
                created_by=user,
                updated_by=user,
            )
        convert.store_domain_plan(plan, dp, user=user)
        version = workflow.create_version(plan, Event.IMPORT, user, f"导入 {dp.source_file or ''}")
        record(
            Action.IMPORT,
            obj=plan,
            before=before,
            after={**summary(dp), "version": version.number, "plan": jsonio.plan_to_dict(dp)},
            message=f"导入文件 {dp.source_file or ''}",
        )
    return plan
