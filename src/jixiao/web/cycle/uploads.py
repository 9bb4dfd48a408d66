# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Filled-in 监控表 and 自评表 uploaded in the web: read by the core → preview → confirm.

Finance officers fill the workbooks the web hands out (the 监控表 of a round,
:mod:`jixiao.export.monitoring_xlsx`; the 自评表 of a plan, :mod:`jixiao.export.evaluation_xlsx`)
— or a CSV/YAML in the readers' layouts — and upload them. The file is read **once**, by the
core's own readers (:func:`jixiao.monitor.progress.read_progress`,
:func:`jixiao.evaluate.actuals.read_actuals`, indicator rows matched by
:func:`jixiao.evaluate.engine.match_indicators`), in a temporary folder that is removed at
once; what it says, per project, is turned into the same inputs the forms post
(:class:`monitoring.SheetInput`, :class:`evaluation.ActualsInput`) and kept in the user's
session as plain JSON until the user confirms, as the plan import does. Nothing is stored
before that.

Confirming writes every project the preview marked for writing through the services the forms
use (:func:`monitoring.save_sheet`, :func:`evaluation.save`, with their checks and audit
records), in one transaction, each with the version the preview saw (optimistic locking): if
any of them changed in between, nothing is written and the user uploads again.

Which projects are written:

- 监控表: the projects the file has rows for, whose sheet has not been submitted (a submitted
  sheet is not overwritten by a file), in an open round. An indicator row in the file replaces
  the stored row; an indicator without a row in the file keeps what is stored; the 预算执行 row
  replaces the project's spending reasons (kept when the file has no such row).
- 自评表: the projects the file has, whose self-evaluation is editable (填报中 or 已退回; one not
  yet started is started as on the form), the plan being approved. A project's report is
  replaced as a whole, as the form posts it: money rows, outcome, every indicator row (empty
  where the file has nothing for it).

A project whose values the services would refuse (an unreadable 完成值, a negative amount …) is
not written and the preview says why.
"""

from __future__ import annotations

import logging
import secrets
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone

from jixiao.domain.errors import JixiaoError
from jixiao.domain.model import SourceRef
from jixiao.domain.money import MoneyUnit, clean_decimal
from jixiao.domain.text import normalize
from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action
from jixiao.web.cycle import evaluation, monitoring
from jixiao.web.cycle.models import (
    EvalStatus,
    MonitoringRound,
    ProjectProgress,
    RoundStatus,
    SelfEvaluation,
)
from jixiao.web.plans import convert
from jixiao.web.plans.locking import ConcurrentEditError
from jixiao.web.plans.models import Plan, Project

log = logging.getLogger(__name__)

#: What the readers take: spreadsheets (the workbooks themselves), CSV, YAML.
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt", ".yaml", ".yml")
PROGRESS_KEY = "jixiao_progress_upload"
EVALUATION_KEY = "jixiao_evaluation_upload"
T = TypeVar("T")


class UploadError(Exception):
    """The file cannot be used at all (Chinese, with the place where known)."""


class StaleUpload(Exception):
    """The data changed after the preview: nothing was written; upload again."""


# --- the file -------------------------------------------------------------------------------


def original_name(uploaded: Any) -> str:
    """The file's name as uploaded, without any folder part."""
    return Path(str(uploaded.name).replace("\\", "/")).name[:255] or "(无文件名)"


