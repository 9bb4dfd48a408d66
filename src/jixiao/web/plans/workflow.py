# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""The review workflow (审核流程) as a table of transitions.

    草稿 ──提交──▶ 待部门审核 ──部门通过──▶ 待财政审核 ──财政通过──▶ 已批复
      ▲               │ 部门退回                │ 财政退回                 │ 申请调整
      └── 已退回 ◀────┴───────────────────────┘                          ▼
                                                              草稿 (调整中) … 同样流程

Content can be edited only in 草稿 and 已退回; approved targets are frozen and change only
through an adjustment request (调整申请, with a reason), which reopens the plan as a draft
marked 调整中 and goes through the same two reviews. Every transition stores a snapshot of the
whole plan (:class:`PlanVersion`) and an audit record.

A review approves only with grade 优 or 良: by the rule book (DOMAIN.md §3) 中 must be revised
and resubmitted and 差 cannot enter budgeting, so both go back to the filler.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jixiao.web.accounts.permissions import Perm, can
from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action
from jixiao.web.plans import convert
from jixiao.web.plans.models import (
    Adjustment,
    AdjustmentStatus,
    Decision,
    Event,
    Grade,
    Plan,
    PlanStatus,
    PlanVersion,
    ReviewRecord,
    Stage,
)

EDITABLE = frozenset({PlanStatus.DRAFT, PlanStatus.RETURNED})
APPROVABLE_GRADES = frozenset({Grade.EXCELLENT, Grade.GOOD})


