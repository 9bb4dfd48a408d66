# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""The one place that decides who may do what to which organisation's data (访问控制).

Every view asks :func:`require` (or :func:`can`, :func:`orgs_for`, :func:`plans_for`); no
view decides access on its own. The policy is the table :data:`POLICY`: role → permission
→ scope, where the scope says which organisations of the tree the permission reaches:

- ``OWN``: the user's own organisation only (a unit filler: their unit; a department filler:
  the department's own plan, not its units');
- ``DEPARTMENT``: the user's department and all its units;
- ``ALL``: every department and unit;
- ``GLOBAL``: a permission without an object (audit log, accounts).

Whether the plan's workflow state allows an action (e.g. editing only in 草稿/已退回) is
checked separately by :mod:`jixiao.web.plans.workflow`; this module answers "is this role
allowed to act on this organisation's data at all".
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from jixiao.web.accounts.models import Organisation, OrgKind, Role


class Perm(StrEnum):
    """Permissions (权限)."""

    VIEW_PLAN = "view_plan"  # read a plan and everything in it
    CREATE_PLAN = "create_plan"  # create or import a plan for an organisation
    EDIT_PLAN = "edit_plan"  # change the plan's content (while the workflow allows)
    SUBMIT_PLAN = "submit_plan"  # 提交审核
    DEPT_REVIEW = "dept_review"  # 部门审核
    FINANCE_REVIEW = "finance_review"  # 财政审核
    REQUEST_ADJUSTMENT = "request_adjustment"  # 调整申请 after approval
    UPDATE_PROGRESS = "update_progress"  # measures: owner, status, due date, evidence
    VIEW_AUDIT = "view_audit"  # 审计日志
    MANAGE_ACCOUNTS = "manage_accounts"  # users and the organisation tree (Django admin)
    MANAGE_SECURITY = "manage_security"  # roles, unlocking, second factors (安全管理)


class Scope(StrEnum):
    OWN = "own"
    DEPARTMENT = "department"
    ALL = "all"
    GLOBAL = "global"


POLICY: dict[str, dict[Perm, Scope]] = {
    # 三员分立: none of the three administrators has a business-data permission.
    Role.ADMIN: {Perm.VIEW_AUDIT: Scope.GLOBAL, Perm.MANAGE_ACCOUNTS: Scope.GLOBAL},
    Role.SECURITY_ADMIN: {Perm.MANAGE_SECURITY: Scope.GLOBAL},
    Role.FINANCE: {Perm.VIEW_PLAN: Scope.ALL, Perm.FINANCE_REVIEW: Scope.ALL},
    Role.DEPT_REVIEWER: {Perm.VIEW_PLAN: Scope.DEPARTMENT, Perm.DEPT_REVIEW: Scope.DEPARTMENT},
    Role.FILLER: {
        Perm.VIEW_PLAN: Scope.OWN,
        Perm.CREATE_PLAN: Scope.OWN,
        Perm.EDIT_PLAN: Scope.OWN,
        Perm.SUBMIT_PLAN: Scope.OWN,
        Perm.REQUEST_ADJUSTMENT: Scope.OWN,
        Perm.UPDATE_PROGRESS: Scope.OWN,
    },
    Role.AUDITOR: {Perm.VIEW_PLAN: Scope.ALL, Perm.VIEW_AUDIT: Scope.GLOBAL},
}


def role_of(user: Any) -> str:
    if user is None or not user.is_authenticated or not user.is_active:
        return ""
    return str(user.effective_role)


def scope_of(user: Any, perm: Perm) -> Scope | None:
    """The scope this user's role gives ``perm``; ``None`` when the role lacks it."""
    return POLICY.get(role_of(user), {}).get(perm)


def org_of(obj: Any) -> Organisation | None:
    """The organisation whose data ``obj`` is: an Organisation, a Plan, or a row in a plan."""
    if obj is None:
        return None
    if isinstance(obj, Organisation):
        return obj
    org = getattr(obj, "organisation", None)
    if isinstance(org, Organisation):
        return org
    for attr in ("plan", "project", "sub_goal", "measure"):
        parent = getattr(obj, attr, None)
        if parent is not None:
            return org_of(parent)
    return None


def _in_scope(user: Any, scope: Scope, org: Organisation | None) -> bool:
    if scope is Scope.GLOBAL:
        return True
    if org is None or org.kind == OrgKind.BUREAU:
        return False
    if scope is Scope.ALL:
        return True
    mine = user.organisation
    if mine is None:
        return False
    if scope is Scope.OWN:
        return bool(org.pk == mine.pk)
    # DEPARTMENT: the user's department and its units
    return mine.kind == OrgKind.DEPARTMENT and org.department_id_or_none == mine.pk


def can(user: Any, perm: Perm, obj: Any = None) -> bool:
    """May ``user`` use ``perm`` on ``obj`` (an Organisation, a Plan, or a row of a plan)?"""
    scope = scope_of(user, perm)
    if scope is None:
        return False
    if scope is Scope.GLOBAL:
        return True
    if obj is None:
        return False
    return _in_scope(user, scope, org_of(obj))


def has_any(user: Any, perm: Perm) -> bool:
    """Does the role carry ``perm`` for at least some organisation (for menus and lists)?"""
    return scope_of(user, perm) is not None


def require(user: Any, perm: Perm, obj: Any = None) -> None:
    """Raise PermissionDenied (HTTP 403) and write an audit record when ``can`` says no."""
    if can(user, perm, obj):
        return
    from jixiao.web.audit.log import record
    from jixiao.web.audit.models import Action, Result

    record(
        Action.DENIED,
        obj=obj if hasattr(obj, "_meta") else None,
        result=Result.DENIED,
        message=f"无权限: {perm.value}",
    )
    raise PermissionDenied(f"无权限: {perm.value}")


def orgs_for(user: Any, perm: Perm) -> QuerySet[Organisation]:
    """The organisations where ``user`` may use ``perm`` (departments and units only)."""
    scope = scope_of(user, perm)
    base = Organisation.objects.exclude(kind=OrgKind.BUREAU)
    if scope is None or scope is Scope.GLOBAL:
        return base.none() if scope is None else base
    if scope is Scope.ALL:
        return base
    mine = user.organisation
    if mine is None:
        return base.none()
    if scope is Scope.OWN:
        return base.filter(pk=mine.pk)
    if mine.kind != OrgKind.DEPARTMENT:
        return base.none()
    return base.filter(Q(pk=mine.pk) | Q(parent_id=mine.pk))


def plans_for(user: Any, perm: Perm = Perm.VIEW_PLAN) -> QuerySet[Any]:
    """The plans ``user`` may use ``perm`` on."""
    from jixiao.web.plans.models import Plan

    scope = scope_of(user, perm)
    if scope is None:
        return Plan.objects.none()
    if scope in (Scope.ALL, Scope.GLOBAL):
        return Plan.objects.all()
    return Plan.objects.filter(organisation__in=orgs_for(user, perm))
