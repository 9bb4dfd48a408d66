"""Demo data for ``jixiao serve --demo``: the organisation tree, one user per role, the seed.

The seed document is the 2023 performance document of a development-zone commerce bureau
(开发区商务局); it is imported as that department's draft plan through the same import path
as an upload. Demo accounts share one password, printed at start; never use them in
production (the production settings refuse ``--demo``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from jixiao.web.accounts.models import Organisation, OrgKind, Role, User

DEMO_PASSWORD = "Jixiao-Demo-2023!"
DEMO_YEAR = 2023
BUREAU = "开发区财政局"
SEED_DEPARTMENT = "开发区商务局"
SEED_UNIT = "开发区招商服务中心"
OTHER_DEPARTMENT = "开发区经济发展局"
OTHER_UNIT = "开发区企业服务中心"


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


def create_demo(seed: Path | None) -> DemoResult:
    """Create the demo data (idempotent: users get the demo password again)."""
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
    return DemoResult(list(DEMO_USERS), DEMO_PASSWORD, plan_id, message)


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
