"""Demo data for ``jixiao serve --demo`` and ``jixiao demo``: the organisation tree, one user
per role, the seed plan and its yearly cycle.

The seed document is the 2023 performance document of a development-zone commerce bureau
(开发区商务局); it is imported as that department's plan through the same import path as an
upload. With the demo data beside it (``examples/seed``: ``payments.csv``, ``progress.yaml``,
``actuals.yaml`` — invented, see the folder's README) the plan then goes through the cycle as
the demo users would take it, through the same service functions the pages call (so
permissions, validations, versions and audit records are those of a user):

1. 商务局填报员 submits it, 商务局审核员 and 财政局审核员 approve it (grade 良, with a comment
   naming the core's suggested grade);
2. 商务局审核员 opens a monitoring round as of 2023-07-31; 商务局填报员 uploads and confirms
   the payments ledger and enters and submits each project's progress sheet (a sheet whose
   red/yellow rows lack a reason is left unsubmitted, as the page would refuse it);
3. 商务局填报员 enters the year-end actuals of each project's self-evaluation (saved, not
   submitted).

Nothing is done twice: a plan already approved (or being adjusted), an existing round as of
2023-07-31 and a project's existing self-evaluation are left as they are. Without the demo
data (or for another seed document) the plan stays a draft and the result says why. Demo
accounts share one password, printed at start; never use them in production (the production
settings refuse ``--demo``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction

from jixiao.demo import DEMO_AS_OF, SEED_NAME
from jixiao.domain.errors import InputError
from jixiao.web.accounts.models import Organisation, OrgKind, Role, User

DEMO_PASSWORD = "Jixiao-Demo-2023!"
DEMO_YEAR = 2023
BUREAU = "开发区财政局"
SEED_DEPARTMENT = "开发区商务局"
SEED_UNIT = "开发区招商服务中心"
OTHER_DEPARTMENT = "开发区经济发展局"
OTHER_UNIT = "开发区企业服务中心"

# The demo data of the seed's cycle (examples/seed; the same files as the command-line demo).
PAYMENTS = "payments.csv"
PROGRESS = "progress.yaml"
ACTUALS = "actuals.yaml"
DEMO_DEADLINE = date(2023, 8, 10)
# Who takes each step of the cycle.
FILLER = "shangwu_tianbao"
DEPT_REVIEWER = "shangwu_shenhe"
FINANCE = "caizheng"
REVIEW_GRADE = "良"


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: Role
    organisation: str | None


DEMO_USERS = (
    DemoUser("admin", "系统管理员", Role.ADMIN, None),
    DemoUser("anquan", "安全管理员", Role.SECURITY_ADMIN, None),
    DemoUser("caizheng", "财政局审核员", Role.FINANCE, BUREAU),
    DemoUser("shangwu_shenhe", "商务局审核员", Role.DEPT_REVIEWER, SEED_DEPARTMENT),
    DemoUser("shangwu_tianbao", "商务局填报员", Role.FILLER, SEED_DEPARTMENT),
    DemoUser("zhaoshang_tianbao", "招商中心填报员", Role.FILLER, SEED_UNIT),
    DemoUser("jingfa_shenhe", "经发局审核员", Role.DEPT_REVIEWER, OTHER_DEPARTMENT),
    DemoUser("jingfa_tianbao", "经发局填报员", Role.FILLER, OTHER_DEPARTMENT),
    DemoUser("shenji", "审计员", Role.AUDITOR, None),
)


@dataclass
class DemoResult:
    users: list[DemoUser]
    password: str
    plan_id: int | None
    seed_message: str
    cycle_message: str = ""


def org_tree() -> dict[str, Organisation]:
    """Create (or find) the demo organisation tree: bureau → two departments → one unit each."""
    bureau, _ = Organisation.objects.get_or_create(
        name=BUREAU, parent=None, defaults={"kind": OrgKind.BUREAU}
    )
    orgs = {BUREAU: bureau}
    for dept, unit in ((SEED_DEPARTMENT, SEED_UNIT), (OTHER_DEPARTMENT, OTHER_UNIT)):
        d, _ = Organisation.objects.get_or_create(
            name=dept, parent=bureau, defaults={"kind": OrgKind.DEPARTMENT}
        )
        u, _ = Organisation.objects.get_or_create(
            name=unit, parent=d, defaults={"kind": OrgKind.UNIT}
        )
        orgs[dept], orgs[unit] = d, u
    return orgs


def create_demo(seed: Path | None, data: Path | None = None) -> DemoResult:
    """Create the demo data (idempotent: users get the demo password again).

    ``data`` is the folder with the demo data of the cycle; by default the seed's folder when
    the seed is the bundled document (the demo data describe that document only).
    """
    if not settings.DEBUG and not getattr(settings, "JIXIAO_ALLOW_DEMO", False):
        raise RuntimeError("演示数据只能在开发设置下创建 (生产环境不允许默认账户)")
    with transaction.atomic():
        orgs = org_tree()
        for du in DEMO_USERS:
            user = User.objects.filter(username=du.username).first() or User(username=du.username)
            user.full_name = du.full_name
            user.role = du.role
            user.organisation = orgs[du.organisation] if du.organisation else None
            user.is_staff = du.role == Role.ADMIN
            user.is_active = True
            user.locked_until = None
            user.failed_login_count = 0
            validate_password(DEMO_PASSWORD, user)
            user.set_password(DEMO_PASSWORD)
            user.save()
    plan_id, message = import_seed(seed, orgs[SEED_DEPARTMENT])
    if data is None and seed is not None and seed.name == SEED_NAME:
        data = seed.parent
    cycle = run_cycle(plan_id, data)
    return DemoResult(list(DEMO_USERS), DEMO_PASSWORD, plan_id, message, cycle)


def import_seed(seed: Path | None, department: Organisation) -> tuple[int | None, str]:
    """Import the seed document as the department's draft plan, unless it exists already."""
    from jixiao.web.plans import importing
    from jixiao.web.plans.models import Plan

    existing = Plan.objects.filter(organisation=department, year=DEMO_YEAR).first()
    if existing is not None:
        return existing.pk, f"已存在: {existing}"
    if seed is None or not seed.is_file():
        return None, "未找到示例文档, 跳过导入 (可用 --seed 指定)"
    from jixiao.web.plans import core

    profile = str(settings.JIXIAO_PROFILE)
    dp = core.parse_document(seed, profile)
    dp.year = dp.year or DEMO_YEAR
    filler = User.objects.get(username="shangwu_tianbao")
    plan = importing.save_import(department, DEMO_YEAR, dp, filler, profile)
    return plan.pk, f"已导入 {seed.name}: {len(dp.projects)} 个项目"


