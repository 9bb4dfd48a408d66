"""Indicator progress input (CSV/XLSX/YAML), matching to the plan, and reading values."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

from answer_key import plan_from_answer_key
from jixiao.domain.errors import InputError
from jixiao.domain.target import Comparator, ComparatorSource, Target, TargetKind
from jixiao.monitor.progress import (
    parse_likelihood,
    parse_rectification,
    read_progress,
    read_value,
)
from jixiao.monitor.rules import rules_from_profile

RULES = rules_from_profile("national")
PLAN = plan_from_answer_key()
REPO = Path(__file__).resolve().parents[1]


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    f = tmp_path / name
    f.write_bytes(text.encode(encoding))
    return f


def test_csv_progress_chinese_header_gbk(tmp_path: Path) -> None:
    f = _write(
        tmp_path,
        "progress.csv",
        "项目编码,三级指标,截至目前完成值,全年预计完成值,经费保障,其他,完成可能性,是否需要整改,备注\n"
        "103001001,签约项目,8个,15个,,,1,否,\n"
        "103001001,跨境电商交易额,11亿元,24亿元,,外需回落,2 有可能,否,下半年回升\n",
        encoding="gbk",
    )
    data = read_progress(f, PLAN, RULES)
    assert data.issues == []
    e = data.entry("103001001", 0)
    assert e is not None and e.value == "8个" and e.forecast == "15个" and e.likelihood == 1
    assert e.rectification is False and not e.has_reason
    e2 = data.entry("103001001", 1)
    assert e2 is not None and e2.reasons == {"其他": "外需回落"} and e2.likelihood == 2
    assert e2.remarks == "下半年回升" and e2.source is not None and e2.source.row == 3


def test_yaml_demo_progress_matches_every_row() -> None:
    data = read_progress(REPO / "examples" / "seed" / "progress.yaml", PLAN, RULES)
    assert data.issues == []
    assert len(data.entries) == 15
    assert set(data.spending) == {"103001002"}
    spend = data.spending["103001002"]
    assert set(spend.reasons) == {"经费保障", "制度保障"} and spend.rectification is True
    # 实际利用外资到位数 is indicator 1 of 103001002, with a YAML line number
    e = data.entry("103001002", 0)
    assert e is not None and e.value == "20万美元" and e.source is not None and e.source.line


def test_same_name_in_one_project_needs_level2_or_index(tmp_path: Path) -> None:
    from jixiao.domain.model import Indicator, Plan, Project

    plan = Plan(
        year=2023,
        projects=[
            Project(
                code="P1",
                name="测试",
                indicators=[
                    Indicator(
                        "产出指标",
                        "数量指标",
                        "培训",
                        target=Target("10次", TargetKind.QUANTITATIVE),
                    ),
                    Indicator(
                        "效益指标",
                        "社会效益指标",
                        "培训",
                        target=Target("100人", TargetKind.QUANTITATIVE),
                    ),
                ],
            )
        ],
    )
    f = _write(
        tmp_path,
        "p.csv",
        "项目编码,二级指标,三级指标,指标序号,截至目前完成值\n"
        "P1,,培训,,5\n"  # row 2: ambiguous
        "P1,社会效益指标,培训,,60\n"  # row 3: level2 decides → index 1
        "P1,,,1,4\n"  # row 4: by position → index 0
        "P1,,,9,4\n"  # row 5: no 9th indicator
        "P2,,培训,,1\n"  # row 6: unknown project
        "P1,,不存在,,1\n",  # row 7: unknown indicator
    )
    data = read_progress(f, plan, RULES)
    assert data.entry("P1", 1) is not None and data.entry("P1", 1).value == "60"  # type: ignore[union-attr]
    assert data.entry("P1", 0) is not None and data.entry("P1", 0).value == "4"  # type: ignore[union-attr]
    rows = {i.source.row: i.message for i in data.issues}
    assert "出现 2 次" in rows[2]
    assert "指标序号 9" in rows[5]
    assert "P2 不在计划中" in rows[6]
    assert "不存在" in rows[7]


def test_duplicate_progress_row_is_reported(tmp_path: Path) -> None:
    f = _write(
        tmp_path,
        "p.csv",
        "项目编码,三级指标,截至目前完成值\n103001001,签约项目,8\n103001001,签约项目,9\n",
    )
    data = read_progress(f, PLAN, RULES)
    assert data.entry("103001001", 0).value == "8"  # type: ignore[union-attr]
    assert len(data.issues) == 1 and "重复" in data.issues[0].message
    assert data.issues[0].source.row == 3


def test_reason_column_with_kind_prefixes(tmp_path: Path) -> None:
    f = _write(
        tmp_path,
        "p.csv",
        "项目编码,三级指标,偏差原因,完成可能性,是否需要整改\n"
        '103001001,签约项目,"经费保障: 资金未到位; 人员保障：人手不足; 天气影响",3,需要\n'
        "103001001,增加就业,,很可能,也许\n",
    )
    data = read_progress(f, PLAN, RULES)
    e = data.entry("103001001", 0)
    assert e is not None
    assert e.reasons == {"经费保障": "资金未到位", "人员保障": "人手不足", "其他": "天气影响"}
    assert e.likelihood == 3 and e.rectification is True
    warnings = [i.message for i in data.issues]
    assert any("完成可能性 '很可能'" in m for m in warnings)
    assert any("是否需要整改 '也许'" in m for m in warnings)


def test_likelihood_and_rectification_words() -> None:
    assert parse_likelihood("1", RULES) == 1
    assert parse_likelihood("2 有可能", RULES) == 2
    assert parse_likelihood("完全不可能", RULES) == 3
    assert parse_likelihood("确定能", RULES) == 1
    assert parse_likelihood(4, RULES) is None
    assert parse_rectification("是", RULES) is True and parse_rectification("否", RULES) is False
    assert parse_rectification(True, RULES) is True and parse_rectification("maybe", RULES) is None


def test_no_header_is_an_error(tmp_path: Path) -> None:
    f = _write(tmp_path, "p.csv", "a,b,c\n1,2,3\n")
    with pytest.raises(InputError, match="找不到指标进度表头"):
        read_progress(f, PLAN, RULES)


def test_yaml_errors_have_line_numbers(tmp_path: Path) -> None:
    f = _write(tmp_path, "p.yaml", "- project_code: 1\n  indicator: [unclosed\n")
    with pytest.raises(InputError, match="YAML") as exc:
        read_progress(f, PLAN, RULES)
    assert exc.value.source is not None and exc.value.source.line is not None


def test_yaml_unknown_key_warns(tmp_path: Path) -> None:
    f = _write(
        tmp_path,
        "p.yaml",
        '- project_code: "103001001"\n  indicator: 签约项目\n  value: 8\n  colour: red\n',
    )
    data = read_progress(f, PLAN, RULES)
    assert data.entry("103001001", 0) is not None
    assert [(i.severity, i.source.line) for i in data.issues] == [("warning", 1)]
    assert "colour" in data.issues[0].message


# --- reading values against targets --------------------------------------------------------


def _q(
    raw: str, value: str, unit: str | None, nvalue: str | None = None, nunit: str | None = None
) -> Target:
    return Target(
        raw,
        TargetKind.QUANTITATIVE,
        Comparator.GE,
        ComparatorSource.EXPLICIT,
        value=Decimal(value),
        unit=unit,
        normalized_value=Decimal(nvalue or value),
        normalized_unit=nunit or unit,
    )


def test_values_are_converted_to_the_target_unit() -> None:
    target = _q("26亿元", "26", "亿元", "2600000000", "元")
    # 11亿元 → 11 (亿元)
    assert read_value("11亿元", target, RULES).number == 11
    # 55000万元 = 5.5亿元
    assert read_value("55000万元", target, RULES).number == Fraction(11, 2)
    # a bare number is in the target's unit, or in the unit column when given
    assert read_value("12", target, RULES).number == 12
    assert read_value("30000", target, RULES, unit="万元").number == 3
    # incompatible units are not guessed
    r = read_value("8个", target, RULES)
    assert r.kind == "unreadable" and "无法换算" in (r.note or "")


def test_percent_written_as_a_fraction() -> None:
    target = _q("95%以上", "95", "%")
    r = read_value("0.96", target, RULES)
    assert r.number == 96 and r.note and "0.96" in r.note
    assert read_value("96%", target, RULES).number == 96


def test_time_boolean_and_qualitative_readings() -> None:
    deadline = Target("2023年底", TargetKind.TIME, deadline=None, deadline_month=12)
    assert read_value("已完成", deadline, RULES).kind == "done"
    assert read_value("未完成", deadline, RULES).kind == "not_done"
    r = read_value("2023年6月30日", deadline, RULES, year=2023)
    assert r.kind == "done" and str(r.day) == "2023-06-30"
    flag = Target("否", TargetKind.BOOLEAN, flag=False)
    assert read_value("否", flag, RULES).flag is False
    assert read_value("也许", flag, RULES).kind == "unreadable"
    qual = Target("效果明显", TargetKind.QUALITATIVE)
    assert read_value("部分达成", qual, RULES).kind == "grade"


def test_exported_table_reads_back_as_progress(tmp_path: Path) -> None:
    """The 监控表 XLSX carries the unit's entries; reading it back gives the same entries."""
    from datetime import date

    from jixiao.export.monitoring_xlsx import write_monitoring_xlsx
    from jixiao.monitor import run_monitor

    seed = REPO / "examples" / "seed"
    report = run_monitor(
        PLAN,
        payments=seed / "payments.csv",
        progress=seed / "progress.yaml",
        as_of=date(2023, 7, 31),
    )
    out = write_monitoring_xlsx(report, tmp_path / "m.xlsx")
    back = read_progress(out, PLAN, RULES)
    original = read_progress(seed / "progress.yaml", PLAN, RULES)
    assert back.issues == []
    for key, e in original.entries.items():
        b = back.entries[key]
        assert (b.value, b.forecast, b.reasons, b.likelihood, b.rectification, b.remarks) == (
            e.value,
            e.forecast,
            e.reasons,
            e.likelihood,
            e.rectification,
            e.remarks,
        ), key
    extra = {k: e for k, e in back.entries.items() if k not in original.entries}
    assert all(  # rows the unit left empty in the workbook carry nothing
        (e.value, e.forecast, e.reasons, e.likelihood, e.rectification, e.remarks)
        == (None, None, {}, None, None, None)
        for e in extra.values()
    ), extra
    assert back.spending["103001002"].reasons == original.spending["103001002"].reasons
    # the report from the workbook equals the report from the original entries: a forecast
    # the system computed (written with its mark) stays computed, the unit's stays the unit's
    again = run_monitor(
        PLAN, payments=seed / "payments.csv", progress=out, as_of=date(2023, 7, 31)
    )
    for p0, p1 in zip(report.projects, again.projects, strict=True):
        for s0, s1 in zip(p0.indicators, p1.indicators, strict=True):
            assert (s1.forecast, s1.forecast_source, s1.light.light) == (
                s0.forecast,
                s0.forecast_source,
                s0.light.light,
            ), s0.indicator.level3
    assert {s.forecast_source for p in report.projects for s in p.indicators} >= {"pace", "unit"}
    # the sheet really has the official two-row header with the five kinds
    ws = openpyxl.load_workbook(out)["运行监控表"]
    header = [c.value for c in ws[4]]
    assert header[:9] == [
        "项目编码",
        "项目名称",
        "年度预算数",
        "调整后预算数",
        "截至7月31日支出数",
        "执行率",
        "时序进度",
        "计划进度",
        "支出预警",
    ]
    kinds = [c.value for c in ws[5] if c.value]
    assert kinds == ["经费保障", "制度保障", "人员保障", "硬件条件保障", "其他"]