@contextmanager
def _stored(uploaded: Any) -> Iterator[Path]:
    """The upload written to a temporary folder (removed on exit) under a neutral name."""
    suffix = Path(original_name(uploaded)).suffix.lower()
    if suffix not in SUFFIXES:
        suffix = ".bin"
    with tempfile.TemporaryDirectory(prefix="jixiao-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        with path.open("wb") as out:
            for chunk in uploaded.chunks():
                out.write(chunk)
        yield path


def where(source: SourceRef | None, file: str) -> str:
    """A reader's location, naming the file as uploaded (not the temporary copy)."""
    if source is None:
        return file
    return replace(source, file=file).describe()


def _read(reader: Callable[[Path], T], uploaded: Any) -> T:
    """Run a core reader on the upload; any failure becomes an :class:`UploadError`."""
    name = original_name(uploaded)
    with _stored(uploaded) as path:
        try:
            return reader(path)
        except JixiaoError as exc:
            text = exc.message.replace(str(path), name).replace(path.name, name)
            place = f"{where(exc.source, name)}: " if exc.source is not None else ""
            raise UploadError(f"无法读取文件 {name}: {place}{text}") from exc
        except Exception as exc:  # a damaged file must never give a traceback
            log.warning("upload %r could not be read", name, exc_info=True)
            raise UploadError(
                f"无法读取文件 {name}: 文件已损坏, 或不是所支持的格式 "
                f"(Excel 工作簿、CSV 或 YAML) — {type(exc).__name__}"
            ) from exc


# --- the session ------------------------------------------------------------------------------


def stash(session: Any, key: str, preview: dict[str, Any]) -> str:
    """Keep a preview in the session until the user confirms; returns its token."""
    token = secrets.token_urlsafe(16)
    session[key] = {**preview, "token": token}
    return token


def pending(session: Any, key: str, **owner: int) -> dict[str, Any] | None:
    """The pending preview of this round/plan (``round=…`` or ``plan=…``), else ``None``."""
    data = session.get(key)
    if not isinstance(data, dict):
        return None
    if any(data.get(k) != v for k, v in owner.items()):
        return None
    return data


def forget(session: Any, key: str) -> None:
    session.pop(key, None)


def _text(d: Decimal | None) -> str:
    return "" if d is None else f"{clean_decimal(d):f}"


def _dec(text: Any) -> Decimal | None:
    if text in (None, ""):
        return None
    return Decimal(str(text))


def _clean(text: str | None, limit: int = 4000) -> str:
    return (text or "").replace("\x00", "").strip()[:limit]


def _stale(project: Project, exc: ConcurrentEditError, what: str) -> StaleUpload:
    current = exc.current
    who = getattr(getattr(current, "updated_by", None), "display_name", None) or "其他用户"
    return StaleUpload(
        f"项目 {_label(project)} 的{what}在预览之后已被 {who} 修改; "
        "未导入任何内容, 请重新上传文件并核对预览。"
    )


def _label(p: Project) -> str:
    return " ".join(x for x in (p.code, p.name) if x) or f"项目 {p.pk}"


# --- 监控表 -------------------------------------------------------------------------------------


def entry_input(e: Any) -> monitoring.EntryInput:
    """The reader's :class:`~jixiao.monitor.progress.ProgressEntry` as the form posts it
    (``None``: an empty row)."""
    if e is None:
        return monitoring.EntryInput()
    return monitoring.EntryInput(
        value=_clean(e.value, 200),
        forecast=_clean(e.forecast, 200),
        unit=_clean(e.unit, 20),
        reasons={k: _clean(v) for k, v in e.reasons.items() if _clean(v)},
        likelihood=e.likelihood,
        rectification=e.rectification,
        remarks=_clean(e.remarks),
    )


def _entry_json(e: monitoring.EntryInput) -> dict[str, Any]:
    return {
        "value": e.value,
        "forecast": e.forecast,
        "unit": e.unit,
        "reasons": dict(e.reasons),
        "likelihood": e.likelihood,
        "rectification": e.rectification,
        "remarks": e.remarks,
    }


def _entry_from_json(d: dict[str, Any]) -> monitoring.EntryInput:
    return monitoring.EntryInput(
        value=str(d.get("value") or ""),
        forecast=str(d.get("forecast") or ""),
        unit=str(d.get("unit") or ""),
        reasons={str(k): str(v) for k, v in (d.get("reasons") or {}).items()},
        likelihood=d.get("likelihood"),
        rectification=d.get("rectification"),
        remarks=str(d.get("remarks") or ""),
    )


def _stored_entry(r: Any) -> monitoring.EntryInput:
    """A stored sheet (spending part) or row as an :class:`EntryInput`."""
    return monitoring.EntryInput(
        value=getattr(r, "value", ""),
        forecast=getattr(r, "forecast", ""),
        unit=getattr(r, "unit", ""),
        reasons=dict(r.reasons or {}),
        likelihood=r.likelihood,
        rectification=r.rectification,
        remarks=r.remarks or "",
    )


def preview_progress(rnd: MonitoringRound, uploaded: Any) -> dict[str, Any]:
    """Read an uploaded 监控表 for ``rnd``: per project what would be written, or why not.

    Raises :class:`UploadError` when the file cannot be read, :class:`monitoring.CycleError`
    when the round takes no input.
    """
    from jixiao.monitor.progress import read_progress

    monitoring.ensure_open(rnd)
    plan = rnd.plan
    name = original_name(uploaded)
    projects = convert.ordered_projects(plan)
    dplan = convert.plan_to_domain(plan, projects=projects)
    rules = monitoring.rules_for(plan.profile)
    data = _read(lambda path: read_progress(path, dplan, rules), uploaded)
    labels = dict(rules.likelihood)
    sheets = {
        s.project_id: s for s in ProjectProgress.objects.filter(round=rnd).prefetch_related("rows")
    }
    in_file = {code for code, _ in data.entries} | set(data.spending)
    out: list[dict[str, Any]] = []
    for p in projects:
        if not p.code or p.code not in in_file:
            continue
        sheet = sheets.get(p.pk)
        stored = {r.indicator_id: r for r in sheet.rows.all()} if sheet is not None else {}
        indicators = list(p.indicators.all())
        rows: dict[int, monitoring.EntryInput] = {}
        shown = []
        for n, ind in enumerate(indicators):
            e = data.entry(p.code, n)
            row: dict[str, Any] = {
                "indicator": ind.pk,
                "n": n + 1,
                "name": ind.level3 or ind.description or f"第{n + 1}个指标",
                "target": ind.target_raw,
                "in_file": e is not None,
            }
            if e is not None:
                entry = entry_input(e)
                rows[ind.pk] = entry
                before = _entry_json(
                    _stored_entry(stored[ind.pk]) if ind.pk in stored else monitoring.EntryInput()
                )
                row |= {
                    "entry": _entry_json(entry),
                    "likelihood_label": labels.get(entry.likelihood or 0, ""),
                    "where": where(e.source, name),
                    "changed": before != _entry_json(entry),
                }
            shown.append(row)
        sp = data.spending.get(p.code)
        if sp is not None:
            spending = entry_input(sp)
            spending.value = spending.forecast = spending.unit = ""  # the rate columns
        elif sheet is not None:
            spending = _stored_entry(sheet)
            spending.value = spending.forecast = spending.unit = ""
        else:
            spending = monitoring.EntryInput()
        sheet_input = monitoring.SheetInput(spending=spending, rows=rows)
        errors = [m for _, m in monitoring.validate_sheet(plan, indicators, sheet_input)]
        skip = ""
        if sheet is not None and sheet.submitted_at is not None:
            skip = (
                f"监控填报已于 {timezone.localtime(sheet.submitted_at):%Y-%m-%d %H:%M} 提交, "
                "上传的文件不覆盖已提交的填报 (如需修改请在填报页逐项修改)"
            )
        elif errors:
            skip = "有无法使用的值 (见下), 此项目未导入; 请修改文件后重新上传"
        out.append(
            {
                "id": p.pk,
                "code": p.code,
                "name": p.name,
                "write": not skip,
                "skip": skip,
                "errors": errors,
                "lock_version": sheet.lock_version if sheet is not None else 1,
                "spending": _entry_json(spending) if sp is not None else None,
                "spending_likelihood_label": labels.get(spending.likelihood or 0, ""),
                "spending_where": where(sp.source, name) if sp is not None else "",
                "rows": shown,
            }
        )
    issues = [
        {"severity": i.severity, "where": where(i.source, name), "message": i.message}
        for i in data.issues
    ]
    return {
        "kind": "progress",
        "round": rnd.pk,
        "file": name,
        "size": int(uploaded.size),
        "projects": out,
        "issues": issues,
        "kinds": list(rules.deviation_kinds),
    }


def confirm_progress(rnd: MonitoringRound, preview: dict[str, Any], user: Any) -> dict[str, Any]:
    """Write the projects the preview marked, in one transaction; what was written/skipped.

    Raises :class:`StaleUpload` (nothing written) when a sheet changed after the preview,
    :class:`monitoring.CycleError` when the round was closed, :class:`monitoring.FieldError`
    when a value is refused (e.g. the plan's indicators changed).
    """
    written: list[str] = []
    with transaction.atomic():
        locked = MonitoringRound.objects.select_for_update().get(pk=rnd.pk)
        if locked.status != RoundStatus.OPEN:
            raise monitoring.CycleError("本轮运行监控已结束, 不能再修改填报内容。")
        projects = {
            p.pk: p
            for p in Project.objects.filter(
                plan_id=locked.plan_id, pk__in=[i["id"] for i in preview["projects"]]
            )
        }
        for item in preview["projects"]:
            if not item["write"]:
                continue
            project = projects.get(item["id"])
            if project is None:
                raise StaleUpload(
                    f"项目 {item['code']} 已不在计划中; 未导入任何内容, 请重新上传文件。"
                )
            sheet = ProjectProgress.objects.filter(round=locked, project=project).first()
            if sheet is not None and sheet.submitted_at is not None:
                raise StaleUpload(
                    f"项目 {_label(project)} 的监控填报在预览之后已提交; "
                    "未导入任何内容, 请重新上传文件并核对预览。"
                )
            if sheet is None:
                sheet = monitoring.sheet_for(locked, project)
            data = monitoring.SheetInput(
                spending=_entry_from_json(item["spending"])
                if item["spending"] is not None
                else _spending_of(sheet),
                rows={
                    int(r["indicator"]): _entry_from_json(r["entry"])
                    for r in item["rows"]
                    if r["in_file"]
                },
            )
            try:
                monitoring.save_sheet(sheet, data, int(item["lock_version"]), user)
            except ConcurrentEditError as exc:
                raise _stale(project, exc, "监控填报") from exc
            written.append(item["code"])
        skipped = [f"{i['code']}: {i['skip']}" for i in preview["projects"] if not i["write"]]
        record(
            Action.IMPORT,
            obj=locked,
            after={"file": preview["file"], "size": preview["size"], "written": written,
                   "skipped": skipped},
            message=f"上传监控表 {preview['file']}: 导入 {len(written)} 个项目",
        )  # fmt: skip
    return {"written": written, "skipped": skipped}


def _spending_of(sheet: ProjectProgress) -> monitoring.EntryInput:
    e = _stored_entry(sheet)
    e.value = e.forecast = e.unit = ""
    return e


# --- 自评表 -------------------------------------------------------------------------------------


def _drop_redundant_total(funds: list[Any], plan: Plan) -> list[Any]:
    """Leave out a 年度资金总额 row that only repeats the sum of the source rows (the 自评表
    shows it; the form keeps source rows only). A total that says more is kept: the core uses
    it (and warns when it differs from the lines)."""
    fs = evaluation.settings_for(plan.profile).funds
    totals = [f for f in funds if fs.is_total(f.source)]
    lines = [f for f in funds if not fs.is_total(f.source)]
    if len(totals) != 1 or not lines:
        return funds
    total = totals[0]
    for attr in ("initial", "adjusted", "spent"):
        given = getattr(total, attr)
        if given is None:
            continue
        parts = [getattr(f, attr) for f in lines if getattr(f, attr) is not None]
        if not parts or sum(m.to_yuan() for m in parts) != given.to_yuan():
            return funds
    return lines


def actuals_input(
    plan: Plan, project: Project, domain_project: Any, pa: Any, found: list[Any]
) -> tuple[evaluation.ActualsInput, dict[int, Any]]:
    """A project's actuals read from a file as the self-evaluation form posts them, and the
    file's rows matched to the plan's indicators (position → row, as the core matches them;
    matching problems are added to ``found``)."""
    from jixiao.evaluate.engine import match_indicators

    unit = MoneyUnit.parse(evaluation.money_unit(plan))
    matched = match_indicators(domain_project, pa, found)
    rows = {}
    for n, ind in enumerate(project.indicators.all()):
        ia = matched.get(n)
        rows[ind.pk] = evaluation.RowInput(
            actual=_clean(ia.actual, 200) if ia else "",
            score=ia.score if ia else None,
            explanation=_clean(ia.explanation) if ia else "",
        )
    funds = [
        evaluation.FundInput(
            _clean(f.source, 100),
            f.initial.to(unit).amount if f.initial is not None else None,
            f.adjusted.to(unit).amount if f.adjusted is not None else None,
            f.spent.to(unit).amount if f.spent is not None else None,
        )
        for f in _drop_redundant_total(list(pa.funds), plan)
    ]
    typed = evaluation.ActualsInput(
        outcome=_clean(pa.outcome),
        execution_reason=_clean(pa.execution_reason),
        funds=funds,
        rows=rows,
    )
    return typed, matched


def _described(
    errors: list[tuple[tuple[str | int, ...], str]],
    labels: dict[int, str],
    funds: list[evaluation.FundInput],
) -> list[str]:
    """The service's field errors, each with the row or fund line it is about."""
    headings = {"initial": "年初预算数", "adjusted": "全年预算数", "spent": "全年执行数"}
    out = []
    for path, message in errors:
        if path[0] == "rows" and len(path) > 1 and isinstance(path[1], int):
            out.append(f"{labels.get(path[1], '指标')} {message}")
        elif path[0] == "funds" and len(path) > 2 and isinstance(path[1], int):
            heading = headings.get(str(path[2]), "")
            out.append(f"资金“{funds[path[1]].source}”{heading} {message}")
        else:
            out.append(message)
    return out


def preview_evaluation(plan: Plan, uploaded: Any) -> dict[str, Any]:
    """Read an uploaded 自评表 (or actuals CSV/YAML) for ``plan``: per project what would be
    written, the core's score with it, or why not."""
    from jixiao.evaluate.actuals import ActualsIndex, read_actuals
    from jixiao.evaluate.results import Issue

    evaluation.ensure_evaluable(plan)
    name = original_name(uploaded)
    actuals = _read(read_actuals, uploaded)
    projects = convert.ordered_projects(plan)
    dplan = convert.plan_to_domain(plan, projects=projects)
    unit = MoneyUnit.parse(evaluation.money_unit(plan))
    index = ActualsIndex(actuals)
    stored = {e.project_id: e for e in SelfEvaluation.objects.filter(plan=plan)}
    issues: list[dict[str, Any]] = []
    if actuals.year is not None and actuals.year != plan.year:
        issues.append(
            {
                "severity": "warning",
                "where": name,
                "message": f"文件的年度 {actuals.year} 与计划年度 {plan.year} 不一致, 请核对",
            }
        )
    used: set[int] = set()
    out: list[dict[str, Any]] = []
    for p, dp in zip(projects, dplan.projects, strict=True):
        pa = index.find(p.code or None, p.name or None)
        if pa is None:
            continue
        used.add(id(pa))
        found: list[Issue] = []
        typed, matched = actuals_input(plan, p, dp, pa, found)
        own = [
            {
                "severity": str(i.severity),
                "where": where(i.source, name),
                "message": (f"第{i.row}个指标: " if i.row else "") + i.message,
            }
            for i in found
        ]
        shown = []
        labels: dict[int, str] = {}
        for n, ind in enumerate(p.indicators.all()):
            ia = matched.get(n)
            r = typed.rows[ind.pk]
            label = labels[ind.pk] = ind.level3 or ind.description or f"第{n + 1}个指标"
            if ia is not None and ia.weight is not None:
                own.append(
                    {
                        "severity": "warning",
                        "where": where(ia.where, name),
                        "message": f"第{n + 1}个指标 {label}: 文件中的分值 {_text(ia.weight)} "
                        "未导入 (网页自评按计划的分值计分)",
                    }
                )
            shown.append(
                {
                    "indicator": ind.pk,
                    "n": n + 1,
                    "name": label,
                    "target": ind.target_raw,
                    "in_file": ia is not None,
                    "actual": r.actual,
                    "score": _text(r.score),
                    "explanation": r.explanation,
                    "where": where(ia.where, name) if ia is not None else "",
                }
            )
        funds = typed.funds
        errors = _described(evaluation.validate(p, typed), labels, funds)
        ev = stored.get(p.pk)
        skip = ""
        if ev is not None and ev.status not in evaluation.EDITABLE:
            skip = (
                f"自评当前状态为“{EvalStatus(ev.status).label}”, 不能修改 (退回后可修改), "
                "上传的文件不覆盖"
            )
        elif errors:
            skip = "有无法使用的值 (见下), 此项目未导入; 请修改文件后重新上传"
        result = None
        if not errors:
            pe = evaluation.score(p, typed)
            scored = evaluation.result_dict(p, pe)
            result = {
                "total": str(pe.total),
                "grade": pe.grade,
                # what the core still wants before the self-evaluation can be submitted
                "missing": [
                    f"{e['subject']}: {e['kind_text']} ({e['reason']})"
                    for e in scored["explanations_missing"]
                ]
                + [str(i["text"]) for i in scored["blocking"]],
            }
        out.append(
            {
                "id": p.pk,
                "code": p.code,
                "name": p.name,
                "write": not skip,
                "skip": skip,
                "errors": errors,
                "issues": own,
                "status": str(EvalStatus(ev.status).label) if ev is not None else "未开始",
                "lock_version": ev.lock_version if ev is not None else None,
                "outcome": typed.outcome,
                "execution_reason": typed.execution_reason,
                "funds": [
                    {
                        "source": f.source,
                        "initial": _text(f.initial),
                        "adjusted": _text(f.adjusted),
                        "spent": _text(f.spent),
                    }
                    for f in funds
                ],
                "rows": shown,
                "result": result,
                "before": str(ev.computed_total)
                if ev is not None and ev.computed_total is not None
                else "",
            }
        )
    codes = {normalize(p.code) for p in projects if p.code}
    for pa in actuals.projects:
        if id(pa) in used:
            continue
        why = (
            "在文件中重复, 只采用第一处"
            if pa.code and normalize(pa.code) in codes
            else "不在本计划中, 未使用"
        )
        issues.append(
            {
                "severity": "error",
                "where": where(pa.where, name),
                "message": f"项目 {pa.label} {why}",
            }
        )
    return {
        "kind": "evaluation",
        "plan": plan.pk,
        "file": name,
        "size": int(uploaded.size),
        "unit": unit.value,
        "projects": out,
        "issues": issues,
    }


def _actuals_from_json(item: dict[str, Any]) -> evaluation.ActualsInput:
    return evaluation.ActualsInput(
        outcome=item["outcome"],
        execution_reason=item["execution_reason"],
        funds=[
            evaluation.FundInput(
                f["source"], _dec(f["initial"]), _dec(f["adjusted"]), _dec(f["spent"])
            )
            for f in item["funds"]
        ],
        rows={
            int(r["indicator"]): evaluation.RowInput(
                r["actual"], _dec(r["score"]), r["explanation"]
            )
            for r in item["rows"]
        },
    )


def confirm_evaluation(plan: Plan, preview: dict[str, Any], user: Any) -> dict[str, Any]:
    """Write the self-evaluations the preview marked, in one transaction (see
    :func:`confirm_progress` for what is raised)."""
    written: list[str] = []
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        evaluation.ensure_evaluable(locked)
        projects = {
            p.pk: p
            for p in Project.objects.select_related("plan").filter(
                plan=locked, pk__in=[i["id"] for i in preview["projects"]]
            )
        }
        for item in preview["projects"]:
            if not item["write"]:
                continue
            project = projects.get(item["id"])
            if project is None:
                raise StaleUpload(
                    f"项目 {item['code']} 已不在计划中; 未导入任何内容, 请重新上传文件。"
                )
            ev = SelfEvaluation.objects.filter(project=project).first()
            expected = item["lock_version"]
            if ev is None:
                ev = evaluation.start(project, user)
                expected = ev.lock_version if expected is None else expected
            elif expected is None:
                raise StaleUpload(
                    f"项目 {_label(project)} 的自评在预览之后已开始填报; "
                    "未导入任何内容, 请重新上传文件并核对预览。"
                )
            if ev.status not in evaluation.EDITABLE:
                raise StaleUpload(
                    f"项目 {_label(project)} 的自评在预览之后已提交; "
                    "未导入任何内容, 请重新上传文件并核对预览。"
                )
            try:
                evaluation.save(ev, _actuals_from_json(item), int(expected), user)
            except ConcurrentEditError as exc:
                raise _stale(project, exc, "自评") from exc
            written.append(item["code"])
        skipped = [f"{i['code']}: {i['skip']}" for i in preview["projects"] if not i["write"]]
        # Recorded as a self-evaluation record of the plan (not a plan record): like the
        # saves above it changes no plan content, so the cached review stays valid.
        record(
            Action.IMPORT,
            object_type="selfevaluation",
            object_repr=f"{locked} 自评表",
            organisation=locked.organisation,
            plan_id=locked.pk,
            after={"file": preview["file"], "size": preview["size"], "written": written,
                   "skipped": skipped},
            message=f"上传自评表 {preview['file']}: 导入 {len(written)} 个项目",
        )  # fmt: skip
    return {"written": written, "skipped": skipped}
