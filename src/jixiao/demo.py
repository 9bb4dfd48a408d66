"""The demo: the whole yearly cycle on the bundled seed document (演示).

Parses the seed document, reviews its targets, runs mid-year monitoring on the demo
payments ledger and progress, scores the year-end self-evaluation on the demo actuals, and
writes every result (Plan JSON, review, 监控表, 自评表, 目标表, report, flat data) to one folder.
It only chains the core and export functions; it computes nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jixiao.domain import jsonio
from jixiao.domain.errors import InputError, JixiaoError
from jixiao.domain.model import Plan
from jixiao.domain.profile import RuleProfile, load_profile

SEED_NAME = "000_bf5cb89b1d3e99b6.txt"
DEMO_AS_OF = date(2023, 7, 31)


def find_demo_data(explicit: Path | None = None) -> Path:
    """The folder with the seed document and its demo inputs (``examples/seed``)."""
    if explicit is not None:
        if (explicit / SEED_NAME).is_file():
            return explicit
        raise InputError(f"演示数据目录 {explicit} 中没有 {SEED_NAME}")
    for c in (
        Path.cwd() / "examples" / "seed",
        Path(__file__).resolve().parents[2] / "examples" / "seed",
    ):
        if (c / SEED_NAME).is_file():
            return c
    raise InputError(
        f"找不到演示数据 (examples/seed/{SEED_NAME}); 请在项目目录中运行, 或用 --data 指定目录"
    )


@dataclass
class DemoResult:
    """What the demo produced: the core results and the files written."""

    plan: Plan
    review: Any
    monitoring: Any
    evaluation: Any
    files: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _write(path: Path, text: str, files: list[Path]) -> None:
    path.write_text(text, encoding="utf-8")
    files.append(path)


def run_demo(
    out_dir: Path,
    data_dir: Path | None = None,
    profile: RuleProfile | None = None,
    *,
    pdf: bool = True,
    step: Callable[[str], None] | None = None,
) -> DemoResult:
    """Run the cycle on the seed and write the results into ``out_dir``."""
    from jixiao.evaluate.actuals import read_actuals
    from jixiao.evaluate.engine import evaluate_plan
    from jixiao.evaluate.report import evaluation_to_dict
    from jixiao.export import flat
    from jixiao.export.evaluation_xlsx import write_evaluation_xlsx
    from jixiao.export.monitoring_xlsx import write_monitoring_xlsx
    from jixiao.export.report import ReportOptions, write_html, write_pdf
    from jixiao.export.targets_xlsx import write_targets_xlsx
    from jixiao.ingest import parse_file
    from jixiao.monitor.report import report_to_dict, run_monitor
    from jixiao.review.engine import review_plan
    from jixiao.review.render import render_html

    say = step or (lambda _msg: None)
    prof = profile or load_profile()
    data = find_demo_data(data_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    skipped: list[str] = []

    say("解析绩效目标文档")
    plan = parse_file(data / SEED_NAME, profile=prof)
    _write(out_dir / "plan.json", jsonio.plan_to_json(plan), files)

    say("审核绩效目标")
    review = review_plan(plan, prof)
    _write(out_dir / "review.json", review.to_json(), files)
    _write(out_dir / "review.html", render_html(review), files)

    say("运行监控 (截至 2023-07-31)")
    monitoring = run_monitor(
        plan,
        payments=data / "payments.csv",
        as_of=DEMO_AS_OF,
        profile=prof,
        progress=data / "progress.yaml",
    )
    _write(out_dir / "monitoring.json", jsonio.dumps(report_to_dict(monitoring)), files)
    files.append(write_monitoring_xlsx(monitoring, out_dir / "监控表.xlsx"))

    say("绩效自评")
    evaluation = evaluate_plan(plan, read_actuals(data / "actuals.yaml"), prof)
    _write(out_dir / "evaluation.json", jsonio.dumps(evaluation_to_dict(evaluation)), files)
    files.append(write_evaluation_xlsx(evaluation, out_dir / "自评表.xlsx"))

    say("导出表格与报告")
    files.append(write_targets_xlsx(plan, out_dir / "绩效目标表.xlsx", profile=prof))
    results: dict[str, Any] = {"review": review, "monitoring": monitoring, "evaluation": evaluation}
    options = ReportOptions(charts=True, generated=date.today())
    files.append(
        write_html(out_dir / "report.html", plan, options=options, profile=prof, **results)
    )
    if pdf:
        try:
            files.append(
                write_pdf(out_dir / "report.pdf", plan, options=options, profile=prof, **results)
            )
        except JixiaoError as exc:  # missing system fonts/libraries: say so, keep the rest
            skipped.append(f"report.pdf: {exc}")
    files.extend(flat.write_csv(out_dir / "data", plan, **results))
    return DemoResult(plan, review, monitoring, evaluation, files, skipped)
