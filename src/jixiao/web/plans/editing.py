# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Saving edits: state check under a row lock, optimistic lock, core re-parse, audit records.

Every function runs in one transaction: either the whole edit is stored with its audit
records, or nothing is.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from jixiao.web.audit.log import changed, record, snapshot
from jixiao.web.audit.models import Action
from jixiao.web.plans import convert, locking, workflow
from jixiao.web.plans.models import (
    Indicator,
    Measure,
    Plan,
    Project,
    SubGoal,
)

REPARSE_FIELDS = ("target_raw", "level1", "level2", "basis")


def lock_plan(plan: Plan, *, editable: bool = True) -> Plan:
    """The plan row, locked for this transaction; checks that content may be edited."""
    locked = Plan.objects.select_for_update().select_related("organisation").get(pk=plan.pk)
    if editable:
        workflow.ensure_editable(locked)
    return locked


def _next_position(qs: Any) -> int:
    n = qs.aggregate(n=Max("position"))["n"]
    return 0 if n is None else int(n) + 1


def _rows(formset: Any) -> list[Any]:
    """The formset's forms to keep, in order: not deleted, not an untouched extra row."""
    kept = []
    for f in formset.forms:
        if f.instance.pk is None and not f.has_changed():
            continue
        if formset.can_delete and f.cleaned_data.get("DELETE"):
            continue
        kept.append(f)
    return kept


def _deleted(formset: Any) -> list[Any]:
    return [
        f.instance
        for f in formset.forms
        if f.instance.pk is not None and formset.can_delete and f.cleaned_data.get("DELETE")
    ]


def project_view(project: Project) -> dict[str, Any]:
    """A project with its fund lines and spending plan, for before/after in the audit log."""
    data = snapshot(project) or {}
    data["fund_lines"] = [snapshot(f) for f in project.fund_lines.order_by("position", "id")]
    data["checkpoints"] = [snapshot(c) for c in project.checkpoints.order_by("position", "id")]
    return data


def save_indicators(formset: Any, plan: Plan, **parent: Any) -> None:
    """Create, update and delete indicator rows from a formset, re-parsing changed targets."""
    existing = {i.pk: snapshot(i) for i in Indicator.objects.filter(**parent)}
    for ind in _deleted(formset):
        record(Action.DELETE, obj=ind, before=existing.get(ind.pk), plan_id=plan.pk)
        ind.delete()
    for position, f in enumerate(_rows(formset)):
        ind = f.save(commit=False)
        for key, value in parent.items():
            setattr(ind, key, value)
        ind.position = position
        if ind.pk is None or ind.target is None or set(f.changed_data) & set(REPARSE_FIELDS):
            convert.reparse_target(ind, plan)
        ind.save()
        after = snapshot(ind)
        if ind.pk in existing:
            before = existing[ind.pk]
            if changed(before, after):
                record(Action.UPDATE, obj=ind, before=before, after=after, plan_id=plan.pk)
        else:
            record(Action.CREATE, obj=ind, after=after, plan_id=plan.pk)


def _save_lines(project: Project, formset: Any) -> None:
    """Fund lines or checkpoints from a formset: rows keep their ids (concurrent forms stay
    valid); deleted rows go; positions follow the form order."""
    for obj in _deleted(formset):
        obj.delete()
    for position, f in enumerate(_rows(formset)):
        obj = f.save(commit=False)
        obj.project = project
        obj.position = position
        obj.save()


def save_project(
    plan: Plan,
    form: Any,
    funds: Any,
    checkpoints: Any,
    indicators: Any,
    user: Any,
) -> Project:
    """Save a project page (project, fund lines, spending plan, indicators) as one edit."""
    with transaction.atomic():
        locked_plan = lock_plan(plan)
        project: Project = form.instance
        creating = project.pk is None
        before = None
        if not creating:
            before = project_view(Project.objects.get(pk=project.pk))
            expected = form.cleaned_data.get("lock_version") or 0
            project.lock_version = locking.claim(Project, project.pk, expected, user)
        project = form.save(commit=False)
        project.plan = locked_plan
        project.updated_by = user
        if creating:
            project.position = _next_position(locked_plan.projects)
        project.save()
        funds.instance = project
        checkpoints.instance = project
        indicators.instance = project
        _save_lines(project, funds)
        _save_lines(project, checkpoints)
        after = project_view(project)
        if creating:
            record(Action.CREATE, obj=project, after=after)
        elif changed(before, after):
            record(Action.UPDATE, obj=project, before=before, after=after)
        save_indicators(indicators, locked_plan, project=project)
    return project


