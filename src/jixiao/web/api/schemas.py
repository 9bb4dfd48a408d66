# ruff: noqa: RUF012  (pydantic copies the defaults of its fields)
# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Request and response shapes of the API (pydantic, via django-ninja).

Money, rates and scores are exact decimal text in responses (``"150"``, ``"58.33"``), never
binary floats; inputs accept a JSON number or decimal text. Text inputs refuse NUL characters
and unpaired surrogates (they cannot be stored). Limits mirror the database columns.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import AfterValidator, BaseModel, Field, Strict, StrictBool, model_validator

MAX_ID = 2**63 - 1
MAX_AMOUNT = Decimal("999999999999999999")  # 24 digits with 6 decimals


def _clean_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("文本中不能含有 NUL 字符")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("文本含有无法编码的字符") from exc
    return value


def Text(max_length: int) -> Any:
    return Annotated[str, Field(max_length=max_length), AfterValidator(_clean_text)]


Amount = Annotated[Decimal, Field(ge=0, le=MAX_AMOUNT, max_digits=24, decimal_places=6)]
Score = Annotated[Decimal, Field(ge=0, le=1000, max_digits=9, decimal_places=4)]
Version = Annotated[int, Strict(), Field(ge=1, le=2**31 - 1)]  # the version the client started from
FirstVersion = Annotated[int, Strict(), Field(ge=0, le=2**31 - 1)]  # 0: nothing saved yet
Id = Annotated[int, Strict(), Field(ge=1, le=MAX_ID)]


def dec(value: Any) -> str | None:
    """Exact decimal text without padding zeros (for responses)."""
    if value is None or value == "":
        return None
    from jixiao.domain.money import clean_decimal

    return f"{clean_decimal(Decimal(str(value))):f}"


# --- common ------------------------------------------------------------------------------------


class In(Schema):
    """A request body (or part of one): must be a JSON object."""

    @model_validator(mode="before")
    @classmethod
    def _object(cls, data: Any) -> Any:
        # ninja's Schema wraps its input in a DjangoGetter (which reads attributes of anything)
        inner = data._obj if isinstance(data, DjangoGetter) else data
        if not isinstance(inner, dict | BaseModel):
            raise ValueError("应为 JSON 对象")
        return data


class ErrorItem(Schema):
    loc: list[str | int]
    msg: str
    type: str


class Error(Schema):
    message: str
    detail: list[ErrorItem] = []


ERRORS: dict[int, Any] = {
    400: Error,
    401: Error,
    403: Error,
    404: Error,
    409: Error,
    422: Error,
}


def responses(ok: Any, status: int = 200) -> dict[int, Any]:
    return {status: ok, **ERRORS}


class PageMeta(Schema):
    count: int
    page: int
    page_size: int


# --- who am I ----------------------------------------------------------------------------------


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    role_label: str
    organisation: str | None
    organisation_id: int | None


# --- plans -------------------------------------------------------------------------------------


class PlanOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    year: int
    status: str
    status_label: str
    adjusting: bool
    profile: str
    overall_goal: str
    lock_version: int
    updated_at: datetime
    project_count: int


class PlanPage(PageMeta):
    items: list[PlanOut]


class PlanPatch(In):
    lock_version: Version
    overall_goal: Text(20000)  # type: ignore[valid-type]


class FundLineOut(Schema):
    source: str
    amount: str
    unit: str


class CheckpointOut(Schema):
    label: str
    month: int
    percent: str


class ProjectOut(Schema):
    id: int
    plan_id: int
    position: int
    code: str
    name: str
    budget_amount: str | None
    budget_unit: str
    purpose: str
    goal: str
    long_term_goal: str
    lock_version: int
    indicator_count: int
    fund_lines: list[FundLineOut]
    checkpoints: list[CheckpointOut]


class ProjectPage(PageMeta):
    items: list[ProjectOut]


MoneyUnitName = Literal["元", "万元", "亿元"]


class ProjectIn(In):
    code: Text(50) = ""  # type: ignore[valid-type]
    name: Text(300) = ""  # type: ignore[valid-type]
    budget_amount: Amount | None = None
    budget_unit: MoneyUnitName = "万元"
    purpose: Text(20000) = ""  # type: ignore[valid-type]
    goal: Text(20000) = ""  # type: ignore[valid-type]
    long_term_goal: Text(20000) = ""  # type: ignore[valid-type]