# --- the cycle -----------------------------------------------------------------------------


@contextmanager
def _acting(user: User) -> Iterator[User]:
    """Audit records written inside are the user's (as in a request by that user)."""
    from jixiao.web.audit import context

    token = context.set_current(context.Actor(user=user, ip=None))
    try:
        yield user
    finally:
        context.reset(token)


def run_cycle(plan_id: int | None, data: Path | None) -> str:
    """Take the seed plan through approval, monitoring and self-evaluation (see the module
    docstring); what was done, as one line. Without the demo data nothing is done and the
    line says why. A step the services refuse undoes the whole cycle (the plan stays as it
    was) and the line gives the refusal."""
    from jixiao.web.cycle.monitoring import CycleError, FieldError
    from jixiao.web.plans.locking import ConcurrentEditError
    from jixiao.web.plans.models import Plan
    from jixiao.web.plans.workflow import WorkflowError

    if plan_id is None:
        return "未导入示例计划, 未演示审核、运行监控与自评"
    if data is None:
        return f"演示数据只适用于示例文档 {SEED_NAME}, 计划保持原状态 (未演示审核、监控与自评)"
    missing = [n for n in (PAYMENTS, PROGRESS, ACTUALS) if not (data / n).is_file()]
    if missing:
        return (
            f"演示数据目录 {data} 中没有 {'、'.join(missing)}, "
            "计划保持原状态 (未演示审核、监控与自评)"
        )
    users = {
        u.username: u for u in User.objects.filter(username__in=(FILLER, DEPT_REVIEWER, FINANCE))
    }
    try:
        with transaction.atomic():
            plan = Plan.objects.select_related("organisation").get(pk=plan_id)
            parts = [
                _approve(plan, users),
                _monitor(plan, data, users),
                _self_evaluate(plan, data, users),
            ]
    except (
        WorkflowError,
        CycleError,
        FieldError,
        InputError,
        ConcurrentEditError,
        PermissionDenied,
    ) as exc:
        return f"演示流程未完成, 已撤销本次的全部步骤: {exc}"
    return "; ".join(parts)


def _approve(plan: Any, users: dict[str, User]) -> str:
    """提交 → 部门审核通过 → 财政审核通过, each by its demo user (``workflow.transition``)."""
    from jixiao.web.cycle.summaries import review_summary
    from jixiao.web.plans import workflow
    from jixiao.web.plans.models import PlanStatus

    if plan.status == PlanStatus.APPROVED:
        return "计划已批复 (原有)"
    if plan.adjusting:
        return f"计划调整中 ({plan.status_label}), 未重新提交审核"
    suggested = review_summary(plan)["grade"]
    comment = f"演示: 审核人认定为“{REVIEW_GRADE}”予以通过 (系统建议等级: {suggested})"
    steps = (
        (workflow.EDITABLE, "submit", FILLER, {"comment": "演示: 提交审核"}),
        ({PlanStatus.SUBMITTED}, "dept_approve", DEPT_REVIEWER, {"grade": REVIEW_GRADE}),
        ({PlanStatus.DEPT_APPROVED}, "finance_approve", FINANCE, {"grade": REVIEW_GRADE}),
    )
    for sources, name, username, extra in steps:
        if plan.status not in sources:
            continue
        user = users[username]
        options: dict[str, Any] = {"comment": comment, **extra}
        with _acting(user):
            workflow.transition(plan, name, user, **options)
    return (
        f"计划已提交并批复 ({users[DEPT_REVIEWER].full_name}、{users[FINANCE].full_name}审核通过)"
    )