def delete_project(project: Project, user: Any) -> None:
    with transaction.atomic():
        lock_plan(project.plan)
        before = project_view(project)
        before["indicators"] = [snapshot(i) for i in project.indicators.all()]
        record(Action.DELETE, obj=project, before=before)
        project.delete()


def save_plan_header(plan: Plan, form: Any, user: Any) -> Plan:
    with transaction.atomic():
        lock_plan(plan)
        before = snapshot(Plan.objects.get(pk=plan.pk))
        plan.lock_version = locking.claim(Plan, plan.pk, form.cleaned_data["lock_version"], user)
        plan.overall_goal = form.cleaned_data["overall_goal"]
        plan.updated_by = user
        plan.save(update_fields=["overall_goal", "lock_version", "updated_by", "updated_at"])
        after = snapshot(plan)
        if changed(before, after):
            record(Action.UPDATE, obj=plan, before=before, after=after)
    return plan


def _sub_goal_view(sub: SubGoal) -> dict[str, Any]:
    data = snapshot(sub) or {}
    data["projects"] = [p.code or p.pk for p in sub.projects.order_by("position", "id")]
    return data


def save_sub_goal(plan: Plan, form: Any, targets: Any, user: Any) -> SubGoal:
    with transaction.atomic():
        locked_plan = lock_plan(plan)
        sub: SubGoal = form.instance
        creating = sub.pk is None
        before = None
        if not creating:
            before = _sub_goal_view(SubGoal.objects.get(pk=sub.pk))
            sub.lock_version = locking.claim(
                SubGoal, sub.pk, form.cleaned_data.get("lock_version") or 0, user
            )
        sub = form.save(commit=False)
        sub.plan = locked_plan
        sub.indicator_names = form.cleaned_data["indicator_lines"]
        sub.updated_by = user
        if creating:
            sub.position = _next_position(locked_plan.sub_goals)
        sub.save()
        form.save_m2m()
        after = _sub_goal_view(sub)
        if creating:
            record(Action.CREATE, obj=sub, after=after)
        elif changed(before, after):
            record(Action.UPDATE, obj=sub, before=before, after=after)
        targets.instance = sub
        save_indicators(targets, locked_plan, sub_goal=sub)
    return sub


def delete_sub_goal(sub: SubGoal, user: Any) -> None:
    with transaction.atomic():
        lock_plan(sub.plan)
        record(Action.DELETE, obj=sub, before=_sub_goal_view(sub))
        sub.delete()


def save_measure(plan: Plan, form: Any, user: Any, *, progress_only: bool = False) -> Measure:
    """Save a measure; ``progress_only`` (owner, status, due date) is allowed in any state."""
    with transaction.atomic():
        locked_plan = lock_plan(plan, editable=not progress_only)
        measure: Measure = form.instance
        creating = measure.pk is None
        before = None
        if not creating:
            before = snapshot(Measure.objects.get(pk=measure.pk))
            measure.lock_version = locking.claim(
                Measure, measure.pk, form.cleaned_data.get("lock_version") or 0, user
            )
        measure = form.save(commit=False)
        measure.plan = locked_plan
        measure.updated_by = user
        if creating:
            measure.position = _next_position(locked_plan.measures)
        measure.save()
        after = snapshot(measure)
        if creating:
            record(Action.CREATE, obj=measure, after=after)
        elif changed(before, after):
            record(Action.UPDATE, obj=measure, before=before, after=after)
    return measure


def delete_measure(measure: Measure, user: Any) -> None:
    with transaction.atomic():
        lock_plan(measure.plan)
        record(Action.DELETE, obj=measure, before=snapshot(measure))
        measure.delete()