class ProjectPatch(In):
    lock_version: Version
    code: Text(50) | None = None  # type: ignore[valid-type]
    name: Text(300) | None = None  # type: ignore[valid-type]
    budget_amount: Amount | None = None
    budget_unit: MoneyUnitName | None = None
    purpose: Text(20000) | None = None  # type: ignore[valid-type]
    goal: Text(20000) | None = None  # type: ignore[valid-type]
    long_term_goal: Text(20000) | None = None  # type: ignore[valid-type]


class ParsedTarget(Schema):
    kind: str
    kind_label: str
    display: str
    comparator: str | None
    unit: str | None
    normalized_value: str | None
    normalized_unit: str | None
    deadline: str | None
    notes: list[str]


class IndicatorOut(Schema):
    id: int
    project_id: int
    position: int
    level1: str
    level2: str
    level3: str
    description: str
    target_raw: str
    parsed: ParsedTarget
    basis: str
    weight: str | None


class IndicatorPage(PageMeta):
    items: list[IndicatorOut]


class IndicatorIn(In):
    project_lock_version: Version = Field(description="项目的 lock_version (乐观锁)")
    level1: Text(100) = ""  # type: ignore[valid-type]
    level2: Text(100) = ""  # type: ignore[valid-type]
    level3: Text(300) = ""  # type: ignore[valid-type]
    description: Text(20000) = ""  # type: ignore[valid-type]
    target_raw: Text(300) = ""  # type: ignore[valid-type]
    basis: Text(300) = ""  # type: ignore[valid-type]
    weight: Annotated[Decimal, Field(ge=0, le=10000, max_digits=9, decimal_places=4)] | None = None


class IndicatorPatch(In):
    project_lock_version: Version
    level1: Text(100) | None = None  # type: ignore[valid-type]
    level2: Text(100) | None = None  # type: ignore[valid-type]
    level3: Text(300) | None = None  # type: ignore[valid-type]
    description: Text(20000) | None = None  # type: ignore[valid-type]
    target_raw: Text(300) | None = None  # type: ignore[valid-type]
    basis: Text(300) | None = None  # type: ignore[valid-type]
    weight: Annotated[Decimal, Field(ge=0, le=10000, max_digits=9, decimal_places=4)] | None = None


class FindingOut(Schema):
    check: str
    title: str
    severity: str
    severity_label: str
    criterion: str
    message: str
    suggestion: str | None
    quoted: str | None
    where: str
    project_id: int | None
    project_code: str | None
    row: int | None


class FindingPage(PageMeta):
    grade: str
    grade_reason: str
    items: list[FindingOut]


# --- monitoring --------------------------------------------------------------------------------


class RoundIn(In):
    as_of: date
    deadline: date | None = None
    note: Text(2000) = ""  # type: ignore[valid-type]


class RoundOut(Schema):
    id: int
    plan_id: int
    as_of: date
    deadline: date | None
    status: str
    note: str
    lock_version: int
    ledger_id: int | None
    ledger_file: str | None


class RoundPage(PageMeta):
    items: list[RoundOut]


class RoundStatusIn(In):
    lock_version: Version
    status: Literal["open", "closed"]


class Totals(Schema):
    budget_wan: str | None
    adjusted_budget_wan: str | None
    spent_wan: str | None
    execution_rate: str | None
    time_progress: str | None
    planned_progress: str | None
    light: str
    light_label: str


class RoundSummaryOut(Schema):
    round: RoundOut
    as_of: date
    time_progress: str | None
    department: Totals
    counts: dict[str, int]
    needs_reason: int
    missing_progress: int


class ProjectLightOut(Schema):
    project_id: int
    code: str | None
    name: str | None
    light: str
    light_label: str
    adjusted_budget_wan: str | None
    spent_wan: str | None
    execution_rate: str | None
    time_progress: str | None
    planned_progress: str | None
    spending_light: str
    spending_reason: str
    indicator_lights: dict[str, int]
    needs_reason: int
    missing: int


class ProjectLightPage(PageMeta):
    items: list[ProjectLightOut]


class EntryIn(In):
    reasons: dict[Text(20), Text(4000)] = {}  # type: ignore[valid-type]
    likelihood: Annotated[int, Strict(), Field(ge=1, le=9)] | None = None
    rectification: StrictBool | None = None
    remarks: Text(4000) = ""  # type: ignore[valid-type]


class RowIn(EntryIn):
    indicator_id: Id
    value: Text(200) = ""  # type: ignore[valid-type]
    forecast: Text(200) = ""  # type: ignore[valid-type]
    unit: Text(20) = ""  # type: ignore[valid-type]


class SheetIn(In):
    lock_version: FirstVersion = Field(0, description="填报表的 lock_version; 首次填报为 0")
    spending: EntryIn = EntryIn()
    rows: list[RowIn] = Field([], max_length=5000)


