"""Permission matrix of monitoring, self-evaluation, dashboards and the HTTP API: every role ×
every page and endpoint × own / other unit / other department, reading and writing.

The same hand-written policy as ``test_permissions_matrix.py`` (READ, FILL, DEPT_REVIEW,
FINANCE_REVIEW), plus ORGANISE — who opens monitoring rounds and asks for rectification: the
finance bureau everywhere, a department reviewer in its department and units. Writes are checked
by their effect in the database (then rolled back). The API is asked with each user's token and
must give the same answers (403 out of scope, 401 without a token); a test checks that every
operation of the OpenAPI schema is in the matrix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from jixiao.web.cycle.models import (
    IndicatorActualRow,
    IndicatorProgress,
    LedgerStatus,
    LedgerUpload,
    MonitoringRound,
    ProjectProgress,
    Rectification,
    SelfEvaluation,
)
from jixiao.web.cycle.uploads import EVALUATION_KEY, PROGRESS_KEY
from jixiao.web.plans.models import Indicator, Plan, Project

from .conftest import build_world, small_plan
from .test_cycle_support import ledger_csv
from .test_permissions_matrix import ALL, DEPT_REVIEW, FILL, FINANCE_REVIEW, NONE, ORGS, READ, ROLES

ORGANISE = {"finance": ALL, "dept_reviewer": frozenset({"a", "a1", "a2"})}
CAN = {
    "read": READ,
    "fill": FILL,
    "organise": ORGANISE,
    "dept_review": DEPT_REVIEW,
    "finance_review": FINANCE_REVIEW,
}


@dataclass
class Org:
    """One organisation's data: a draft plan (content writes) and an approved, monitored plan."""

    draft: Plan
    plan: Plan
    round: MonitoringRound
    projects: list[Project]
    sheet: ProjectProgress
    ledger: LedgerUpload
    pending: LedgerUpload
    rectification: Rectification
    evaluations: list[SelfEvaluation]


@dataclass
class Ctx:
    world: Any
    orgs: dict[str, Org] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def o(self, org: str) -> Org:
        return self.orgs[org]

    def indicators(self, org: str, n: int = 0) -> list[int]:
        p = self.o(org).projects[n]
        return list(p.indicators.order_by("position", "id").values_list("pk", flat=True))


def _evaluation_form(c: Ctx, org: str, n: int, **extra: str) -> dict[str, str]:
    ids = c.indicators(org, n)
    ev = SelfEvaluation.objects.get(project=c.o(org).projects[n])
    data = {
        "lock_version": str(ev.lock_version),
        "outcome": "改过的完成情况",
        "fund-count": "1",
        "fund-0-source": "财政拨款",
        "fund-0-initial": "150",
        "fund-0-adjusted": "150",
        "fund-0-spent": "150",
        f"row-{ids[0]}-actual": "15个",
        f"row-{ids[1]}-actual": "达成年度指标",
        f"row-{ids[1]}-score": "30",
        f"row-{ids[2]}-actual": "96%",
    }
    data.update(extra)
    return data