class WorkflowError(Exception):
    """A step the plan's state does not allow; the message is shown to the user."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: Any  # lazy translation
    perm: Perm
    sources: frozenset[PlanStatus]
    target: PlanStatus
    event: Event


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "submit",
            _("提交审核"),
            Perm.SUBMIT_PLAN,
            EDITABLE,
            PlanStatus.SUBMITTED,
            Event.SUBMIT,
        ),
        Transition(
            "dept_approve",
            _("部门审核通过"),
            Perm.DEPT_REVIEW,
            frozenset({PlanStatus.SUBMITTED}),
            PlanStatus.DEPT_APPROVED,
            Event.DEPT_APPROVE,
        ),
        Transition(
            "dept_return",
            _("部门审核退回"),
            Perm.DEPT_REVIEW,
            frozenset({PlanStatus.SUBMITTED}),
            PlanStatus.RETURNED,
            Event.DEPT_RETURN,
        ),
        Transition(
            "finance_approve",
            _("财政审核通过"),
            Perm.FINANCE_REVIEW,
            frozenset({PlanStatus.DEPT_APPROVED}),
            PlanStatus.APPROVED,
            Event.FINANCE_APPROVE,
        ),
        Transition(
            "finance_return",
            _("财政审核退回"),
            Perm.FINANCE_REVIEW,
            frozenset({PlanStatus.DEPT_APPROVED}),
            PlanStatus.RETURNED,
            Event.FINANCE_RETURN,
        ),
        Transition(
            "adjust",
            _("申请调整"),
            Perm.REQUEST_ADJUSTMENT,
            frozenset({PlanStatus.APPROVED}),
            PlanStatus.DRAFT,
            Event.ADJUST,
        ),
    )
}

STAGE_TRANSITIONS = {
    Stage.DEPARTMENT: {Decision.APPROVE: "dept_approve", Decision.RETURN: "dept_return"},
    Stage.FINANCE: {Decision.APPROVE: "finance_approve", Decision.RETURN: "finance_return"},
}
STAGE_STATUS = {Stage.DEPARTMENT: PlanStatus.SUBMITTED, Stage.FINANCE: PlanStatus.DEPT_APPROVED}
STAGE_PERM = {Stage.DEPARTMENT: Perm.DEPT_REVIEW, Stage.FINANCE: Perm.FINANCE_REVIEW}


def is_editable(plan: Plan) -> bool:
    return plan.status in EDITABLE


def why_not_editable(plan: Plan) -> str:
    if plan.status == PlanStatus.APPROVED:
        return "已批复的绩效目标已冻结, 不能直接修改; 如需修改, 请提出调整申请 (说明调整原因)。"
    if plan.status in (PlanStatus.SUBMITTED, PlanStatus.DEPT_APPROVED):
        return "绩效目标正在审核中, 不能修改; 如需修改, 请等待审核退回。"
    return ""


def ensure_editable(plan: Plan) -> None:
    if not is_editable(plan):
        raise WorkflowError(why_not_editable(plan))


def available(plan: Plan, user: Any) -> list[Transition]:
    """The transitions this user may take now (for the buttons on the plan page)."""
    return [t for t in TRANSITIONS.values() if plan.status in t.sources and can(user, t.perm, plan)]


def create_version(plan: Plan, event: Event, user: Any, comment: str = "") -> PlanVersion:
    """Snapshot the whole plan (interchange JSON plus checklist state) as the next version."""
    number = (plan.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return PlanVersion.objects.create(
        plan=plan,
        number=number,
        event=event,
        status=plan.status,
        adjusting=plan.adjusting,
        snapshot=convert.plan_json(plan),
        extra=convert.web_extra(plan),
        comment=comment,
        actor=user,
    )


def _review_summary(plan: Plan) -> dict[str, Any]:
    from jixiao.web.plans import core

    report = core.review(convert.plan_to_domain(plan), plan.profile)
    counts = report.counts()
    grade = report.plan_grade
    return {
        "counts": {str(k.value): v for k, v in counts.items()},
        "suggested_grade": grade.grade.value,
        "suggested_reason": grade.reason,
    }


def transition(
    plan: Plan,
    name: str,
    user: Any,
    *,
    comment: str = "",
    grade: str | None = None,
    reason: str = "",
) -> PlanVersion:
    """Take one workflow step; raises WorkflowError when the state or the input forbids it.

    The caller has checked the permission with :func:`jixiao.web.accounts.permissions.require`;
    it is checked again here, under a row lock on the plan, together with the state.
    """
    t = TRANSITIONS[name]
    with transaction.atomic():
        locked = Plan.objects.select_for_update().select_related("organisation").get(pk=plan.pk)
        if not can(user, t.perm, locked):
            raise WorkflowError("您没有执行此操作的权限。")
        if locked.status not in t.sources:
            raise WorkflowError(
                f"当前状态为“{locked.status_label}”, 不能{t.label}(可能已被他人处理, 请刷新页面)。"
            )
        is_review = t.perm in (Perm.DEPT_REVIEW, Perm.FINANCE_REVIEW)
        is_return = name.endswith("_return")
        if is_review:
            if grade not in Grade.values:
                raise WorkflowError("请选择审核等级 (优/良/中/差)。")
            if not is_return and grade not in APPROVABLE_GRADES:
                raise WorkflowError("审核等级为“中”或“差”时不能通过, 应退回修改。")
            if is_return and not comment.strip():
                raise WorkflowError("退回时请填写审核意见, 说明需要修改的内容。")
        if name == "adjust" and not reason.strip():
            raise WorkflowError("申请调整时请填写调整原因。")

        before = {"status": locked.status, "adjusting": locked.adjusting}
        locked.status = t.target
        summary = _review_summary(locked) if is_review else None
        adjustment = locked.adjustments.filter(status=AdjustmentStatus.OPEN).first()
        if name == "adjust":
            locked.adjusting = True
        if name == "finance_approve":
            locked.approved_at = timezone.now()
            locked.adjusting = False
        locked.updated_by = user
        locked.save(
            update_fields=["status", "adjusting", "approved_at", "updated_by", "updated_at"]
        )

        version = create_version(locked, t.event, user, comment or reason)
        if name == "adjust":
            base = locked.versions.filter(event=Event.FINANCE_APPROVE).order_by("-number").first()
            adjustment = Adjustment.objects.create(
                plan=locked, reason=reason.strip(), requested_by=user, base_version=base
            )
        if name == "finance_approve" and adjustment is not None:
            adjustment.status = AdjustmentStatus.APPROVED
            adjustment.decided_at = timezone.now()
            adjustment.final_version = version
            adjustment.save(update_fields=["status", "decided_at", "final_version"])
        if is_review:
            ReviewRecord.objects.create(
                plan=locked,
                stage=Stage.DEPARTMENT if name.startswith("dept") else Stage.FINANCE,
                decision=Decision.RETURN if is_return else Decision.APPROVE,
                grade=grade or "",
                comment=comment.strip(),
                findings=summary or {},
                reviewer=user,
                version=version,
                adjustment=adjustment,
            )
        record(
            Action.TRANSITION,
            obj=locked,
            before=before,
            after={
                "status": locked.status,
                "adjusting": locked.adjusting,
                "transition": name,
                "grade": grade,
                "comment": comment.strip(),
                "reason": reason.strip(),
                "version": version.number,
            },
            message=t.label,
        )
    plan.refresh_from_db()
    return version
