"""Export benchmarks: the 项目支出绩效目标表 with 10,000 indicators, written and read back.

* ``export.targets_xlsx.write_10k`` — :func:`write_targets_xlsx` (styles, merges, validation,
  print set-up) against a plain openpyxl write of the same cell values.
* ``export.targets_xlsx.reread_10k`` — the same write plus reading the workbook back with the
  Excel ingester's sheet reader (``jixiao.ingest.xlsx.read_spreadsheet``: cells, merges,
  locations), against a plain openpyxl write plus a plain openpyxl read of the same cells.
* ``export.targets_xlsx.roundtrip_10k`` — write plus the full re-import into a Plan
  (``jixiao.ingest.files.parse_document``: sheet reading, table assembly, value parsing,
  row location) of the same 10,000 indicators, checked to give back 100 projects and
  10,000 indicators, against the plain write + read of the same cells.
* ``export.report.html_seed`` — the seed's HTML report with charts against rendering the
  Jinja2 template without charts (the charts' share of the work).

Run: ``.venv/bin/python bench/run.py export``.
"""

from __future__ import annotations

import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from jixiao.domain.model import Checkpoint, FundLine, Funds, Indicator, Plan, Project  # noqa: E402
from jixiao.domain.money import Money  # noqa: E402
from jixiao.domain.values import parse_target  # noqa: E402
from jixiao.export.figures import target_cells  # noqa: E402
from jixiao.export.targets_xlsx import write_targets_xlsx  # noqa: E402
from run import Benchmark  # noqa: E402

PROJECTS = 100
PER_PROJECT = 100
ROWS = [
    ("产出指标", "数量指标", "≥{n}个"),
    ("产出指标", "质量指标", "{p}%"),
    ("产出指标", "时效指标", "2023年底"),
    ("产出指标", "成本指标", "≤{n}万元"),
    ("效益指标", "社会效益指标", "{n}人"),
    ("效益指标", "经济效益指标", "显著提升"),
    ("效益指标", "生态效益指标", "否"),
    ("满意度指标", "服务对象满意度指标", "{p}%以上"),
]


def make_plan(projects: int = PROJECTS, per_project: int = PER_PROJECT) -> Plan:
    """A plan of ``projects × per_project`` indicators with varied target kinds."""
    parsed: dict[str, Any] = {}
    plan = Plan(year=2023, department="基准测试部门")
    for p in range(projects):
        indicators = []
        for k in range(per_project):
            l1, l2, pattern = ROWS[k * len(ROWS) // per_project]
            raw = pattern.format(n=10 + k, p=80 + k % 20)
            key = f"{l2}|{raw}"
            if key not in parsed:
                parsed[key] = parse_target(raw, level1=l1, level2=l2, year=2023)
            indicators.append(Indicator(l1, l2, f"指标{p}-{k}", f"第{k}项绩效指标的描述文字",
                                        parsed[key], "计划标准"))
        plan.projects.append(Project(
            code=f"1030{p:05d}", name=f"基准项目{p}",
            funds=Funds(Money(Decimal(100 + p)), [FundLine("财政拨款", Money(Decimal(100 + p)))]),
            purpose="用于基准测试。", goal="完成年度任务",
            spending_plan=[Checkpoint("6月底", 6, Decimal(50)), Checkpoint("12月底", 12,
                                                                            Decimal(100))],
            indicators=indicators,
        ))
    return plan


PLAN = make_plan()
TMP = Path(tempfile.mkdtemp(prefix="jixiao-bench-export-"))
OUT = TMP / "targets.xlsx"
PLAIN = TMP / "plain.xlsx"


def _plain_cells(plan: Plan) -> list[list[list[Any]]]:
    sheets = []
    for p in plan.projects:
        rows: list[list[Any]] = [["项目编码", p.code, "项目名称", p.name]]
        for ind in p.indicators:
            c = target_cells(ind.target)
            rows.append([ind.level1, ind.level2, ind.level3, ind.description, c.comparator,
                         c.value, c.unit, ind.basis])
        sheets.append(rows)
    return sheets


CELLS = _plain_cells(PLAN)


def plain_write(cells: list[list[list[Any]]] = CELLS) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    first = True
    for k, rows in enumerate(cells):
        ws = wb.active if first else wb.create_sheet()
        first = False
        assert ws is not None
        ws.title = f"S{k}"
        for row in rows:
            ws.append(row)
    wb.save(PLAIN)


def plain_read() -> int:
    from openpyxl import load_workbook

    wb = load_workbook(PLAIN, read_only=True)
    n = sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))
    wb.close()
    return n


def export_write(plan: Plan = PLAN) -> None:
    write_targets_xlsx(plan, OUT)


def reread() -> None:
    from jixiao.ingest.xlsx import read_spreadsheet

    export_write()
    read_spreadsheet(OUT, name=OUT.name)


def roundtrip() -> None:
    from jixiao.ingest.files import parse_document

    export_write()
    back = parse_document(OUT)
    assert [p.code for p in back.projects] == [p.code for p in PLAN.projects]
    assert sum(len(p.indicators) for p in back.projects) == PROJECTS * PER_PROJECT


def plain_roundtrip() -> None:
    plain_write()
    plain_read()


def _seed_report(charts: bool) -> str:
    from answer_key import plan_from_answer_key
    from jixiao.export.report import ReportOptions, render_html

    return render_html(plan_from_answer_key(), options=ReportOptions(charts=charts))


BENCHMARKS = [
    Benchmark("export.targets_xlsx.write_10k", lambda: export_write(), lambda: plain_write(),
              "plain openpyxl write of the same cells", units=PROJECTS * PER_PROJECT,
              unit_name="indicators", repeat=3),
    Benchmark("export.targets_xlsx.reread_10k", reread, plain_roundtrip,
              "plain openpyxl write + read of the same cells", units=PROJECTS * PER_PROJECT,
              unit_name="indicators", repeat=3),
    Benchmark("export.targets_xlsx.roundtrip_10k", roundtrip, plain_roundtrip,
              "plain openpyxl write + read of the same cells", units=PROJECTS * PER_PROJECT,
              unit_name="indicators", repeat=3),
    Benchmark("export.report.html_seed", lambda: _seed_report(True),
              lambda: _seed_report(False), "the same report without charts", units=1,
              unit_name="reports", repeat=3),
]