def _build(c: Ctx) -> None:
    from jixiao.web.api.models import ApiToken
    from jixiao.web.cycle import evaluation, monitoring
    from jixiao.web.cycle.evaluation import ActualsInput, FundInput, RowInput
    from jixiao.web.plans.convert import store_domain_plan
    from jixiao.web.plans.workflow import create_version

    finance = c.world.users["finance"]
    for key, user in c.world.users.items():
        c.tokens[key] = ApiToken.issue(user, "matrix")[1]
    for o in ORGS:
        org = c.world.org(o)
        draft = Plan.objects.create(organisation=org, year=2023, status="draft")
        store_domain_plan(draft, small_plan(year=2023))
        first = draft.projects.get()
        draft.draft_project = first.pk  # type: ignore[attr-defined]
        draft.draft_indicator = first.indicators.order_by("position").first().pk  # type: ignore[attr-defined, union-attr]
        plan = Plan.objects.create(organisation=org, year=2024, status="approved")
        store_domain_plan(plan, small_plan(projects=3, year=2024))
        create_version(plan, "import", None)
        projects = list(plan.projects.order_by("position"))
        rnd = monitoring.open_round(
            plan, as_of=date(2024, 7, 31), deadline=None, note="", user=finance
        )
        ledger = monitoring.preview_ledger(
            rnd, ledger_csv([("2024-03-01", "P001", "1400000")]), finance
        )
        monitoring.confirm_ledger(ledger, finance)
        pending = monitoring.preview_ledger(rnd, ledger_csv([("2024-03-01", "P002", "1")]), finance)
        sheet = monitoring.sheet_for(rnd, projects[0])
        rect = Rectification.objects.create(
            round=rnd, project=projects[0], request="整改", requested_by=finance
        )
        evs = []
        for n, p in enumerate(projects):
            ev = evaluation.start(p, finance)
            ids = list(p.indicators.order_by("position", "id").values_list("pk", flat=True))
            data = ActualsInput(
                outcome="完成",
                funds=[FundInput("财政拨款", Decimal(150), Decimal(150), Decimal(150))],
                rows={
                    ids[0]: RowInput("15个"),
                    ids[1]: RowInput("达成年度指标", Decimal(30)),
                    ids[2]: RowInput("96%"),
                },
            )
            evaluation.save(ev, data, ev.lock_version, finance)
            ev.refresh_from_db()
            ev.status = ("draft", "submitted", "dept_confirmed")[n]
            ev.save()
            evs.append(ev)
        c.orgs[o] = Org(draft, plan, rnd, projects, sheet, ledger, pending, rect, evs)


@pytest.fixture(scope="module")
def ctx(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Ctx]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            c = Ctx(build_world())
            _build(c)
            yield c
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@dataclass(frozen=True)
class Case:
    """A page or endpoint as the matrix asks it."""

    name: str
    need: str
    url: Callable[[Ctx, str], str]
    method: str = "GET"
    data: Callable[[Ctx, str], Any] | None = None
    effect: Callable[[Ctx, str], bool] | None = None
    ok: tuple[int, ...] = (200,)
    api: bool = False
    api_path: str = ""  # the OpenAPI path template (API cases)
    # a step asked first with the same client (e.g. the upload before its confirmation);
    # what it returns is added to the request's data
    prepare: Callable[[Client, Ctx, str], dict[str, Any]] | None = None


def _o(c: Ctx, org: str) -> Org:
    return c.o(org)


def _progress_file() -> SimpleUploadedFile:
    """A filled-in 监控表 in its CSV form: P001's 签约项目 完成值 8."""
    text = "项目编码,三级指标,截至目前完成值\nP001,签约项目,8\n"
    return SimpleUploadedFile("监控表.csv", text.encode(), "text/csv")


def _actuals_file() -> SimpleUploadedFile:
    """A filled-in 自评表 in its CSV form: P001's money and 签约项目 实际完成值 12个."""
    text = (
        "项目编码,资金来源,全年预算数,全年执行数,三级指标,实际完成值\n"
        "P001,财政拨款,150,150,,\n"
        "P001,,,,签约项目,12个\n"
    )
    return SimpleUploadedFile("自评表.csv", text.encode(), "text/csv")


def _uploaded(url: Callable[[Ctx, str], str], file: Callable[[], Any], key: str) -> Any:
    """A ``prepare`` step: upload ``file`` to ``url``; the pending preview's token (if any)."""

    def step(client: Client, c: Ctx, o: str) -> dict[str, Any]:
        client.post(url(c, o), {"file": file()})
        pending = client.session.get(key)
        return {"token": pending["token"]} if isinstance(pending, dict) else {}

    return step


def _progress_upload_url(c: Ctx, o: str) -> str:
    return f"/monitoring/{_o(c, o).round.pk}/upload/"


def _evaluation_upload_url(c: Ctx, o: str) -> str:
    return f"/plans/{_o(c, o).plan.pk}/evaluation/upload/"


