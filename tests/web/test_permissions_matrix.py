"""Permission matrix: every role × every view × own / other department / other unit, reading
and writing. Zero unexpected access.

The expected access is written out by hand below (``CAN``), independently of the permission
module; the test asks every view as every user about every organisation's plan and compares.
A write is checked by its effect in the database (then rolled back), a read by its status.

Organisations: 部门A with units A1 and A2, 部门B with unit B1. Users: admin; finance
(财政局); dept_reviewer (部门A); dept_filler (部门A itself); unit_filler (A1); other_filler
(部门B); auditor; and anonymous.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client

from jixiao.web.plans.models import Evidence, Plan, PlanStatus

from .conftest import build_world, small_plan

ORGS = ("a", "a1", "a2", "b", "b1")
ALL = frozenset(ORGS)
NONE: frozenset[str] = frozenset()
ROLES = (
    "anonymous",
    "admin",
    "finance",
    "dept_reviewer",
    "dept_filler",
    "unit_filler",
    "other_filler",
    "auditor",
)

# --- the policy, by hand: which organisations' plans each user may read / change ---------
READ = {
    "anonymous": NONE,
    "admin": NONE,  # 三员分立: the system admin does not see business data
    "finance": ALL,
    "dept_reviewer": frozenset({"a", "a1", "a2"}),
    "dept_filler": frozenset({"a"}),
    "unit_filler": frozenset({"a1"}),
    "other_filler": frozenset({"b"}),
    "auditor": ALL,
}
FILL = {
    "dept_filler": frozenset({"a"}),
    "unit_filler": frozenset({"a1"}),
    "other_filler": frozenset({"b"}),
}
DEPT_REVIEW = {"dept_reviewer": frozenset({"a", "a1", "a2"})}
FINANCE_REVIEW = {"finance": ALL}
CAN = {
    "read": READ,
    "fill": FILL,
    "dept_review": DEPT_REVIEW,
    "finance_review": FINANCE_REVIEW,
}
GLOBAL_PAGES = {
    # url name: users who get the page (everyone else: 403, anonymous: login)
    "home": set(ROLES) - {"anonymous"},
    "plan_list": set(ROLES) - {"anonymous"},
    "plan_create": {"dept_filler", "unit_filler", "other_filler"},
    "plan_import": {"dept_filler", "unit_filler", "other_filler"},
    "audit_list": {"admin", "auditor"},
    "audit_export": {"admin", "auditor"},
    "admin:index": {"admin"},
}

STATE_YEAR = {
    PlanStatus.DRAFT: 2021,
    PlanStatus.SUBMITTED: 2022,
    PlanStatus.DEPT_APPROVED: 2023,
    PlanStatus.APPROVED: 2024,
}


@dataclass
class Ctx:
    world: Any
    plans: dict[tuple[str, str], Plan] = field(default_factory=dict)

    def plan(self, org: str, status: str = PlanStatus.DRAFT) -> Plan:
        return Plan.objects.get(pk=self.plans[(org, status)].pk)

    def project(self, org: str, status: str = PlanStatus.DRAFT) -> Any:
        return self.plan(org, status).projects.order_by("position").first()

    def sub_goal(self, org: str) -> Any:
        return self.plan(org).sub_goals.first()

    def measure(self, org: str, status: str = PlanStatus.DRAFT) -> Any:
        return self.plan(org, status).measures.first()


def _empty_formsets(*prefixes: str) -> dict[str, str]:
    data = {}
    for p in prefixes:
        data[f"{p}-TOTAL_FORMS"] = "0"
        data[f"{p}-INITIAL_FORMS"] = "0"
    return data


@dataclass(frozen=True)
class View:
    """One view as the matrix asks it: GET (read) or POST (write, with its effect)."""

    name: str
    need: str  # which CAN table decides
    url: Callable[[Ctx, str], str]
    method: str = "GET"
    data: Callable[[Ctx, str], dict[str, Any]] | None = None
    effect: Callable[[Ctx, str], bool] | None = None


def u(path: str) -> Callable[[Ctx, str], str]:
    return lambda c, o: path.format(c=c, o=o)


VIEWS: list[View] = [
    # --- reading -----------------------------------------------------------------------
    View("plan_detail", "read", lambda c, o: f"/plans/{c.plan(o).pk}/"),
    View("plan_findings", "read", lambda c, o: f"/plans/{c.plan(o).pk}/findings/"),
    View("plan_findings_json", "read", lambda c, o: f"/plans/{c.plan(o).pk}/findings/?format=json"),
    View("plan_history", "read", lambda c, o: f"/plans/{c.plan(o).pk}/history/"),
    View("plan_version", "read", lambda c, o: f"/plans/{c.plan(o).pk}/versions/1/"),
    View(
        "plan_version_json", "read", lambda c, o: f"/plans/{c.plan(o).pk}/versions/1/?format=json"
    ),
    View("project_detail", "read", lambda c, o: f"/projects/{c.project(o).pk}/"),
    View(
        "evidence_download",
        "read",
        lambda c, o: f"/evidence/{c.measure(o).evidence.first().pk}/",
    ),
    View("approved_plan_detail", "read", lambda c, o: f"/plans/{c.plan(o, 'approved').pk}/"),
    # --- filling: forms (GET) ------------------------------------------------------------
    View("plan_edit_form", "fill", lambda c, o: f"/plans/{c.plan(o).pk}/edit/"),
    View("project_create_form", "fill", lambda c, o: f"/plans/{c.plan(o).pk}/projects/new/"),
    View("project_edit_form", "fill", lambda c, o: f"/projects/{c.project(o).pk}/edit/"),
    View("project_delete_form", "fill", lambda c, o: f"/projects/{c.project(o).pk}/delete/"),
    View("subgoal_create_form", "fill", lambda c, o: f"/plans/{c.plan(o).pk}/subgoals/new/"),
    View("subgoal_edit_form", "fill", lambda c, o: f"/subgoals/{c.sub_goal(o).pk}/edit/"),
    View("measure_create_form", "fill", lambda c, o: f"/plans/{c.plan(o).pk}/measures/new/"),
    View("measure_edit_form", "fill", lambda c, o: f"/measures/{c.measure(o).pk}/edit/"),
    View("measure_progress_form", "fill", lambda c, o: f"/measures/{c.measure(o).pk}/progress/"),
    View("plan_submit_form", "fill", lambda c, o: f"/plans/{c.plan(o).pk}/submit/"),
    View("plan_adjust_form", "fill", lambda c, o: f"/plans/{c.plan(o, 'approved').pk}/adjust/"),
    # --- filling: writes -----------------------------------------------------------------
    View(
        "plan_edit",
        "fill",
        lambda c, o: f"/plans/{c.plan(o).pk}/edit/",
        "POST",
        lambda c, o: {"lock_version": c.plan(o).lock_version, "overall_goal": "改过的总体目标"},
        lambda c, o: c.plan(o).overall_goal == "改过的总体目标",
    ),
    View(
        "plan_create",
        "fill",
        u("/plans/new/"),
        "POST",
        lambda c, o: {"organisation": c.world.org(o).pk, "year": 2030},
        lambda c, o: Plan.objects.filter(organisation=c.world.org(o), year=2030).exists(),
    ),
    View(
        "project_create",
        "fill",
        lambda c, o: f"/plans/{c.plan(o).pk}/projects/new/",
        "POST",
        lambda c, o: {
            "code": "NEW001",
            "name": "新项目",
            "budget_unit": "万元",
            **_empty_formsets("funds", "checkpoints", "indicators"),
        },
        lambda c, o: c.plan(o).projects.filter(code="NEW001").exists(),
    ),
    View(
        "project_edit",
        "fill",
        lambda c, o: f"/projects/{c.project(o).pk}/edit/",
        "POST",
        lambda c, o: {
            "code": c.project(o).code,
            "name": "改名",
            "budget_unit": "万元",
            "lock_version": c.project(o).lock_version,
            **_empty_formsets("funds", "checkpoints", "indicators"),
        },
        lambda c, o: c.project(o).name == "改名",
    ),
    View(
        "project_delete",
        "fill",
        lambda c, o: f"/projects/{c.project(o).pk}/delete/",
        "POST",
        lambda c, o: {},
        lambda c, o: not c.plan(o).projects.exists(),
    ),
    View(
        "subgoal_edit",
        "fill",
        lambda c, o: f"/subgoals/{c.sub_goal(o).pk}/edit/",
        "POST",
        lambda c, o: {
            "title": "改过的分项",
            "lock_version": c.sub_goal(o).lock_version,
            **_empty_formsets("targets"),
        },
        lambda c, o: c.plan(o).sub_goals.filter(title="改过的分项").exists(),
    ),
    View(
        "subgoal_delete",
        "fill",
        lambda c, o: f"/subgoals/{c.sub_goal(o).pk}/delete/",
        "POST",
        lambda c, o: {},
        lambda c, o: not c.plan(o).sub_goals.exists(),
    ),
    View(
        "measure_create",
        "fill",
        lambda c, o: f"/plans/{c.plan(o).pk}/measures/new/",
        "POST",
        lambda c, o: {"title": "新措施", "status": "not_started"},
        lambda c, o: c.plan(o).measures.filter(title="新措施").exists(),
    ),
    View(
        "measure_edit",
        "fill",
        lambda c, o: f"/measures/{c.measure(o).pk}/edit/",
        "POST",
        lambda c, o: {
            "title": "改过的措施",
            "status": "done",
            "lock_version": c.measure(o).lock_version,
        },
        lambda c, o: c.plan(o).measures.filter(title="改过的措施").exists(),
    ),
    View(
        "measure_delete",
        "fill",
        lambda c, o: f"/measures/{c.measure(o).pk}/delete/",
        "POST",
        lambda c, o: {},
        lambda c, o: not c.plan(o).measures.exists(),
    ),
    View(
        "measure_progress_after_approval",
        "fill",
        lambda c, o: f"/measures/{c.measure(o, 'approved').pk}/progress/",
        "POST",
        lambda c, o: {
            "owner": "张三",
            "status": "done",
            "lock_version": c.measure(o, "approved").lock_version,
        },
        lambda c, o: c.measure(o, "approved").owner == "张三",
    ),
    View(
        "plan_submit",
        "fill",
        lambda c, o: f"/plans/{c.plan(o).pk}/submit/",
        "POST",
        lambda c, o: {"comment": ""},
        lambda c, o: c.plan(o).status == PlanStatus.SUBMITTED,
    ),
    View(
        "plan_adjust",
        "fill",
        lambda c, o: f"/plans/{c.plan(o, 'approved').pk}/adjust/",
        "POST",
        lambda c, o: {"reason": "政策变化"},
        lambda c, o: c.plan(o, "approved").adjusting,
    ),
    View(
        "live_findings",
        "fill",
        lambda c, o: f"/plans/{c.plan(o).pk}/live-findings/",
        "POST",
        lambda c, o: {
            "code": "X1",
            "name": "项目",
            "budget_unit": "万元",
            **_empty_formsets("funds", "checkpoints", "indicators"),
        },
        None,
    ),
    # --- reviewing -----------------------------------------------------------------------
    View(
        "dept_review_form",
        "dept_review",
        lambda c, o: f"/plans/{c.plan(o, 'submitted').pk}/review/department/",
    ),
    View(
        "dept_review",
        "dept_review",
        lambda c, o: f"/plans/{c.plan(o, 'submitted').pk}/review/department/",
        "POST",
        lambda c, o: {"decision": "approve", "grade": "优", "comment": ""},
        lambda c, o: c.plan(o, "submitted").status == PlanStatus.DEPT_APPROVED,
    ),
    View(
        "finance_review_form",
        "finance_review",
        lambda c, o: f"/plans/{c.plan(o, 'dept_approved').pk}/review/finance/",
    ),
    View(
        "finance_review",
        "finance_review",
        lambda c, o: f"/plans/{c.plan(o, 'dept_approved').pk}/review/finance/",
        "POST",
        lambda c, o: {"decision": "return", "grade": "中", "comment": "请修改"},
        lambda c, o: c.plan(o, "dept_approved").status == PlanStatus.RETURNED,
    ),
]


@pytest.fixture(scope="module")
def ctx(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Ctx]:
    """The organisations, users and 20 plans (4 states × 5 organisations), built once."""
    from jixiao.web.plans.convert import store_domain_plan
    from jixiao.web.plans.workflow import create_version

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            c = Ctx(world)
            for o in ORGS:
                for status, year in STATE_YEAR.items():
                    plan = Plan.objects.create(organisation=world.org(o), year=year, status=status)
                    store_domain_plan(plan, small_plan(year=year))
                    create_version(plan, "import", None)
                    measure = plan.measures.first()
                    ev = Evidence(measure=measure, original_name="佐证.txt", size=2)
                    ev.file.save("e.txt", ContentFile(b"ok"), save=True)
                    c.plans[(o, status)] = plan
            yield c
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


class _Rollback(Exception):
    pass


def _client(c: Ctx, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(c.world.users[role])
    return client


def _allowed(view: View, role: str, org: str) -> bool:
    return org in CAN[view.need].get(role, NONE)


def _ask(client: Client, c: Ctx, view: View, org: str) -> tuple[int, str, bool | None]:
    """Status, redirect target and (for writes) whether the effect happened; rolled back."""
    result: tuple[int, str, bool | None] = (0, "", None)
    try:
        with transaction.atomic():
            url = view.url(c, org)
            if view.method == "GET":
                r = client.get(url)
                effect = None
            else:
                r = client.post(url, view.data(c, org) if view.data else {})
                effect = view.effect(c, org) if view.effect else None
            result = (r.status_code, r.get("Location", ""), effect)
            raise _Rollback
    except _Rollback:
        pass
    return result


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_view_for_every_organisation(ctx: Ctx, role: str) -> None:
    client = _client(ctx, role)
    unexpected = []
    asked = 0
    for view in VIEWS:
        for org in ORGS:
            asked += 1
            status, location, effect = _ask(client, ctx, view, org)
            allowed = _allowed(view, role, org)
            if role == "anonymous":
                ok = status == 302 and "/accounts/login/" in location and not effect
            elif view.method == "GET" or view.effect is None:
                ok = status == 200 if allowed else status == 403
            elif allowed:
                ok = effect is True and status == 302
            else:
                # refused: nothing changed; 403 (a form that offers only the user's own
                # organisations may instead answer 200 with the choice rejected)
                ok = effect is False and (
                    status == 403 or (view.name == "plan_create" and status == 200)
                )
            if not ok:
                unexpected.append(
                    f"{role} {view.method} {view.name} @{org}: status {status} {location} "
                    f"effect={effect} expected {'allowed' if allowed else 'denied'}"
                )
    assert asked == len(VIEWS) * len(ORGS)
    assert unexpected == [], "\n".join(unexpected)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_global_pages(ctx: Ctx, role: str) -> None:
    from django.urls import reverse

    client = _client(ctx, role)
    unexpected = []
    for name, allowed_roles in GLOBAL_PAGES.items():
        r = client.get(reverse(name))
        if role == "anonymous":
            ok = r.status_code == 302 and "login/" in r["Location"]
        elif role in allowed_roles:
            ok = r.status_code == 200
        else:
            ok = r.status_code == 403
        if not ok:
            unexpected.append(f"{role} GET {name}: {r.status_code}")
    assert unexpected == [], "\n".join(unexpected)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES[1:])
def test_plan_list_shows_only_readable_plans(ctx: Ctx, role: str) -> None:
    r = _client(ctx, role).get("/plans/")
    page = r.content.decode()
    shown = {o for (o, _), plan in ctx.plans.items() if f'href="/plans/{plan.pk}/"' in page}
    assert shown == set(READ[role])


@pytest.mark.django_db
def test_denied_access_is_audited(ctx: Ctx) -> None:
    from jixiao.web.audit.models import AuditEvent

    before = AuditEvent.objects.filter(action="denied").count()
    r = _client(ctx, "unit_filler").get(f"/plans/{ctx.plan('b').pk}/")
    assert r.status_code == 403
    event = AuditEvent.objects.filter(action="denied").latest("id")
    assert AuditEvent.objects.filter(action="denied").count() == before + 1
    assert event.actor_username == "unit_filler"
    assert event.plan_id == ctx.plan("b").pk
