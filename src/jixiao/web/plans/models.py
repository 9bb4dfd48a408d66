# ruff: noqa: RUF012  (Django's Meta options are class-level lists by convention)
# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Stored plans (绩效目标) as rows; :mod:`jixiao.web.plans.convert` maps them to the domain Plan.

Text is stored exactly as written. A target keeps its raw text (``target_raw``) and what the
core's value grammar understood of it (``target``, the interchange JSON), so that a value read
from split columns (指标性质/指标值/度量单位) survives unchanged; an edit of the text (or of the
row's categories) re-parses it with :func:`jixiao.domain.values.parse_target`.

Edited rows carry ``lock_version`` for optimistic locking (乐观锁): a save names the version it
started from and is refused when someone saved in between.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jixiao.domain.money import MoneyUnit
from jixiao.web.choices import TextChoices

MONEY_UNITS = [(u.value, u.value) for u in MoneyUnit]


class PlanStatus(TextChoices):
    """Workflow states (流程状态)."""

    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待部门审核")
    DEPT_APPROVED = "dept_approved", _("待财政审核")
    APPROVED = "approved", _("已批复")
    RETURNED = "returned", _("已退回")


class Locked(models.Model):
    """Optimistic locking and who changed the row last."""

    lock_version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True


class Plan(Locked):
    """One organisation's performance plan for one year (部门/单位年度绩效目标)."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("机构"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    adjusting = models.BooleanField(_("调整中"), default=False)
    profile = models.CharField(_("规则配置"), max_length=100, default="national")
    overall_goal = models.TextField(_("总体绩效目标"), blank=True)
    source_file = models.CharField(_("来源文件"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("批复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("绩效目标")
        verbose_name_plural = _("绩效目标")
        ordering = ["-year", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="plan_one_per_org_year")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}年绩效目标"

    @property
    def status_label(self) -> str:
        label = str(PlanStatus(self.status).label)
        return f"{label} (调整)" if self.adjusting else label


class Project(Locked):
    """项目支出绩效目标表: one project of a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="projects")
    position = models.PositiveIntegerField(default=0)
    code = models.CharField(_("项目编码"), max_length=50, blank=True)
    name = models.CharField(_("项目名称"), max_length=300, blank=True)
    purpose = models.TextField(_("资金主要用途"), blank=True)
    goal = models.TextField(_("年度绩效目标"), blank=True)
    long_term_goal = models.TextField(_("长期绩效目标"), blank=True)
    budget_amount = models.DecimalField(
        _("预算数"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    budget_unit = models.CharField(_("单位"), max_length=4, choices=MONEY_UNITS, default="万元")
    department_name = models.CharField(_("主管部门 (原文)"), max_length=200, blank=True)
    unit_name = models.CharField(_("实施单位 (原文)"), max_length=200, blank=True)
    source = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder, editable=False)

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"], condition=~Q(code=""), name="project_code_unique"
            )
        ]

    def __str__(self) -> str:
        return " ".join(p for p in (self.code, self.name) if p) or "(未命名项目)"


class FundLine(models.Model):
    """资金来源: one fund source of a project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="fund_lines")
    position = models.PositiveIntegerField(default=0)
    source = models.CharField(_("资金来源"), max_length=100)
    amount = models.DecimalField(_("金额"), max_digits=24, decimal_places=6)
    unit = models.CharField(_("单位"), max_length=4, choices=MONEY_UNITS, default="万元")

    class Meta:
        ordering = ["position", "id"]


class Checkpoint(models.Model):
    """资金支出计划: cumulative percent spent by the end of a month."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="checkpoints")
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(_("时点"), max_length=30)
    month = models.PositiveSmallIntegerField(_("月份"))
    percent = models.DecimalField(_("累计支出%"), max_digits=9, decimal_places=4)

    class Meta:
        ordering = ["position", "id"]