class RowStatusOut(Schema):
    indicator_id: int
    index: int
    level3: str | None
    target: str | None
    value: str | None
    forecast: str | None
    unit: str | None
    reasons: dict[str, str]
    likelihood: int | None
    rectification: bool | None
    remarks: str | None
    light: str
    light_label: str
    light_reason: str | None
    needs_reason: bool


class SheetOut(Schema):
    round_id: int
    project_id: int
    lock_version: int
    submitted_at: datetime | None
    light: str
    light_label: str
    spending: Totals
    spending_reason: str
    spending_reasons: dict[str, str]
    likelihood: int | None
    rectification: bool | None
    remarks: str
    rows: list[RowStatusOut]


class LedgerIssueOut(Schema):
    row: int
    kind: str
    label: str
    severity: str
    counted: bool
    message: str
    where: str


class LedgerOut(Schema):
    id: int
    round_id: int
    status: str
    file: str
    amount_unit: str
    rows_read: int
    rows_counted: int
    total_yuan: str
    issue_counts: dict[str, int]
    issues: list[LedgerIssueOut]


class LedgerDecisionIn(In):
    action: Literal["confirm", "cancel"]


class RectificationIn(In):
    project_ids: list[Id] = Field(min_length=1, max_length=5000)
    request: Text(4000)  # type: ignore[valid-type]
    due_date: date | None = None


class RectificationOut(Schema):
    id: int
    round_id: int
    project_id: int
    light: str
    request: str
    due_date: date | None
    status: str
    response: str


class RectificationPage(PageMeta):
    items: list[RectificationOut]


# --- self-evaluation ---------------------------------------------------------------------------


class FundIn(In):
    source: Text(100)  # type: ignore[valid-type]
    initial: Amount | None = None
    adjusted: Amount | None = None
    spent: Amount | None = None


class ActualIn(In):
    indicator_id: Id
    actual: Text(200) = ""  # type: ignore[valid-type]
    score: Score | None = None
    explanation: Text(4000) = ""  # type: ignore[valid-type]


class ActualsIn(In):
    lock_version: FirstVersion = Field(0, description="自评的 lock_version; 首次保存为 0")
    outcome: Text(20000) = ""  # type: ignore[valid-type]
    execution_reason: Text(4000) = ""  # type: ignore[valid-type]
    funds: list[FundIn] = Field([], max_length=50)
    rows: list[ActualIn] = Field([], max_length=5000)


class ScoreRowOut(Schema):
    indicator_id: int | None
    index: int
    level3: str | None
    target: str | None
    actual: str | None
    weight: str
    score: str
    rule: str
    rule_text: str
    achieved: bool


class ExplanationOut(Schema):
    kind: str
    kind_text: str
    subject: str
    row: int | None
    reason: str


class IssueOut(Schema):
    code: str
    severity: str
    message: str
    row: int | None
    text: str


class ScoreOut(Schema):
    total: str
    grade: str
    grade_rule: str
    execution_rate: str | None
    execution_score: str
    execution_points: str
    indicators: list[ScoreRowOut]
    explanations_missing: list[ExplanationOut]
    blocking: list[IssueOut]
    issues: list[IssueOut]
    can_submit: bool


class FundOut(Schema):
    source: str
    initial: str | None
    adjusted: str | None
    spent: str | None
    unit: str


class ActualOut(Schema):
    indicator_id: int
    actual: str
    score: str | None
    explanation: str


class ReviewOut(Schema):
    stage: str
    decision: str
    total: str | None
    grade: str
    reason: str
    reviewer: str | None
    at: datetime


class EvaluationOut(Schema):
    id: int | None
    project_id: int
    status: str
    status_label: str
    lock_version: int
    outcome: str
    execution_reason: str
    funds: list[FundOut]
    rows: list[ActualOut]
    computed_total: str | None
    computed_grade: str
    final_total: str | None
    final_grade: str
    result: ScoreOut
    reviews: list[ReviewOut]


class EvaluationListItem(Schema):
    project_id: int
    code: str
    name: str
    status: str
    computed_total: str | None
    computed_grade: str
    final_total: str | None
    final_grade: str


class EvaluationPage(PageMeta):
    items: list[EvaluationListItem]


class SubmitIn(In):
    lock_version: Version


class ReviewIn(In):
    lock_version: Version
    stage: Literal["department", "finance"]
    decision: Literal["confirm", "adjust", "return"]
    score: Score | None = None
    reason: Text(4000) = ""  # type: ignore[valid-type]