def _monitor(plan: Any, data: Path, users: dict[str, User]) -> str:
    """A round as of 2023-07-31 opened by the department reviewer; the filler uploads and
    confirms the ledger, then saves and submits each project's progress sheet."""
    from django.core.files import File

    from jixiao.monitor.progress import read_progress
    from jixiao.web.accounts.permissions import require
    from jixiao.web.cycle import access, monitoring
    from jixiao.web.cycle.models import MonitoringRound
    from jixiao.web.cycle.uploads import entry_input
    from jixiao.web.plans import convert

    if MonitoringRound.objects.filter(plan=plan, as_of=DEMO_AS_OF).exists():
        return f"运行监控 截至 {DEMO_AS_OF} (原有)"
    reviewer, filler = users[DEPT_REVIEWER], users[FILLER]
    with _acting(reviewer):
        access.require_organise(reviewer, plan)
        rnd = monitoring.open_round(
            plan,
            as_of=DEMO_AS_OF,
            deadline=DEMO_DEADLINE,
            note="演示数据 (虚构), 见 examples/seed/README.md",
            user=reviewer,
        )
    projects = convert.ordered_projects(plan)
    progress = read_progress(
        data / PROGRESS,
        convert.plan_to_domain(plan, projects=projects),
        monitoring.rules_for(plan.profile),
    )
    unusable = [
        f"{i.source.describe()}: {i.message}" for i in progress.issues if i.severity == "error"
    ]
    if unusable:
        raise InputError("演示指标进度有无法使用的行: " + "; ".join(unusable))

    held: list[str] = []
    with _acting(filler):
        require(filler, access.FILL, plan)
        with (data / PAYMENTS).open("rb") as fh:
            upload = monitoring.preview_ledger(rnd, File(fh, name=PAYMENTS), filler)
        monitoring.confirm_ledger(upload, filler)
        for p in projects:
            # every indicator row, as the sheet page posts them (empty where nothing is reported)
            rows = {
                ind.pk: entry_input(progress.entry(p.code, n))
                for n, ind in enumerate(p.indicators.all())
            }
            sheet = monitoring.sheet_for(rnd, p)
            sheet_input = monitoring.SheetInput(
                spending=entry_input(progress.spending.get(p.code)), rows=rows
            )
            monitoring.save_sheet(sheet, sheet_input, sheet.lock_version, filler)
            try:
                monitoring.submit_sheet(sheet, sheet.lock_version, filler)
            except monitoring.CycleError as exc:
                held.append(f"{p.code} 未提交: {exc}")
    done = f"运行监控 截至 {DEMO_AS_OF}: 支付台账 {upload.rows_counted} 行, "
    done += f"{len(projects) - len(held)}/{len(projects)} 个项目的监控表已提交"
    return done + "".join(f" ({h})" for h in held)


def _self_evaluate(plan: Any, data: Path, users: dict[str, User]) -> str:
    """The filler enters each project's year-end actuals (saved, not submitted)."""
    from jixiao.evaluate.actuals import ActualsIndex, read_actuals
    from jixiao.web.accounts.permissions import require
    from jixiao.web.cycle import access, evaluation
    from jixiao.web.cycle.models import SelfEvaluation
    from jixiao.web.cycle.uploads import actuals_input
    from jixiao.web.plans import convert

    filler = users[FILLER]
    projects = convert.ordered_projects(plan)
    dplan = convert.plan_to_domain(plan, projects=projects)
    index = ActualsIndex(read_actuals(data / ACTUALS))
    results: list[str] = []
    kept = 0
    with _acting(filler):
        for p, dp in zip(projects, dplan.projects, strict=True):
            if SelfEvaluation.objects.filter(project=p).exists():
                kept += 1
                continue
            pa = index.find(p.code, p.name)
            if pa is None:
                continue
            # as an uploaded 自评表 is entered: rows matched as the core matches them
            typed, _ = actuals_input(plan, p, dp, pa, [])
            require(filler, access.FILL, p)
            ev = evaluation.start(p, filler)
            pe = evaluation.save(ev, typed, ev.lock_version, filler)
            results.append(f"{p.code} {pe.total} 分 {pe.grade}")
    if not results:
        return f"绩效自评 {kept} 个项目 (原有)" if kept else "绩效自评: 演示数据中没有本计划的项目"
    text = "绩效自评已填报 (未提交): " + ", ".join(results)
    return text + (f"; {kept} 个项目原有" if kept else "")