class SubGoal(Locked):
    """分项绩效目标 of a department plan, with its indicators and the projects delivering it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sub_goals")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("分项目标"), max_length=300)
    goal = models.TextField(_("绩效目标"), blank=True)
    indicator_names = models.JSONField(_("绩效指标 (原文)"), default=list, blank=True)
    projects = models.ManyToManyField(
        Project, verbose_name=_("支撑项目"), blank=True, related_name="sub_goals"
    )
    # Project codes named by the document that match no project of the plan (kept, not lost).
    other_project_codes = models.JSONField(default=list, blank=True, editable=False)
    source = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder, editable=False)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    """A level-3 indicator row of a project or of a department sub-goal (三级指标)."""

    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators"
    )
    sub_goal = models.ForeignKey(
        SubGoal, null=True, blank=True, on_delete=models.CASCADE, related_name="targets"
    )
    position = models.PositiveIntegerField(default=0)
    level1 = models.CharField(_("一级指标"), max_length=100, blank=True)
    level2 = models.CharField(_("二级指标"), max_length=100, blank=True)
    level3 = models.CharField(_("三级指标"), max_length=300, blank=True)
    description = models.TextField(_("指标描述"), blank=True)
    target_raw = models.CharField(_("指标值"), max_length=300, blank=True)
    target = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder, editable=False)
    target_display = models.CharField(max_length=300, blank=True, editable=False)
    basis = models.CharField(_("指标值确定依据"), max_length=300, blank=True)
    basis_code = models.CharField(max_length=20, blank=True, editable=False)
    weight = models.DecimalField(_("权重"), max_digits=9, decimal_places=4, null=True, blank=True)
    long_term_target = models.JSONField(
        null=True, blank=True, encoder=DjangoJSONEncoder, editable=False
    )
    ident = models.CharField(max_length=100, blank=True, editable=False)
    source = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder, editable=False)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(project__isnull=False) & Q(sub_goal__isnull=True))
                | (Q(project__isnull=True) & Q(sub_goal__isnull=False)),
                name="indicator_belongs_to_one_parent",
            )
        ]

    def __str__(self) -> str:
        return self.level3 or self.description or "(空行)"

    @property
    def plan(self) -> Plan:
        if self.project is not None:
            return self.project.plan
        assert self.sub_goal is not None
        return self.sub_goal.plan


class MeasureStatus(TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("进行中")
    DONE = "done", _("已完成")


class Measure(Locked):
    """目标规划及保障措施: one management measure, tracked as a checklist item."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("措施"), max_length=300)
    text = models.TextField(_("内容"), blank=True)
    owner = models.CharField(_("责任人"), max_length=100, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.NOT_STARTED
    )
    due_date = models.DateField(_("完成期限"), null=True, blank=True)
    source = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder, editable=False)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


def _evidence_path(instance: Evidence, filename: str) -> str:
    # The stored name is generated; the name as uploaded is kept in ``original_name``.
    import uuid

    return f"evidence/{instance.measure.plan_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """An evidence attachment (佐证材料) of a measure; downloaded through a permission check."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=_evidence_path, max_length=300)
    original_name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大小"))
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Leftover(models.Model):
    """Text of the imported document that the ingester could not place (未能识别的内容)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="leftovers")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField()
    reason = models.CharField(max_length=300, blank=True)
    source = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["position", "id"]


class Event(TextChoices):
    """What produced a version (版本来源)."""

    CREATE = "create", _("新建")
    IMPORT = "import", _("导入")
    SUBMIT = "submit", _("提交审核")
    DEPT_APPROVE = "dept_approve", _("部门审核通过")
    DEPT_RETURN = "dept_return", _("部门审核退回")
    FINANCE_APPROVE = "finance_approve", _("财政审核通过 (批复)")
    FINANCE_RETURN = "finance_return", _("财政审核退回")
    ADJUST = "adjust", _("申请调整")


class PlanVersion(models.Model):
    """A snapshot of the whole plan at a workflow step (历史版本), in the interchange JSON."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    event = models.CharField(max_length=20, choices=Event.choices)
    status = models.CharField(max_length=20, choices=PlanStatus.choices)
    adjusting = models.BooleanField(default=False)
    snapshot = models.TextField()  # jixiao.domain.jsonio plan JSON (exact decimals)
    extra = models.JSONField(default=dict, encoder=DjangoJSONEncoder)  # web-only state
    comment = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")
        ]

    def __str__(self) -> str:
        return f"v{self.number} {self.get_event_display()}"

    def snapshot_dict(self) -> dict[str, Any]:
        from jixiao.domain import jsonio

        data: dict[str, Any] = jsonio.loads(self.snapshot)
        return data


class Grade(TextChoices):
    """审核结果: 优 (goes on), 良 (fixed after consultation), 中 (revise), 差 (cannot enter)."""

    EXCELLENT = "优", "优"
    GOOD = "良", "良"
    FAIR = "中", "中"
    POOR = "差", "差"


class Stage(TextChoices):
    DEPARTMENT = "department", _("部门审核")
    FINANCE = "finance", _("财政审核")


class Decision(TextChoices):
    APPROVE = "approve", _("通过")
    RETURN = "return", _("退回")


class ReviewRecord(models.Model):
    """A reviewer's decision with grade and comment, next to the automatic findings."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    stage = models.CharField(_("审核环节"), max_length=20, choices=Stage.choices)
    decision = models.CharField(_("审核意见"), max_length=10, choices=Decision.choices)
    grade = models.CharField(_("审核等级"), max_length=2, choices=Grade.choices)
    comment = models.TextField(_("审核意见说明"), blank=True)
    findings = models.JSONField(default=dict, encoder=DjangoJSONEncoder)  # counts at the time
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey(PlanVersion, null=True, on_delete=models.PROTECT, related_name="+")
    adjustment = models.ForeignKey(
        "Adjustment", null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "at", "id"]


class AdjustmentStatus(TextChoices):
    OPEN = "open", _("调整中")
    APPROVED = "approved", _("已批复")


class Adjustment(models.Model):
    """调整申请: a change of an approved plan, with its reason, reviewed like the plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="adjustments")
    reason = models.TextField(_("调整原因"))
    status = models.CharField(
        max_length=10, choices=AdjustmentStatus.choices, default=AdjustmentStatus.OPEN
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    base_version = models.ForeignKey(
        PlanVersion, null=True, on_delete=models.PROTECT, related_name="+"
    )
    final_version = models.ForeignKey(
        PlanVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["plan", "requested_at", "id"]
