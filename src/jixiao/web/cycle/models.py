# ruff: noqa: RUF012  (Django's Meta options are class-level lists by convention)
# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Stored monitoring rounds and self-evaluations (运行监控、绩效自评).

The rows keep what the users entered, as written; every light, rate, forecast, score and
grade is computed by the core (:mod:`jixiao.monitor`, :mod:`jixiao.evaluate`) from these rows
through :mod:`jixiao.web.cycle.monitoring` and :mod:`jixiao.web.cycle.evaluation`. The only
computed values stored are (a) the aggregated payments ledger (what
:func:`jixiao.monitor.read_ledger` returned, so the file is read once), (b) a self-evaluation's
score at its last save and the reviewers' decisions (a review freezes a score), and (c) the
dashboard cache (:class:`Computed`), keyed by a fingerprint of the data it came from.

Edited rows carry ``lock_version`` (乐观锁) like the plans app's rows.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from jixiao.web.choices import TextChoices
from jixiao.web.plans.models import Indicator, Locked, Plan, Project

# --- 运行监控 (monitoring) -------------------------------------------------------------------


class RoundStatus(TextChoices):
    OPEN = "open", _("填报中")
    CLOSED = "closed", _("已结束")


class MonitoringRound(Locked):
    """A monitoring round of one plan (运行监控): data as of a date, filled by a deadline."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="monitoring_rounds")
    as_of = models.DateField(_("数据截止日期"))
    deadline = models.DateField(_("填报截止日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("监控轮次")
        verbose_name_plural = _("监控轮次")
        ordering = ["plan", "-as_of", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "as_of"], name="round_one_per_plan_date")
        ]

    def __str__(self) -> str:
        return f"{self.plan} 运行监控 (截至 {self.as_of:%Y-%m-%d})"


class LedgerStatus(TextChoices):
    PENDING = "pending", _("待确认")
    ACTIVE = "active", _("在用")
    REPLACED = "replaced", _("已被替换")
    CANCELLED = "cancelled", _("已取消")


def _ledger_path(instance: LedgerUpload, filename: str) -> str:
    import uuid

    return f"ledgers/{instance.round.plan_id}/{uuid.uuid4().hex}"


class LedgerUpload(models.Model):
    """An uploaded payments ledger (支付台账) and what the core read from it.

    ``aggregate`` is the core's :class:`~jixiao.monitor.LedgerResult` by project (元, exact
    decimals as text): ``{code: {"by_month": [12], "by_source": {}, "rows", "refunds",
    "refunds_yuan"}}``; ``summary`` holds the counts, excluded amounts, unknown codes and the
    listed issues. An upload is *pending* until the user confirms the preview; one upload per
    round is *active* (the one the monitoring uses).
    """

    round = models.ForeignKey(MonitoringRound, on_delete=models.CASCADE, related_name="ledgers")
    status = models.CharField(
        _("状态"), max_length=10, choices=LedgerStatus.choices, default=LedgerStatus.PENDING
    )
    file = models.FileField(upload_to=_ledger_path, max_length=300)
    original_name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大小"))
    amount_unit = models.CharField(_("金额单位"), max_length=4)
    unit_source = models.CharField(max_length=10)
    header_row = models.PositiveIntegerField(default=0)
    rows_read = models.PositiveIntegerField(default=0)
    rows_counted = models.PositiveIntegerField(default=0)
    total_yuan = models.DecimalField(max_digits=24, decimal_places=6, default=0)
    aggregate = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    summary = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def plan(self) -> Plan:
        return self.round.plan


class ProjectProgress(Locked):
    """One project's monitoring sheet in a round: the 预算执行 row's reasons, and submission.

    The indicator rows are :class:`IndicatorProgress`. ``submitted_at`` is set when the unit
    submits the sheet (all red/yellow rows must have a deviation reason by then).
    """

    round = models.ForeignKey(MonitoringRound, on_delete=models.CASCADE, related_name="sheets")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    reasons = models.JSONField(_("偏差原因"), default=dict, blank=True)
    likelihood = models.PositiveSmallIntegerField(_("完成可能性"), null=True, blank=True)
    rectification = models.BooleanField(_("是否需要整改"), null=True, blank=True)
    remarks = models.TextField(_("备注"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["round", "project__position", "project_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "project"], name="sheet_one_per_project")
        ]

    def __str__(self) -> str:
        return f"{self.project} 监控填报"

    @property
    def plan(self) -> Plan:
        return self.round.plan


class IndicatorProgress(models.Model):
    """What the unit reported for one indicator (指标完成情况) in a round, as written."""

    sheet = models.ForeignKey(ProjectProgress, on_delete=models.CASCADE, related_name="rows")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    value = models.CharField(_("截至目前完成值"), max_length=200, blank=True)
    forecast = models.CharField(_("全年预计完成值"), max_length=200, blank=True)
    unit = models.CharField(_("度量单位"), max_length=20, blank=True)
    reasons = models.JSONField(_("偏差原因"), default=dict, blank=True)
    likelihood = models.PositiveSmallIntegerField(_("完成可能性"), null=True, blank=True)
    rectification = models.BooleanField(_("是否需要整改"), null=True, blank=True)
    remarks = models.TextField(_("备注"), blank=True)

    class Meta:
        ordering = ["sheet", "indicator__position", "indicator_id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "indicator"], name="progress_one_per_row")
        ]


class RectificationStatus(TextChoices):
    OPEN = "open", _("待整改")
    ANSWERED = "answered", _("已反馈")
    CLOSED = "closed", _("已办结")


class Rectification(models.Model):
    """整改要求: a reviewer asks a project's unit to rectify; the unit answers; it is closed."""

    round = models.ForeignKey(
        MonitoringRound, on_delete=models.CASCADE, related_name="rectifications"
    )
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    light = models.CharField(_("预警"), max_length=10, blank=True)
    request = models.TextField(_("整改要求"))
    due_date = models.DateField(_("整改期限"), null=True, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=RectificationStatus.choices,
        default=RectificationStatus.OPEN,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    response = models.TextField(_("整改情况"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("整改要求")
        verbose_name_plural = _("整改要求")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.project} 整改要求"

    @property
    def plan(self) -> Plan:
        return self.round.plan


# --- 绩效自评 (self-evaluation) ---------------------------------------------------------------


class EvalStatus(TextChoices):
    """Self-evaluation workflow (自评流程)."""

    DRAFT = "draft", _("填报中")
    SUBMITTED = "submitted", _("待部门审核")
    DEPT_CONFIRMED = "dept_confirmed", _("待财政审核")
    CONFIRMED = "confirmed", _("已确认")
    RETURNED = "returned", _("已退回")


class SelfEvaluation(Locked):
    """The self-evaluation of one project (项目支出绩效自评表): what the unit entered.

    ``computed_total``/``computed_grade`` are the core's result at the last save (for lists and
    dashboards); ``final_total``/``final_grade`` are the score in force after the reviews (the
    computed one, or a reviewer's adjusted score with its reason).
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="self_evaluations")
    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="evaluation")
    status = models.CharField(
        _("状态"), max_length=20, choices=EvalStatus.choices, default=EvalStatus.DRAFT
    )
    outcome = models.TextField(_("实际完成情况"), blank=True)
    execution_reason = models.TextField(_("执行率偏低原因"), blank=True)
    computed_total = models.DecimalField(
        _("自评得分"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    computed_grade = models.CharField(_("自评等级"), max_length=4, blank=True)
    final_total = models.DecimalField(
        _("确认得分"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    final_grade = models.CharField(_("确认等级"), max_length=4, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("绩效自评")
        verbose_name_plural = _("绩效自评")
        ordering = ["plan", "project__position", "project_id"]

    def __str__(self) -> str:
        return f"{self.project} 绩效自评"

    @property
    def grade_shown(self) -> str:
        return self.final_grade or self.computed_grade

    @property
    def total_shown(self) -> object:
        return self.final_total if self.final_total is not None else self.computed_total


class FundActualRow(models.Model):
    """A fund-source row of the money block: 年初预算数, 全年预算数, 全年执行数 (in ``unit``)."""

    evaluation = models.ForeignKey(SelfEvaluation, on_delete=models.CASCADE, related_name="funds")
    position = models.PositiveIntegerField(default=0)
    source = models.CharField(_("资金来源"), max_length=100)
    initial = models.DecimalField(
        _("年初预算数"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    adjusted = models.DecimalField(
        _("全年预算数"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    spent = models.DecimalField(
        _("全年执行数"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    unit = models.CharField(_("单位"), max_length=4, default="万元")

    class Meta:
        ordering = ["evaluation", "position", "id"]


class IndicatorActualRow(models.Model):
    """实际完成值 of one indicator, the evaluator's score (定性) and the explanation."""

    evaluation = models.ForeignKey(
        SelfEvaluation, on_delete=models.CASCADE, related_name="indicators"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    actual = models.CharField(_("实际完成值"), max_length=200, blank=True)
    score = models.DecimalField(
        _("得分 (定性)"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    explanation = models.TextField(_("偏差原因分析及改进措施"), blank=True)

    class Meta:
        ordering = ["evaluation", "indicator__position", "indicator_id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "indicator"], name="actual_one_per_row")
        ]


class EvalStage(TextChoices):
    DEPARTMENT = "department", _("部门审核")
    FINANCE = "finance", _("财政审核")


class EvalDecision(TextChoices):
    CONFIRM = "confirm", _("确认")
    ADJUST = "adjust", _("调整得分")
    RETURN = "return", _("退回")


class EvaluationReview(models.Model):
    """A reviewer's decision on a self-evaluation, with the score before and after."""

    evaluation = models.ForeignKey(SelfEvaluation, on_delete=models.CASCADE, related_name="reviews")
    stage = models.CharField(_("审核环节"), max_length=20, choices=EvalStage.choices)
    decision = models.CharField(_("审核意见"), max_length=10, choices=EvalDecision.choices)
    computed_total = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    computed_grade = models.CharField(max_length=4, blank=True)
    total = models.DecimalField(_("审核得分"), max_digits=9, decimal_places=2, null=True)
    grade = models.CharField(_("审核等级"), max_length=4, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["evaluation", "at", "id"]


# --- dashboard cache --------------------------------------------------------------------------


class Computed(models.Model):
    """A cached result of the core for one plan (e.g. a round's monitoring summary).

    ``fingerprint`` names the data it was computed from (the plan's last recorded change in
    the audit log, its version, the round's ledger); a different fingerprint means recompute.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    fingerprint = models.CharField(max_length=200)
    payload = models.JSONField(encoder=DjangoJSONEncoder)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], name="computed_one_per_kind")
        ]