_progress_uploaded = _uploaded(_progress_upload_url, _progress_file, PROGRESS_KEY)
_evaluation_uploaded = _uploaded(_evaluation_upload_url, _actuals_file, EVALUATION_KEY)


def _fresh(model: Any, obj: Any) -> Any:
    return model.objects.get(pk=obj.pk)


PAGES: list[Case] = [
    # --- reading ---------------------------------------------------------------------------
    Case("plan_rounds", "read", lambda c, o: f"/plans/{_o(c, o).plan.pk}/monitoring/"),
    Case("round_detail", "read", lambda c, o: f"/monitoring/{_o(c, o).round.pk}/"),
    Case("round_detail_red", "read", lambda c, o: f"/monitoring/{_o(c, o).round.pk}/?light=red"),
    Case("round_export", "read", lambda c, o: f"/monitoring/{_o(c, o).round.pk}/export.xlsx"),
    Case(
        "sheet",
        "read",
        lambda c, o: f"/monitoring/{_o(c, o).round.pk}/projects/{_o(c, o).projects[0].pk}/",
    ),
    Case("ledger_preview", "read", lambda c, o: f"/ledgers/{_o(c, o).pending.pk}/"),
    Case("rectification", "read", lambda c, o: f"/rectifications/{_o(c, o).rectification.pk}/"),
    Case("plan_evaluations", "read", lambda c, o: f"/plans/{_o(c, o).plan.pk}/evaluation/"),
    Case(
        "evaluation_export",
        "read",
        lambda c, o: f"/plans/{_o(c, o).plan.pk}/evaluation/export.xlsx",
    ),
    Case("evaluation", "read", lambda c, o: f"/projects/{_o(c, o).projects[0].pk}/evaluation/"),
    Case(
        "dashboard_project", "read", lambda c, o: f"/dashboard/projects/{_o(c, o).projects[0].pk}/"
    ),
    # --- filling ---------------------------------------------------------------------------
    Case("ledger_upload_form", "fill", lambda c, o: f"/monitoring/{_o(c, o).round.pk}/ledger/"),
    Case(
        "ledger_upload",
        "fill",
        lambda c, o: f"/monitoring/{_o(c, o).round.pk}/ledger/",
        "POST",
        lambda c, o: {"file": ledger_csv([("2024-02-01", "P001", "5")])},
        lambda c, o: (
            LedgerUpload.objects.filter(round=_o(c, o).round, status="pending").count() == 2
        ),
        (302,),
    ),
    Case(
        "ledger_confirm",
        "fill",
        lambda c, o: f"/ledgers/{_o(c, o).pending.pk}/",
        "POST",
        lambda c, o: {"action": "confirm"},
        lambda c, o: _fresh(LedgerUpload, _o(c, o).pending).status == LedgerStatus.ACTIVE,
        (302,),
    ),
    Case(
        "sheet_save",
        "fill",
        lambda c, o: f"/monitoring/{_o(c, o).round.pk}/projects/{_o(c, o).projects[0].pk}/",
        "POST",
        lambda c, o: {"lock_version": "1", f"row-{c.indicators(o)[0]}-value": "9"},
        lambda c, o: IndicatorProgress.objects.filter(sheet=_o(c, o).sheet, value="9").exists(),
        (302,),
    ),
    Case(
        "sheet_submit",
        "fill",
        lambda c, o: f"/monitoring/{_o(c, o).round.pk}/projects/{_o(c, o).projects[0].pk}/submit/",
        "POST",
        lambda c, o: {"lock_version": "1"},
        lambda c, o: _fresh(ProjectProgress, _o(c, o).sheet).submitted_at is not None,
        (302,),
    ),
    Case(
        "rectification_answer",
        "fill",
        lambda c, o: f"/rectifications/{_o(c, o).rectification.pk}/",
        "POST",
        lambda c, o: {"action": "answer", "response": "已整改"},
        lambda c, o: _fresh(Rectification, _o(c, o).rectification).status == "answered",
        (302,),
    ),
    Case(
        "evaluation_save",
        "fill",
        lambda c, o: f"/projects/{_o(c, o).projects[0].pk}/evaluation/",
        "POST",
        lambda c, o: _evaluation_form(c, o, 0),
        lambda c, o: _fresh(SelfEvaluation, _o(c, o).evaluations[0]).outcome == "改过的完成情况",
        (302,),
    ),
    Case(
        "evaluation_live",
        "fill",
        lambda c, o: f"/projects/{_o(c, o).projects[0].pk}/evaluation/live/",
        "POST",
        lambda c, o: _evaluation_form(c, o, 0),
    ),
    Case(
        "evaluation_submit",
        "fill",
        lambda c, o: f"/projects/{_o(c, o).projects[0].pk}/evaluation/submit/",
        "POST",
        lambda c, o: {
            "lock_version": str(_fresh(SelfEvaluation, _o(c, o).evaluations[0]).lock_version)
        },
        lambda c, o: _fresh(SelfEvaluation, _o(c, o).evaluations[0]).status == "submitted",
        (302,),
    ),
    # uploads of filled-in workbooks: form, upload (→ preview), preview, confirm
    Case("progress_upload_form", "fill", _progress_upload_url),
    Case(
        "progress_upload",
        "fill",
        _progress_upload_url,
        "POST",
        lambda c, o: {"file": _progress_file()},
        ok=(302,),
    ),
    Case(
        "progress_upload_preview",
        "fill",
        lambda c, o: _progress_upload_url(c, o) + "preview/",
        prepare=_progress_uploaded,
    ),
    Case(
        "progress_upload_confirm",
        "fill",
        lambda c, o: _progress_upload_url(c, o) + "preview/",
        "POST",
        lambda c, o: {"action": "confirm"},
        lambda c, o: IndicatorProgress.objects.filter(
            sheet=_o(c, o).sheet, indicator_id=c.indicators(o)[0], value="8"
        ).exists(),
        (302,),
        prepare=_progress_uploaded,
    ),
    Case("evaluation_upload_form", "fill", _evaluation_upload_url),
    Case(
        "evaluation_upload",
        "fill",
        _evaluation_upload_url,
        "POST",
        lambda c, o: {"file": _actuals_file()},
        ok=(302,),
    ),
    Case(
        "evaluation_upload_preview",
        "fill",
        lambda c, o: _evaluation_upload_url(c, o) + "preview/",
        prepare=_evaluation_uploaded,
    ),
    Case(
        "evaluation_upload_confirm",
        "fill",
        lambda c, o: _evaluation_upload_url(c, o) + "preview/",
        "POST",
        lambda c, o: {"action": "confirm"},
        lambda c, o: IndicatorActualRow.objects.filter(
            evaluation=_o(c, o).evaluations[0], indicator_id=c.indicators(o)[0], actual="12个"
        ).exists(),
        (302,),
        prepare=_evaluation_uploaded,
    ),
    # --- organising ------------------------------------------------------------------------
    Case(
        "round_create_form", "organise", lambda c, o: f"/plans/{_o(c, o).plan.pk}/monitoring/new/"
    ),
    Case(
        "round_create",
        "organise",
        lambda c, o: f"/plans/{_o(c, o).plan.pk}/monitoring/new/",
        "POST",
        lambda c, o: {"as_of": "2024-09-30"},
        lambda c, o: MonitoringRound.objects.filter(
            plan=_o(c, o).plan, as_of=date(2024, 9, 30)
        ).exists(),
        (302,),
    ),
    Case(
        "round_close",
        "organise",
        lambda c, o: f"/monitoring/{_o(c, o).round.pk}/status/",
        "POST",
        lambda c, o: {
            "status": "closed",
            "lock_version": str(_fresh(MonitoringRound, _o(c, o).round).lock_version),
        },
        lambda c, o: _fresh(MonitoringRound, _o(c, o).round).status == "closed",
        (302,),
    ),
    Case(
        "rectification_request",
        "organise",
        lambda c, o: f"/monitoring/{_o(c, o).round.pk}/rectifications/",
        "POST",
        lambda c, o: {"project": [_o(c, o).projects[1].pk], "request": "请整改"},
        lambda c, o: Rectification.objects.filter(project=_o(c, o).projects[1]).exists(),
        (302,),
    ),
    Case(
        "rectification_close",
        "organise",
        lambda c, o: f"/rectifications/{_o(c, o).rectification.pk}/",
        "POST",
        lambda c, o: {"action": "close"},
        lambda c, o: _fresh(Rectification, _o(c, o).rectification).status == "closed",
        (302,),
    ),
    # --- reviewing -------------------------------------------------------------------------
    Case(
        "dept_review_form",
        "dept_review",
        lambda c, o: f"/projects/{_o(c, o).projects[1].pk}/evaluation/review/department/",
    ),
    Case(
        "dept_review",
        "dept_review",
        lambda c, o: f"/projects/{_o(c, o).projects[1].pk}/evaluation/review/department/",
        "POST",
        lambda c, o: {
            "decision": "confirm",
            "lock_version": str(_o(c, o).evaluations[1].lock_version),
        },
        lambda c, o: _fresh(SelfEvaluation, _o(c, o).evaluations[1]).status == "dept_confirmed",
        (302,),
    ),
    Case(
        "finance_review_form",
        "finance_review",
        lambda c, o: f"/projects/{_o(c, o).projects[2].pk}/evaluation/review/finance/",
    ),
    Case(
        "finance_review",
        "finance_review",
        lambda c, o: f"/projects/{_o(c, o).projects[2].pk}/evaluation/review/finance/",
        "POST",
        lambda c, o: {
            "decision": "adjust",
            "score": "88",
            "reason": "核减",
            "lock_version": str(_o(c, o).evaluations[2].lock_version),
        },
        lambda c, o: _fresh(SelfEvaluation, _o(c, o).evaluations[2]).status == "confirmed",
        (302,),
    ),
]


