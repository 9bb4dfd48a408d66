"""Shared fixtures of the web tests: Django settings, the organisation tree, one user per role.

Django is configured here (``jixiao.web.settings.test``) unless ``DJANGO_SETTINGS_MODULE`` or
``--ds`` says otherwise; ``DATABASE_URL=postgres://…`` runs the same tests on PostgreSQL.

The world used throughout: 财政局 → 部门 A (units A1, A2) and 部门 B (unit B1), with a
system admin, a finance reviewer, a department reviewer of A, a department filler of A, a unit
filler of A1, a filler of B and an auditor.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings.test")
# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# browser tests' own code are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django

django.setup()

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "examples" / "seed" / "000_bf5cb89b1d3e99b6.txt"
PASSWORD = "Test-Passw0rd!"

sys.path.insert(0, str(REPO / "tests"))


def pytest_configure(config: pytest.Config) -> None:
    # This conftest is not an initial one, so pytest-django's own setup ran before Django was
    # configured; finish it now (django.setup() above, DB access blocked until a test asks).
    from pytest_django.plugin import _setup_django

    _setup_django(config)


@dataclass
class World:
    bureau: Any
    a: Any
    a1: Any
    a2: Any
    b: Any
    b1: Any
    users: dict[str, Any]

    def org(self, name: str) -> Any:
        return getattr(self, name)


ROLE_USERS = {
    # key: (role, organisation attribute or None)
    "admin": ("admin", None),
    "finance": ("finance", "bureau"),
    "dept_reviewer": ("dept_reviewer", "a"),
    "dept_filler": ("filler", "a"),
    "unit_filler": ("filler", "a1"),
    "other_filler": ("filler", "b"),
    "auditor": ("auditor", None),
}


def build_world() -> World:
    from jixiao.web.accounts.models import Organisation, OrgKind, User

    bureau = Organisation.objects.create(name="财政局", kind=OrgKind.BUREAU)
    a = Organisation.objects.create(name="部门A", kind=OrgKind.DEPARTMENT, parent=bureau)
    a1 = Organisation.objects.create(name="单位A1", kind=OrgKind.UNIT, parent=a)
    a2 = Organisation.objects.create(name="单位A2", kind=OrgKind.UNIT, parent=a)
    b = Organisation.objects.create(name="部门B", kind=OrgKind.DEPARTMENT, parent=bureau)
    b1 = Organisation.objects.create(name="单位B1", kind=OrgKind.UNIT, parent=b)
    world = World(bureau, a, a1, a2, b, b1, {})
    for key, (role, org) in ROLE_USERS.items():
        user = User(
            username=key,
            full_name=key,
            role=role,
            organisation=world.org(org) if org else None,
            is_staff=role == "admin",
        )
        user.set_password(PASSWORD)
        user.save()
        world.users[key] = user
    return world


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def login(client: Any, world: World) -> Callable[[str], Any]:
    """``login("unit_filler")`` signs the test client in as that user and returns the client."""

    def _login(key: str) -> Any:
        client.force_login(world.users[key])
        return client

    return _login


def small_plan(code_prefix: str = "P", *, projects: int = 1, year: int = 2023) -> Any:
    """A small domain plan: projects with three indicators each (one with an empty value)."""
    from jixiao.domain.model import Checkpoint, FundLine, Funds, Indicator, Measure, SubGoal
    from jixiao.domain.model import Plan as DPlan
    from jixiao.domain.model import Project as DProject
    from jixiao.domain.money import Money, MoneyUnit
    from jixiao.domain.values import parse_target

    def ind(l1: str, l2: str, l3: str, raw: str) -> Indicator:
        return Indicator(
            l1,
            l2,
            l3,
            description=l3,
            target=parse_target(raw, level1=l1, level2=l2, year=year),
            basis="工作要求",
        )

    ps = []
    for n in range(1, projects + 1):
        ps.append(
            DProject(
                code=f"{code_prefix}{n:03d}",
                name=f"项目{n}",
                funds=Funds(
                    total=Money(Decimal("150"), MoneyUnit.WAN),
                    lines=[FundLine("财政拨款", Money(Decimal("150"), MoneyUnit.WAN))],
                ),
                purpose="用途",
                spending_plan=[
                    Checkpoint("6月底", 6, Decimal("50")),
                    Checkpoint("12月底", 12, Decimal("100")),
                ],
                goal="完成年度任务",
                indicators=[
                    ind("产出指标", "数量指标", "签约项目", "15个"),
                    ind("效益指标", "经济效益指标", "促进经济增长", ""),
                    ind("满意度指标", "服务对象满意度指标", "投资者满意度", "95%以上"),
                ],
            )
        )
    return DPlan(
        year=year,
        overall_goal="总体目标",
        sub_goals=[SubGoal(title="分项一", goal="目标", indicators=["签约项目"])],
        measures=[Measure(title="完善制度建设", text="制定制度")],
        projects=ps,
        source_file="small.txt",
    )


@pytest.fixture
def make_plan(world: World) -> Callable[..., Any]:
    """``make_plan(org, status=..., projects=1, year=2023)``: a stored plan in that state."""
    from jixiao.web.plans.convert import store_domain_plan
    from jixiao.web.plans.models import Plan
    from jixiao.web.plans.workflow import create_version

    def _make(org: Any, status: str = "draft", *, projects: int = 1, year: int = 2023) -> Any:
        plan = Plan.objects.create(organisation=org, year=year, status=status)
        store_domain_plan(plan, small_plan(projects=projects, year=year))
        create_version(plan, "import", None)
        return plan

    return _make


@pytest.fixture
def seed_text() -> Iterator[Path]:
    assert SEED.is_file(), f"seed document missing: {SEED}"
    yield SEED


def project_form_data(project: Any, **changes: Any) -> dict[str, Any]:
    """The POST data of the project edit page, as the browser would send it unchanged.

    ``changes`` overrides project fields; ``indicators={n: {field: value}}`` overrides cells
    of indicator row ``n`` (0-based); ``new_indicators=[{...}]`` appends rows.
    """
    from jixiao.domain.money import clean_decimal

    def num(v: Any) -> str:
        return "" if v is None else f"{clean_decimal(v):f}"

    ind_changes = changes.pop("indicators", {})
    new_rows = changes.pop("new_indicators", [])
    data: dict[str, Any] = {
        "code": project.code,
        "name": project.name,
        "budget_amount": num(project.budget_amount),
        "budget_unit": project.budget_unit,
        "purpose": project.purpose,
        "goal": project.goal,
        "long_term_goal": project.long_term_goal,
        "lock_version": project.lock_version,
    }
    data.update(changes)
    funds = list(project.fund_lines.order_by("position", "id"))
    data |= {"funds-TOTAL_FORMS": len(funds), "funds-INITIAL_FORMS": len(funds)}
    for n, f in enumerate(funds):
        data |= {
            f"funds-{n}-id": f.pk,
            f"funds-{n}-source": f.source,
            f"funds-{n}-amount": num(f.amount),
            f"funds-{n}-unit": f.unit,
        }
    points = list(project.checkpoints.order_by("position", "id"))
    data |= {"checkpoints-TOTAL_FORMS": len(points), "checkpoints-INITIAL_FORMS": len(points)}
    for n, c in enumerate(points):
        data |= {
            f"checkpoints-{n}-id": c.pk,
            f"checkpoints-{n}-label": c.label,
            f"checkpoints-{n}-month": c.month,
            f"checkpoints-{n}-percent": num(c.percent),
        }
    rows = list(project.indicators.order_by("position", "id"))
    total = len(rows) + len(new_rows)
    data |= {"indicators-TOTAL_FORMS": total, "indicators-INITIAL_FORMS": len(rows)}
    fields = ("level1", "level2", "level3", "description", "target_raw", "basis")
    for n, i in enumerate(rows):
        data[f"indicators-{n}-id"] = i.pk
        for f in fields:
            data[f"indicators-{n}-{f}"] = getattr(i, f)
        data[f"indicators-{n}-weight"] = num(i.weight)
        for f, v in ind_changes.get(n, {}).items():
            data[f"indicators-{n}-{f}"] = v
    for k, row in enumerate(new_rows, start=len(rows)):
        for f, v in row.items():
            data[f"indicators-{k}-{f}"] = v
    return data
