# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Monitoring rounds in the web (运行监控): stored rows ⇄ the core's monitoring inputs.

Every light, rate, gap and forecast comes from :func:`jixiao.monitor.monitor_plan`; this module
only turns stored rows into its inputs (a :class:`~jixiao.monitor.LedgerResult` from the
confirmed ledger's aggregate, a :class:`~jixiao.monitor.ProgressData` from the sheets) and the
result into what pages, the API and the dashboards show. A ledger is read once, by
:func:`jixiao.monitor.ledger.aggregate_ledger`, when it is uploaded; its aggregate is kept so
that a page never re-reads a file. A reported value is checked with the core's
:func:`jixiao.monitor.progress.read_value` before it is saved.

Every change (round opened/closed, ledger uploaded/confirmed/cancelled, a sheet saved or
submitted, a rectification asked/answered/closed) is written to the audit log with before and
after, in the same transaction as the change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from jixiao.domain.errors import InputError
from jixiao.domain.model import Plan as DPlan
from jixiao.domain.model import SourceRef
from jixiao.domain.money import MoneyUnit
from jixiao.monitor import (
    LedgerResult,
    MonitorReport,
    MonitorRules,
    ProgressData,
    ProgressEntry,
    monitor_plan,
    report_to_dict,
    rules_from_profile,
)
from jixiao.monitor.ledger import IssueKind, LedgerIssue, ProjectSpending, UnknownCode
from jixiao.monitor.progress import read_value
from jixiao.web.audit.log import changed, record, snapshot
from jixiao.web.audit.models import Action
from jixiao.web.cycle import rows
from jixiao.web.cycle.models import (
    IndicatorProgress,
    LedgerStatus,
    LedgerUpload,
    MonitoringRound,
    ProjectProgress,
    Rectification,
    RectificationStatus,
    RoundStatus,
)
from jixiao.web.plans import convert, core, locking
from jixiao.web.plans.models import Indicator, Plan, PlanStatus, Project

WEB_SOURCE = "网页填报"


class CycleError(Exception):
    """A step the state does not allow (shown to the user as a message, or a 409 in the API)."""


@dataclass
class FieldError(Exception):
    """Input that cannot be used, with where it is: ``[(location, message), …]``.

    A location is a tuple such as ``("rows", 3, "value")``: the API reports it as the JSON
    error's ``loc``; the pages show the message beside that field.
    """

    errors: list[tuple[tuple[str | int, ...], str]]

    def __str__(self) -> str:
        return "; ".join(m for _, m in self.errors)


@lru_cache(maxsize=16)
def rules_for(profile_name: str) -> MonitorRules:
    """The monitoring rules of a rule profile (read once; profiles are data)."""
    return rules_from_profile(core.profile(profile_name))


def deviation_kinds(plan: Plan) -> tuple[str, ...]:
    return rules_for(plan.profile).deviation_kinds


def likelihood_choices(plan: Plan) -> tuple[tuple[int, str], ...]:
    return rules_for(plan.profile).likelihood


# --- rounds ------------------------------------------------------------------------------------


def ensure_monitorable(plan: Plan) -> None:
    """Monitoring follows approval: the plan is approved (or being adjusted after approval)."""
    if plan.status != PlanStatus.APPROVED and not plan.adjusting:
        raise CycleError(f"绩效目标当前状态为“{plan.status_label}”; 批复后才能开展运行监控。")


def round_view(rnd: MonitoringRound) -> dict[str, Any]:
    return snapshot(rnd) or {}


def open_round(
    plan: Plan, *, as_of: date, deadline: date | None, note: str, user: Any
) -> MonitoringRound:
    """Open a monitoring round of ``plan`` with data as of ``as_of``."""
    ensure_monitorable(plan)
    if as_of.year != plan.year:
        raise FieldError([(("as_of",), f"数据截止日期 {as_of} 不在计划年度 {plan.year} 内")])
    if deadline is not None and deadline < as_of:
        raise FieldError([(("deadline",), "填报截止日期不能早于数据截止日期")])
    with transaction.atomic():
        Plan.objects.select_for_update().get(pk=plan.pk)
        if MonitoringRound.objects.filter(plan=plan, as_of=as_of).exists():
            raise FieldError([(("as_of",), f"已有截至 {as_of} 的监控轮次")])
        rnd = MonitoringRound.objects.create(
            plan=plan,
            as_of=as_of,
            deadline=deadline,
            note=note,
            created_by=user,
            updated_by=user,
        )
        record(Action.CREATE, obj=rnd, after=round_view(rnd))
    return rnd


def set_round_status(rnd: MonitoringRound, status: str, expected: int, user: Any) -> None:
    """Close (结束) or reopen a round; optimistic lock on the round."""
    if status not in RoundStatus.values:
        raise FieldError([(("status",), f"状态 {status!r} 无效")])
    with transaction.atomic():
        before = round_view(MonitoringRound.objects.get(pk=rnd.pk))
        rnd.lock_version = locking.claim(MonitoringRound, rnd.pk, expected, user)
        rnd.status = status
        rnd.updated_by = user
        rnd.save(update_fields=["status", "lock_version", "updated_by", "updated_at"])
        record(Action.TRANSITION, obj=rnd, before=before, after=round_view(rnd))


def ensure_open(rnd: MonitoringRound) -> None:
    if rnd.status != RoundStatus.OPEN:
        raise CycleError("本轮运行监控已结束, 不能再修改填报内容。")


# --- ledger --------------------------------------------------------------------------------


def _dec(text: Any) -> Decimal:
    return Decimal(str(text))


def _where(issue: LedgerIssue, file: str) -> SourceRef:
    """The issue's place, named by the file as uploaded (not the stored file's name)."""
    src = issue.source
    return SourceRef(file=file, sheet=src.sheet, row=src.row or issue.row, cell=src.cell)


def ledger_to_stored(result: LedgerResult) -> tuple[dict[str, Any], dict[str, Any]]:
    """The core's ledger result as JSON: the aggregate by project and the summary."""
    aggregate = {
        code: {
            "by_month": [str(m) for m in s.by_month],
            "by_source": {k: str(v) for k, v in s.by_source.items()},
            "rows": s.rows,
            "refunds": s.refunds,
            "refunds_yuan": str(s.refunds_yuan),
        }
        for code, s in result.by_project.items()
    }
    summary = {
        "year": result.year,
        "issue_counts": {k.value: n for k, n in result.issue_counts.items()},
        "excluded_yuan": {k.value: str(v) for k, v in result.excluded_yuan.items()},
        "unknown_codes": [
            {"code": u.code, "rows": u.rows, "yuan": str(u.yuan), "first_row": u.first_row}
            for u in result.unknown_codes.values()
        ],
        "issues": [
            {
                "row": i.row,
                "kind": i.kind.value,
                "label": i.kind.label,
                "severity": i.kind.severity,
                "counted": i.counted,
                "message": i.message,
                "where": _where(i, result.file).describe(),
                "cell": i.source.cell,
                "sheet": i.source.sheet,
                "project_code": i.project_code,
                "amount_yuan": str(i.amount_yuan) if i.amount_yuan is not None else None,
            }
            for i in result.issues
        ],
    }
    return aggregate, summary


def ledger_result(rnd: MonitoringRound, upload: LedgerUpload | None) -> LedgerResult:
    """The core's :class:`LedgerResult` from a stored upload (empty when there is none)."""
    year = rnd.plan.year
    if upload is None:
        return LedgerResult(
            file="(尚未上传支付台账)",
            amount_unit=MoneyUnit.YUAN,
            unit_source="default",
            header_row=0,
            as_of=rnd.as_of,
            year=year,
            by_project={},
        )
    summary = upload.summary or {}
    result = LedgerResult(
        file=upload.original_name,
        amount_unit=MoneyUnit(upload.amount_unit),
        unit_source=upload.unit_source,
        header_row=upload.header_row,
        as_of=rnd.as_of,
        year=int(summary.get("year") or year),
        by_project={},
        rows_read=upload.rows_read,
        rows_counted=upload.rows_counted,
    )
    for code, s in (upload.aggregate or {}).items():
        result.by_project[code] = ProjectSpending(
            code,
            by_month=[_dec(m) for m in s["by_month"]],
            by_source={k: _dec(v) for k, v in s["by_source"].items()},
            rows=int(s["rows"]),
            refunds=int(s["refunds"]),
            refunds_yuan=_dec(s["refunds_yuan"]),
        )
    for k, n in summary.get("issue_counts", {}).items():
        result.issue_counts[IssueKind(k)] = int(n)
    for k, v in summary.get("excluded_yuan", {}).items():
        result.excluded_yuan[IssueKind(k)] = _dec(v)
    for u in summary.get("unknown_codes", []):
        result.unknown_codes[u["code"]] = UnknownCode(
            u["code"], int(u["rows"]), _dec(u["yuan"]), int(u["first_row"])
        )
    for i in summary.get("issues", []):
        result.issues.append(
            LedgerIssue(
                row=int(i["row"]),
                kind=IssueKind(i["kind"]),
                message=i["message"],
                counted=bool(i["counted"]),
                source=SourceRef(
                    file=upload.original_name,
                    sheet=i.get("sheet"),
                    row=int(i["row"]),
                    cell=i.get("cell"),
                ),
                project_code=i.get("project_code"),
                amount_yuan=_dec(i["amount_yuan"]) if i.get("amount_yuan") is not None else None,
            )
        )
    return result


def ledger_view(upload: LedgerUpload) -> dict[str, Any]:
    """What the audit log keeps of an upload: the file and the core's totals (not every row)."""
    return {
        "id": upload.pk,
        "file": upload.original_name,
        "size": upload.size,
        "status": upload.status,
        "amount_unit": upload.amount_unit,
        "rows_read": upload.rows_read,
        "rows_counted": upload.rows_counted,
        "total_yuan": str(upload.total_yuan),
        "issue_counts": (upload.summary or {}).get("issue_counts", {}),
    }


def preview_ledger(
    rnd: MonitoringRound, uploaded: Any, user: Any, amount_unit: str | None = None
) -> LedgerUpload:
    """Store an uploaded ledger as *pending* and read it with the core (nothing applied yet).

    Raises :class:`InputError` (Chinese, with the place) when the file cannot be read at all;
    row problems are kept in the upload's summary for the preview.
    """
    from jixiao.ingest.tabular import iter_rows
    from jixiao.monitor.ledger import aggregate_ledger

    ensure_open(rnd)
    plan = rnd.plan
    unit = MoneyUnit(amount_unit) if amount_unit else None
    with transaction.atomic():
        upload = LedgerUpload(
            round=rnd,
            original_name=str(uploaded.name)[:255],
            size=int(uploaded.size),
            amount_unit="",
            uploaded_by=user,
        )
        upload.file.save(str(uploaded.name), uploaded, save=False)
        codes = list(plan.projects.exclude(code="").values_list("code", flat=True))
        try:
            result = aggregate_ledger(
                iter_rows(upload.file.path),
                file=upload.original_name,
                project_codes=codes,
                as_of=rnd.as_of,
                rules=rules_for(plan.profile),
                year=plan.year,
                amount_unit=unit,
            )
        except InputError as exc:
            stored = Path(upload.file.path)
            upload.file.delete(save=False)
            text = str(exc).replace(str(stored), upload.original_name)
            raise InputError(text.replace(stored.name, upload.original_name)) from exc
        except (UnicodeDecodeError, ValueError, OSError) as exc:
            upload.file.delete(save=False)
            raise InputError(f"无法读取文件: {exc}", SourceRef(file=upload.original_name)) from exc
        aggregate, summary = ledger_to_stored(result)
        upload.amount_unit = result.amount_unit.value
        upload.unit_source = result.unit_source
        upload.header_row = result.header_row
        upload.rows_read = result.rows_read
        upload.rows_counted = result.rows_counted
        upload.total_yuan = result.total_yuan
        upload.aggregate = aggregate
        upload.summary = summary
        upload.save()
        record(Action.UPLOAD, obj=upload, after=ledger_view(upload), message="支付台账 (待确认)")
    return upload


def confirm_ledger(upload: LedgerUpload, user: Any) -> None:
    """Apply a pending ledger: it becomes the round's ledger; the previous one is replaced."""
    with transaction.atomic():
        locked = LedgerUpload.objects.select_for_update().get(pk=upload.pk)
        if locked.status != LedgerStatus.PENDING:
            raise CycleError("此台账已确认或已取消, 请重新上传。")
        rnd = MonitoringRound.objects.select_for_update().get(pk=locked.round_id)
        ensure_open(rnd)
        previous = LedgerUpload.objects.filter(round=rnd, status=LedgerStatus.ACTIVE).first()
        if previous is not None:
            previous.status = LedgerStatus.REPLACED
            previous.decided_at = timezone.now()
            previous.save(update_fields=["status", "decided_at"])
        locked.status = LedgerStatus.ACTIVE
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_at"])
        rnd.updated_by = user
        rnd.lock_version += 1
        rnd.save(update_fields=["updated_by", "updated_at", "lock_version"])
        record(
            Action.UPDATE,
            obj=locked,
            before=ledger_view(previous) if previous is not None else None,
            after=ledger_view(locked),
            message="确认支付台账",
        )
    upload.refresh_from_db()


def cancel_ledger(upload: LedgerUpload, user: Any) -> None:
    with transaction.atomic():
        locked = LedgerUpload.objects.select_for_update().get(pk=upload.pk)
        if locked.status != LedgerStatus.PENDING:
            raise CycleError("此台账已确认或已取消。")
        before = ledger_view(locked)
        locked.status = LedgerStatus.CANCELLED
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_at"])
        record(Action.UPDATE, obj=locked, before=before, after=ledger_view(locked), message="取消")


def active_ledger(rnd: MonitoringRound) -> LedgerUpload | None:
    return LedgerUpload.objects.filter(round=rnd, status=LedgerStatus.ACTIVE).first()


# --- progress sheets -------------------------------------------------------------------------


@dataclass
class EntryInput:
    """One row as entered (完成值, 预计值, 单位, 偏差原因 by kind, 可能性, 整改, 备注)."""

    value: str = ""
    forecast: str = ""
    unit: str = ""
    reasons: dict[str, str] = field(default_factory=dict)
    likelihood: int | None = None
    rectification: bool | None = None
    remarks: str = ""


@dataclass
class SheetInput:
    """A project's sheet as entered: the 预算执行 row and the indicator rows by indicator id."""

    spending: EntryInput
    rows: dict[int, EntryInput]


def sheet_for(rnd: MonitoringRound, project: Project) -> ProjectProgress:
    """The project's sheet in the round (created empty on first use)."""
    sheet, _ = ProjectProgress.objects.get_or_create(round=rnd, project=project)
    return sheet


def sheet_view(sheet: ProjectProgress) -> dict[str, Any]:
    """A sheet with its rows, for before/after in the audit log and for the API."""
    return {
        "project": sheet.project.code or sheet.project_id,
        "reasons": dict(sheet.reasons or {}),
        "likelihood": sheet.likelihood,
        "rectification": sheet.rectification,
        "remarks": sheet.remarks,
        "submitted_at": sheet.submitted_at.isoformat() if sheet.submitted_at else None,
        "rows": [
            {
                "indicator": r.indicator_id,
                "level3": r.indicator.level3,
                "value": r.value,
                "forecast": r.forecast,
                "unit": r.unit,
                "reasons": dict(r.reasons or {}),
                "likelihood": r.likelihood,
                "rectification": r.rectification,
                "remarks": r.remarks,
            }
            for r in sheet.rows.select_related("indicator").order_by(
                "indicator__position", "indicator_id"
            )
        ],
    }


def validate_sheet(
    plan: Plan, indicators: Sequence[Indicator], data: SheetInput
) -> list[tuple[tuple[str | int, ...], str]]:
    """Check a sheet with the core: every value must be readable against its target.

    Returns ``[(location, message)]``; locations are ``("rows", indicator id, field)`` or
    ``("spending", field)``.
    """
    rules = rules_for(plan.profile)
    kinds = set(rules.deviation_kinds)
    codes = {c for c, _ in rules.likelihood}
    errors: list[tuple[tuple[str | int, ...], str]] = []
    by_id = {i.pk: (n, i) for n, i in enumerate(indicators)}

    def common(loc: tuple[str | int, ...], e: EntryInput) -> None:
        for k in e.reasons:
            if k not in kinds:
                errors.append(
                    ((*loc, "reasons", k), f"偏差原因类别 {k!r} 无效 (应为 {' / '.join(kinds)})")
                )
        if e.likelihood is not None and e.likelihood not in codes:
            labels = ", ".join(f"{c} {lab}" for c, lab in rules.likelihood)
            errors.append(((*loc, "likelihood"), f"完成可能性应为 {labels}"))

    common(("spending",), data.spending)
    for ind_id, e in data.rows.items():
        if ind_id not in by_id:
            errors.append((("rows", ind_id), f"指标 {ind_id} 不属于此项目"))
            continue
        n, ind = by_id[ind_id]
        loc: tuple[str | int, ...] = ("rows", ind_id)
        common(loc, e)
        target = convert.target_of(ind, plan)
        for name in ("value", "forecast"):
            raw = getattr(e, name).strip()
            if not raw:
                continue
            reading = read_value(raw, target, rules, unit=e.unit.strip() or None, year=plan.year)
            if reading.kind == "unreadable":
                what = "截至目前完成值" if name == "value" else "全年预计完成值"
                errors.append(
                    ((*loc, name), f"{ind.level3 or f'第{n + 1}项'} {what}: {reading.note}")
                )
    return errors


def save_sheet(sheet: ProjectProgress, data: SheetInput, expected: int, user: Any) -> None:
    """Save a project's sheet (checked by :func:`validate_sheet`) as one audited change.

    Changing a submitted sheet withdraws the submission: it must be submitted again."""
    rnd = sheet.round
    ensure_open(rnd)
    plan = rnd.plan
    indicators = list(sheet.project.indicators.order_by("position", "id"))
    errors = validate_sheet(plan, indicators, data)
    if errors:
        raise FieldError(errors)
    with transaction.atomic():
        before = sheet_view(ProjectProgress.objects.get(pk=sheet.pk))
        sheet.lock_version = locking.claim(ProjectProgress, sheet.pk, expected, user)
        s = data.spending
        sheet.reasons = _clean_reasons(s.reasons)
        sheet.likelihood = s.likelihood
        sheet.rectification = s.rectification
        sheet.remarks = s.remarks.strip()
        sheet.updated_by = user
        sheet.save()
        existing = {r.indicator_id: r for r in sheet.rows.all()}
        for ind_id, e in data.rows.items():
            row = existing.get(ind_id) or IndicatorProgress(sheet=sheet, indicator_id=ind_id)
            row.value = e.value.strip()[:200]
            row.forecast = e.forecast.strip()[:200]
            row.unit = e.unit.strip()[:20]
            row.reasons = _clean_reasons(e.reasons)
            row.likelihood = e.likelihood
            row.rectification = e.rectification
            row.remarks = e.remarks.strip()
            row.save()
        sheet.refresh_from_db()
        after = sheet_view(sheet)
        if changed(before, after) and sheet.submitted_at is not None:
            # a submitted sheet that changes is no longer what was submitted: it must be
            # submitted again (the red/yellow rows checked again), and the page says so
            sheet.submitted_at = None
            sheet.submitted_by = None
            sheet.save(update_fields=["submitted_at", "submitted_by"])
            after = sheet_view(sheet)
        if changed(before, after):
            record(Action.UPDATE, obj=sheet, before=before, after=after)


def _clean_reasons(reasons: dict[str, str]) -> dict[str, str]:
    return {k: v.strip() for k, v in reasons.items() if v and v.strip()}


def submit_sheet(sheet: ProjectProgress, expected: int, user: Any) -> None:
    """Submit a sheet: every red/yellow row needs a deviation reason (the core decides which)."""
    rnd = sheet.round
    ensure_open(rnd)
    report = project_report(rnd, sheet.project)
    missing = [r.row for r in report.needs_reason]
    if missing:
        raise CycleError("以下红灯/黄灯行尚未填写偏差原因: " + "、".join(missing))
    with transaction.atomic():
        before = sheet_view(ProjectProgress.objects.get(pk=sheet.pk))
        sheet.lock_version = locking.claim(ProjectProgress, sheet.pk, expected, user)
        sheet.submitted_at = timezone.now()
        sheet.submitted_by = user
        sheet.updated_by = user
        sheet.save()
        record(Action.TRANSITION, obj=sheet, before=before, after=sheet_view(sheet), message="提交")


# --- the core's report ---------------------------------------------------------------------


def progress_data(
    rnd: MonitoringRound, projects: Sequence[Project], rules: MonitorRules
) -> ProgressData:
    """The sheets of ``projects`` as the core's :class:`ProgressData` (keys: code, position)."""
    data = ProgressData(file=WEB_SOURCE)
    positions: dict[int, tuple[str, int]] = {}
    for p in projects:
        for n, ind in enumerate(p.indicators.all()):
            positions[ind.pk] = (p.code, n)
    ids = [p.pk for p in projects]
    sheets = ProjectProgress.objects.filter(round=rnd, project_id__in=ids).select_related("project")
    for sheet in sheets:
        code = sheet.project.code
        if sheet.reasons or sheet.likelihood is not None or sheet.remarks:
            data.spending[code] = ProgressEntry(
                code,
                None,
                reasons=dict(sheet.reasons or {}),
                likelihood=sheet.likelihood,
                rectification=sheet.rectification,
                remarks=sheet.remarks or None,
                source=SourceRef(file=WEB_SOURCE),
            )
    reported = IndicatorProgress.objects.filter(
        sheet__round=rnd, sheet__project_id__in=ids
    ).values_list(
        "indicator_id",
        "value",
        "forecast",
        "unit",
        "reasons",
        "likelihood",
        "rectification",
        "remarks",
    )
    for ind_id, value, forecast, unit, reasons, likelihood, rect, remarks in reported.iterator(
        chunk_size=2000
    ):
        key = positions.get(ind_id)
        if key is None:
            continue
        data.entries[key] = ProgressEntry(
            key[0],
            key[1],
            value=value or None,
            forecast=forecast or None,
            unit=unit or None,
            reasons=dict(reasons or {}),
            likelihood=likelihood,
            rectification=rect,
            remarks=remarks or None,
            source=SourceRef(file=WEB_SOURCE, row=key[1] + 1),
        )
    return data


def _report(rnd: MonitoringRound, projects: list[Project], dp: DPlan) -> MonitorReport:
    plan = rnd.plan
    rules = rules_for(plan.profile)
    return monitor_plan(
        dp,
        as_of=rnd.as_of,
        ledger=ledger_result(rnd, active_ledger(rnd)),
        rules=rules,
        progress=progress_data(rnd, projects, rules),
    )


def round_report(rnd: MonitoringRound) -> tuple[MonitorReport, list[Project]]:
    """The core's monitoring report of the whole plan in this round, and the project rows
    in the report's order."""
    projects = convert.ordered_projects(rnd.plan)
    dp = DPlan(
        year=rnd.plan.year, projects=[convert.project_to_domain(p, rnd.plan) for p in projects]
    )
    return _report(rnd, projects, dp), projects


def project_report(rnd: MonitoringRound, project: Project) -> MonitorReport:
    """The core's report of one project (its lights do not depend on the other projects)."""
    row = rows.one(project)
    dp = DPlan(year=rnd.plan.year, projects=[convert.project_to_domain(row, rnd.plan)])
    return _report(rnd, [row], dp)


def report_dict(report: MonitorReport) -> dict[str, Any]:
    return report_to_dict(report)


# --- rectification ---------------------------------------------------------------------------


def rectification_view(r: Rectification) -> dict[str, Any]:
    return snapshot(r) or {}


def request_rectification(
    rnd: MonitoringRound,
    projects: Iterable[Project],
    *,
    request: str,
    due_date: date | None,
    lights: dict[int, str],
    user: Any,
) -> list[Rectification]:
    """Ask the units of ``projects`` to rectify (one request per project)."""
    if not request.strip():
        raise FieldError([(("request",), "请填写整改要求")])
    out = []
    with transaction.atomic():
        for p in projects:
            r = Rectification.objects.create(
                round=rnd,
                project=p,
                light=lights.get(p.pk, ""),
                request=request.strip(),
                due_date=due_date,
                requested_by=user,
            )
            record(Action.CREATE, obj=r, after=rectification_view(r), message="要求整改")
            out.append(r)
    return out


def answer_rectification(r: Rectification, response: str, user: Any) -> None:
    if not response.strip():
        raise FieldError([(("response",), "请填写整改情况")])
    if r.status == RectificationStatus.CLOSED:
        raise CycleError("此整改要求已办结。")
    with transaction.atomic():
        before = rectification_view(r)
        r.response = response.strip()
        r.status = RectificationStatus.ANSWERED
        r.responded_by = user
        r.responded_at = timezone.now()
        r.save()
        record(Action.UPDATE, obj=r, before=before, after=rectification_view(r), message="整改反馈")


def close_rectification(r: Rectification, user: Any) -> None:
    if r.status == RectificationStatus.CLOSED:
        raise CycleError("此整改要求已办结。")
    with transaction.atomic():
        before = rectification_view(r)
        r.status = RectificationStatus.CLOSED
        r.closed_by = user
        r.closed_at = timezone.now()
        r.save()
        record(Action.UPDATE, obj=r, before=before, after=rectification_view(r), message="办结")