def A(
    name: str,
    need: str,
    method: str,
    path: str,
    fill: Callable[[Ctx, str], dict[str, Any]],
    data: Callable[[Ctx, str], Any] | None = None,
    effect: Callable[[Ctx, str], bool] | None = None,
    ok: tuple[int, ...] = (200,),
) -> Case:
    """An API case; ``path`` is the OpenAPI template, ``fill`` gives its parameters."""
    return Case(
        name,
        need,
        lambda c, o: "/api/v1" + path.format(**fill(c, o)),
        method,
        data,
        effect,
        ok,
        api=True,
        api_path="/api/v1" + path,
    )


def _ids(c: Ctx, o: str) -> dict[str, Any]:
    x = c.o(o)
    return {
        "plan_id": x.plan.pk,
        "round_id": x.round.pk,
        "project_id": x.projects[0].pk,
        "ledger_id": x.pending.pk,
    }


def _draft(c: Ctx, o: str) -> dict[str, Any]:
    d = c.o(o).draft
    return {"plan_id": d.pk, "project_id": d.draft_project, "indicator_id": d.draft_indicator}


def _draft_project(c: Ctx, o: str) -> Project:
    return Project.objects.get(pk=_draft(c, o)["project_id"])


API: list[Case] = [
    A("plan", "read", "GET", "/plans/{plan_id}", _ids),
    A("plan_projects", "read", "GET", "/plans/{plan_id}/projects", _ids),
    A("project", "read", "GET", "/projects/{project_id}", _ids),
    A("project_indicators", "read", "GET", "/projects/{project_id}/indicators", _ids),
    A("indicator", "read", "GET", "/indicators/{indicator_id}", _draft),
    A("findings", "read", "GET", "/plans/{plan_id}/findings", _ids),
    A("rounds", "read", "GET", "/plans/{plan_id}/monitoring-rounds", _ids),
    A("round", "read", "GET", "/monitoring-rounds/{round_id}", _ids),
    A("round_projects", "read", "GET", "/monitoring-rounds/{round_id}/projects", _ids),
    A("sheet", "read", "GET", "/monitoring-rounds/{round_id}/projects/{project_id}", _ids),
    A("ledger", "read", "GET", "/ledgers/{ledger_id}", _ids),
    A("rectifications", "read", "GET", "/monitoring-rounds/{round_id}/rectifications", _ids),
    A("evaluations", "read", "GET", "/plans/{plan_id}/evaluations", _ids),
    A("evaluation", "read", "GET", "/projects/{project_id}/evaluation", _ids),
    A(
        "plan_patch",
        "fill",
        "PATCH",
        "/plans/{plan_id}",
        _draft,
        lambda c, o: {"lock_version": 1, "overall_goal": "接口改过"},
        lambda c, o: Plan.objects.get(pk=_draft(c, o)["plan_id"]).overall_goal == "接口改过",
    ),
    A(
        "project_create",
        "fill",
        "POST",
        "/plans/{plan_id}/projects",
        _draft,
        lambda c, o: {"code": "API1", "name": "接口项目"},
        lambda c, o: Project.objects.filter(plan_id=_draft(c, o)["plan_id"], code="API1").exists(),
        (201,),
    ),
    A(
        "project_patch",
        "fill",
        "PATCH",
        "/projects/{project_id}",
        _draft,
        lambda c, o: {"lock_version": _draft_project(c, o).lock_version, "name": "接口改名"},
        lambda c, o: _draft_project(c, o).name == "接口改名",
    ),
    A(
        "project_delete",
        "fill",
        "DELETE",
        "/projects/{project_id}",
        _draft,
        None,
        lambda c, o: not Project.objects.filter(plan_id=_draft(c, o)["plan_id"]).exists(),
        (204,),
    ),
    A(
        "indicator_create",
        "fill",
        "POST",
        "/projects/{project_id}/indicators",
        _draft,
        lambda c, o: {
            "project_lock_version": _draft_project(c, o).lock_version,
            "level3": "新指标",
            "target_raw": "5个",
        },
        lambda c, o: Indicator.objects.filter(
            project_id=_draft(c, o)["project_id"], level3="新指标"
        ).exists(),
        (201,),
    ),
    A(
        "indicator_patch",
        "fill",
        "PATCH",
        "/indicators/{indicator_id}",
        _draft,
        lambda c, o: {
            "project_lock_version": _draft_project(c, o).lock_version,
            "target_raw": "20个",
        },
        lambda c, o: Indicator.objects.get(pk=_draft(c, o)["indicator_id"]).target_raw == "20个",
    ),
    A(
        "indicator_delete",
        "fill",
        "DELETE",
        "/indicators/{indicator_id}?project_lock_version=1",
        _draft,
        None,
        lambda c, o: not Indicator.objects.filter(pk=_draft(c, o)["indicator_id"]).exists(),
        (204,),
    ),
    A(
        "sheet_put",
        "fill",
        "PUT",
        "/monitoring-rounds/{round_id}/projects/{project_id}",
        _ids,
        lambda c, o: {
            "lock_version": 1,
            "rows": [{"indicator_id": c.indicators(o)[0], "value": "9"}],
        },
        lambda c, o: IndicatorProgress.objects.filter(sheet=c.o(o).sheet, value="9").exists(),
    ),
    A(
        "sheet_submit",
        "fill",
        "POST",
        "/monitoring-rounds/{round_id}/projects/{project_id}/submit",
        _ids,
        lambda c, o: {"lock_version": 1},
        lambda c, o: _fresh(ProjectProgress, c.o(o).sheet).submitted_at is not None,
    ),
    A(
        "ledger_upload",
        "fill",
        "POST",
        "/monitoring-rounds/{round_id}/ledger",
        _ids,
        lambda c, o: {"file": ledger_csv([("2024-02-01", "P001", "5")])},
        lambda c, o: LedgerUpload.objects.filter(round=c.o(o).round, status="pending").count() == 2,
        (201,),
    ),
    A(
        "ledger_decision",
        "fill",
        "POST",
        "/ledgers/{ledger_id}/decision",
        _ids,
        lambda c, o: {"action": "cancel"},
        lambda c, o: _fresh(LedgerUpload, c.o(o).pending).status == LedgerStatus.CANCELLED,
    ),
    A(
        "evaluation_put",
        "fill",
        "PUT",
        "/projects/{project_id}/evaluation",
        _ids,
        lambda c, o: {
            "lock_version": _fresh(SelfEvaluation, c.o(o).evaluations[0]).lock_version,
            "outcome": "接口填报",
            "funds": [{"source": "财政拨款", "adjusted": "150", "spent": "150"}],
        },
        lambda c, o: _fresh(SelfEvaluation, c.o(o).evaluations[0]).outcome == "接口填报",
    ),
    A(
        "evaluation_score",
        "fill",
        "POST",
        "/projects/{project_id}/evaluation/score",
        _ids,
        lambda c, o: {"funds": [{"source": "财政拨款", "adjusted": "150", "spent": "150"}]},
    ),
    A(
        "evaluation_submit",
        "fill",
        "POST",
        "/projects/{project_id}/evaluation/submit",
        _ids,
        lambda c, o: {"lock_version": _fresh(SelfEvaluation, c.o(o).evaluations[0]).lock_version},
        lambda c, o: _fresh(SelfEvaluation, c.o(o).evaluations[0]).status == "submitted",
    ),
    A(
        "round_create",
        "organise",
        "POST",
        "/plans/{plan_id}/monitoring-rounds",
        _ids,
        lambda c, o: {"as_of": "2024-10-31"},
        lambda c, o: MonitoringRound.objects.filter(
            plan=c.o(o).plan, as_of=date(2024, 10, 31)
        ).exists(),
        (201,),
    ),
    A(
        "round_status",
        "organise",
        "POST",
        "/monitoring-rounds/{round_id}/status",
        _ids,
        lambda c, o: {
            "lock_version": _fresh(MonitoringRound, c.o(o).round).lock_version,
            "status": "closed",
        },
        lambda c, o: _fresh(MonitoringRound, c.o(o).round).status == "closed",
    ),
    A(
        "rectification_create",
        "organise",
        "POST",
        "/monitoring-rounds/{round_id}/rectifications",
        _ids,
        lambda c, o: {"project_ids": [c.o(o).projects[2].pk], "request": "接口整改"},
        lambda c, o: Rectification.objects.filter(project=c.o(o).projects[2]).exists(),
        (201,),
    ),
    A(
        "dept_review",
        "dept_review",
        "POST",
        "/projects/{project_id}/evaluation/review",
        lambda c, o: {"project_id": c.o(o).projects[1].pk},
        lambda c, o: {
            "lock_version": c.o(o).evaluations[1].lock_version,
            "stage": "department",
            "decision": "confirm",
        },
        lambda c, o: _fresh(SelfEvaluation, c.o(o).evaluations[1]).status == "dept_confirmed",
    ),
    A(
        "finance_review",
        "finance_review",
        "POST",
        "/projects/{project_id}/evaluation/review",
        lambda c, o: {"project_id": c.o(o).projects[2].pk},
        lambda c, o: {
            "lock_version": c.o(o).evaluations[2].lock_version,
            "stage": "finance",
            "decision": "confirm",
        },
        lambda c, o: _fresh(SelfEvaluation, c.o(o).evaluations[2]).status == "confirmed",
    ),
]


