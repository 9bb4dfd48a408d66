# ruff: noqa: RUF012  (Django's Meta options are class-level lists by convention)
# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Forms for plans, projects (with funds, spending plan and indicators), sub-goals, measures,
import, review and adjustment. Every text field keeps what the user wrote."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jixiao.domain.money import clean_decimal
from jixiao.web.plans import core
from jixiao.web.plans.models import (
    Checkpoint,
    Decision,
    FundLine,
    Grade,
    Indicator,
    Measure,
    Plan,
    Project,
    SubGoal,
)


class CleanDecimals:
    """Show stored decimals as written (150, 0.5), not with the database's padding (150.000000)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is None or getattr(self, "is_bound", False):
            return
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            value = getattr(instance, name, None)
            if isinstance(field, forms.DecimalField) and isinstance(value, Decimal):
                self.initial[name] = clean_decimal(value)  # type: ignore[attr-defined]


class LockForm(forms.Form):
    """The version the user started from (乐观锁)."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _year_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("年度"), min_value=2000, max_value=2100, initial=lambda: timezone.now().year
    )


class PlanCreateForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("机构"), queryset=None, empty_label=None)
    year = _year_field()
    overall_goal = forms.CharField(
        label=_("总体绩效目标"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        org, year = data.get("organisation"), data.get("year")
        exists = Plan.objects.filter(organisation=org, year=year).exists
        if org is not None and year is not None and exists():
            raise ValidationError(
                _("%(org)s %(year)d 年的绩效目标已存在 (每个机构每年一份)。")
                % {"org": org, "year": year}
            )
        return data


class ImportForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("机构"), queryset=None, empty_label=None)
    year = _year_field()
    file = forms.FileField(label=_("文件"))

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["file"].help_text = _("支持的格式: %(f)s; 不超过 %(mb)d MB") % {
            "f": ", ".join(core.supported_suffixes()),
            "mb": settings.JIXIAO_UPLOAD_MAX_MB,
        }

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        limit = settings.JIXIAO_UPLOAD_MAX_MB * 1024 * 1024
        if f.size > limit:
            raise ValidationError(
                _("文件 %(name)s 大小 %(size).1f MB, 超过上限 %(mb)d MB。")
                % {
                    "name": f.name,
                    "size": f.size / 1024 / 1024,
                    "mb": settings.JIXIAO_UPLOAD_MAX_MB,
                }
            )
        suffix = Path(f.name).suffix.lower()
        allowed = core.supported_suffixes()
        if suffix not in allowed:
            raise ValidationError(
                _("文件 %(name)s 的格式 (%(suffix)s) 不受支持; 支持: %(allowed)s。")
                % {"name": f.name, "suffix": suffix or "无扩展名", "allowed": ", ".join(allowed)}
            )
        return f


class PlanHeaderForm(LockForm):
    overall_goal = forms.CharField(
        label=_("总体绩效目标"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )


class ProjectForm(CleanDecimals, forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "budget_amount",
            "budget_unit",
            "purpose",
            "goal",
            "long_term_goal",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "goal": forms.Textarea(attrs={"rows": 3}),
            "long_term_goal": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any):
        self.plan = plan
        super().__init__(*args, **kwargs)

    def clean_code(self) -> str:
        code: str = (self.cleaned_data.get("code") or "").strip()
        if code:
            clash = Project.objects.filter(plan=self.plan, code=code)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise ValidationError(_("项目编码 %(code)s 在本计划中已存在。") % {"code": code})
        return code


class IndicatorForm(CleanDecimals, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["level1", "level2", "level3", "description", "target_raw", "basis", "weight"]
        widgets = {
            "level1": forms.TextInput(attrs={"list": "level1-options", "class": "narrow"}),
            "level2": forms.TextInput(attrs={"list": "level2-options", "class": "narrow"}),
            "description": forms.Textarea(attrs={"rows": 1}),
            "target_raw": forms.TextInput(attrs={"data-live-target": "1", "class": "target"}),
            "basis": forms.TextInput(attrs={"class": "narrow"}),
            "weight": forms.NumberInput(attrs={"class": "tiny", "step": "any"}),
        }


class FundLineForm(CleanDecimals, forms.ModelForm):
    class Meta:
        model = FundLine
        fields = ["source", "amount", "unit"]


class CheckpointForm(CleanDecimals, forms.ModelForm):
    class Meta:
        model = Checkpoint
        fields = ["label", "month", "percent"]
        widgets = {"month": forms.NumberInput(attrs={"min": 1, "max": 12, "class": "tiny"})}

    def clean_month(self) -> int:
        month: int = self.cleaned_data["month"]
        if not 1 <= month <= 12:
            raise ValidationError(_("月份应在 1 到 12 之间。"))
        return month


FundLineFormSet = inlineformset_factory(
    Project, FundLine, form=FundLineForm, extra=1, can_delete=True
)
CheckpointFormSet = inlineformset_factory(
    Project, Checkpoint, form=CheckpointForm, extra=1, can_delete=True
)
IndicatorFormSet = inlineformset_factory(
    Project, Indicator, form=IndicatorForm, fk_name="project", extra=2, can_delete=True
)
SubGoalTargetFormSet = inlineformset_factory(
    SubGoal, Indicator, form=IndicatorForm, fk_name="sub_goal", extra=1, can_delete=True
)


class SubGoalForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    indicator_lines = forms.CharField(
        label=_("绩效指标 (每行一个, 按原文)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = SubGoal
        fields = ["title", "goal", "projects"]
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 2}),
            "projects": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = plan.projects.order_by("position", "id")
        if self.instance.pk and not self.is_bound:
            self.initial["indicator_lines"] = "\n".join(self.instance.indicator_names)

    def clean_indicator_lines(self) -> list[str]:
        text: str = self.cleaned_data.get("indicator_lines") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class MeasureForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    class Meta:
        model = Measure
        fields = ["title", "text", "owner", "status", "due_date"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "due_date": forms.DateInput(attrs={"type": "date"}),
        }


class MeasureProgressForm(forms.ModelForm):
    """What may change after approval too: owner, status, due date and evidence (佐证材料)."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    evidence = forms.FileField(label=_("上传佐证材料"), required=False)

    class Meta:
        model = Measure
        fields = ["owner", "status", "due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}

    def clean_evidence(self) -> Any:
        f = self.cleaned_data.get("evidence")
        if f is None:
            return None
        limit = settings.JIXIAO_UPLOAD_MAX_MB * 1024 * 1024
        if f.size > limit:
            raise ValidationError(
                _("文件 %(name)s 大小 %(size).1f MB, 超过上限 %(mb)d MB。")
                % {
                    "name": f.name,
                    "size": f.size / 1024 / 1024,
                    "mb": settings.JIXIAO_UPLOAD_MAX_MB,
                }
            )
        return f


class SubmitForm(forms.Form):
    comment = forms.CharField(
        label=_("提交说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核意见"), choices=Decision.choices, widget=forms.RadioSelect
    )
    grade = forms.ChoiceField(label=_("审核等级"), choices=Grade.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("审核意见说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("退回时必填: 说明需要修改的内容。"),
    )


class AdjustForm(forms.Form):
    reason = forms.CharField(
        label=_("调整原因"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