class _Rollback(Exception):
    pass


def _client(c: Ctx, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(c.world.users[role])
    return client


def _request(client: Client, c: Ctx, case: Case, org: str, role: str) -> Any:
    url = case.url(c, org)
    data = case.data(c, org) if case.data else None
    if case.prepare is not None:
        data = {**(data or {}), **case.prepare(client, c, org)}
    if not case.api:
        return client.get(url) if case.method == "GET" else client.post(url, data or {})
    headers = {}
    if role != "anonymous":
        headers["HTTP_AUTHORIZATION"] = f"Bearer {c.tokens[role]}"
    call = getattr(Client(), case.method.lower())
    if case.name == "ledger_upload":
        return call(url, data, **headers)
    if data is None:
        return call(url, **headers)
    return call(url, data, content_type="application/json", **headers)


def _ask(client: Client, c: Ctx, case: Case, org: str, role: str) -> tuple[int, str, bool | None]:
    result: tuple[int, str, bool | None] = (0, "", None)
    try:
        with transaction.atomic():
            r = _request(client, c, case, org, role)
            effect = case.effect(c, org) if case.effect else None
            result = (r.status_code, r.get("Location", ""), effect)
            raise _Rollback
    except _Rollback:
        pass
    return result


def _check(c: Ctx, role: str, cases: list[Case]) -> None:
    client = _client(c, role)
    unexpected = []
    for case in cases:
        for org in ORGS:
            status, location, effect = _ask(client, c, case, org, role)
            allowed = org in CAN[case.need].get(role, NONE)
            if role == "anonymous":
                ok = status == 401 if case.api else status == 302 and "/accounts/login/" in location
                ok = ok and not effect
            elif allowed:
                ok = status in case.ok and effect is not False
            else:
                ok = status == 403 and not effect
            if not ok:
                unexpected.append(
                    f"{role} {case.method} {case.name} @{org}: status {status} {location} "
                    f"effect={effect} expected {'allowed' if allowed else 'denied'}"
                )
    assert unexpected == [], "\n".join(unexpected)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_page_for_every_organisation(ctx: Ctx, role: str) -> None:
    _check(ctx, role, PAGES)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_endpoint_for_every_organisation(ctx: Ctx, role: str) -> None:
    _check(ctx, role, API)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_global_pages_and_endpoints(ctx: Ctx, role: str) -> None:
    client = _client(ctx, role)
    business = role not in ("anonymous", "admin")
    for url in ("/monitoring/", "/dashboard/"):
        r = client.get(url)
        if role == "anonymous":
            assert r.status_code == 302 and "/accounts/login/" in r["Location"], url
        elif business:
            assert r.status_code in (200, 302), (role, url, r.status_code)
        else:
            assert r.status_code in (200, 403), (role, url)
    # the admin sees no business data anywhere
    if role == "admin":
        assert "P001" not in client.get("/monitoring/").content.decode()
        assert client.get("/dashboard/").status_code == 403
    r = client.get("/tokens/")
    assert r.status_code == (302 if role == "anonymous" else 200)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {ctx.tokens[role]}"} if role != "anonymous" else {}
    me = Client().get("/api/v1/me", **headers)
    assert me.status_code == (401 if role == "anonymous" else 200)
    plans = Client().get("/api/v1/plans", {"page_size": 200}, **headers)
    if role == "anonymous":
        assert plans.status_code == 401
    else:
        orgs = {p["organisation_id"] for p in plans.json()["items"]}
        expected = {ctx.world.org(o).pk for o in READ[role]}
        assert orgs == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", ["finance", "dept_reviewer", "unit_filler", "other_filler", "auditor"]
)
def test_department_dashboards(ctx: Ctx, role: str) -> None:
    client = _client(ctx, role)
    for dept, units in (("a", ("a", "a1", "a2")), ("b", ("b", "b1"))):
        r = client.get(f"/dashboard/departments/{ctx.world.org(dept).pk}/?year=2024")
        visible = READ[role] & set(units)
        if not visible:
            assert r.status_code == 403, (role, dept)
            continue
        assert r.status_code == 200
        page = r.content.decode()
        shown = {o for o in units if f'/plans/{ctx.o(o).plan.pk}/"' in page}
        assert shown == visible, (role, dept, shown)


def test_the_matrix_covers_every_api_operation(ctx: Ctx, client: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operations = {(m.upper(), p) for p, ops in schema["paths"].items() for m in ops}
    covered = {(c.method, c.api_path.split("?")[0]) for c in API}
    covered |= {("GET", "/api/v1/me"), ("GET", "/api/v1/plans")}  # global, tested above
    assert operations == covered
