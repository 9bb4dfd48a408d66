"""Reading year-end actuals (实际完成情况): YAML, CSV and XLSX, exact decimals, located errors."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from answer_key import plan_from_answer_key
from jixiao.domain.errors import InputError
from jixiao.domain.money import Money, MoneyUnit
from jixiao.evaluate import evaluate_plan, read_actuals
from jixiao.evaluate.actuals import load_yaml, parse_money

D = Decimal
DEMO = Path(__file__).resolve().parents[1] / "examples" / "seed" / "actuals.yaml"


def test_demo_file_is_labelled_and_exact() -> None:
    a = read_actuals(DEMO)
    assert a.note and "演示数据" in a.note
    assert "演示数据" in DEMO.read_text(encoding="utf-8").splitlines()[1]
    assert [p.code for p in a.projects] == ["103001001", "103001002"]
    fund = a.projects[0].funds[0]
    # 147.6 is read as Decimal("147.6"), never through float
    assert fund.spent == Money(D("147.6"), MoneyUnit.WAN)
    assert isinstance(fund.spent.amount, Decimal) and str(fund.spent.amount) == "147.6"
    row = a.projects[0].indicators[5]
    assert (row.level3, row.actual, row.score) == ("促进经济增长", "达成年度指标", D(9))
    line = DEMO.read_text(encoding="utf-8").splitlines().index("      - level3: 促进经济增长") + 1
    assert row.where is not None and row.where.file == "actuals.yaml" and row.where.line == line


def test_yaml_units_and_chinese_keys(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    path.write_text(
        "unit: 元\n"
        "projects:\n"
        "  - 项目编码: P1\n"
        "    资金:\n"
        "      - 资金来源: 财政拨款\n"
        "        年初预算数: 1500000\n"
        "        全年预算数: 1.5万元\n"  # a unit in the value wins
        "        全年执行数: 1,200,000\n"
        "    指标:\n"
        "      - 三级指标: 培训人数\n"
        "        实际完成值: 120\n"
        "        得分: 9.5\n"
        "        偏差原因分析及改进措施: 无\n",
        encoding="utf-8",
    )
    p = read_actuals(path).projects[0]
    f = p.funds[0]
    assert f.initial == Money(D(1500000), MoneyUnit.YUAN)
    assert f.adjusted == Money(D("1.5"), MoneyUnit.WAN)
    assert f.spent == Money(D(1200000), MoneyUnit.YUAN)
    ind = p.indicators[0]
    assert (ind.level3, ind.actual, ind.score, ind.explanation) == (
        "培训人数",
        "120",
        D("9.5"),
        "无",
    )


def test_yaml_errors_say_where(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("projects:\n  - code: P1\n    funds:\n      - spent: 十万\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_actuals(bad)
    text = str(exc.value)
    assert "bad.yaml" in text and "第4行" in text and "项目 P1" in text and "全年执行数" in text
    broken = tmp_path / "broken.yaml"
    broken.write_text("projects: [\n  - code: 1\n", encoding="utf-8")
    with pytest.raises(InputError, match="YAML 格式错误"):
        read_actuals(broken)
    noname = tmp_path / "noname.yaml"
    noname.write_text(
        "projects:\n  - code: P1\n    indicators:\n      - actual: 5\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match="三级指标名称") as exc2:
        read_actuals(noname)
    assert "第4行" in str(exc2.value)
    with pytest.raises(InputError, match="不存在"):
        read_actuals(tmp_path / "missing.yaml")


def test_parse_money_forms() -> None:
    assert parse_money("147.6万元", MoneyUnit.YUAN, "x", None) == Money(D("147.6"), MoneyUnit.WAN)
    assert parse_money(D("2"), MoneyUnit.WAN, "x", None) == Money(D(2), MoneyUnit.WAN)
    assert parse_money("1亿", MoneyUnit.WAN, "x", None) == Money(D(1), MoneyUnit.YI)
    assert parse_money(None, MoneyUnit.WAN, "x", None) is None
    with pytest.raises(InputError, match="不是金额"):
        parse_money("约100万", MoneyUnit.WAN, "x", None)


def test_load_yaml_keeps_decimals() -> None:
    data = load_yaml("a: 0.1\nb: 3\nc: 2023-12-20\nd: true\n")
    assert data == {"a": D("0.1"), "b": 3, "c": "2023-12-20", "d": True}


CSV = (
    "项目编码,项目名称,资金来源,年初预算数,全年预算数,全年执行数(元),三级指标,实际完成值,得分,偏差原因分析及改进措施\n"
    "103001001,招商费用,财政拨款,150,150,1476000,,,,\n"
    ",,,,,,签约项目,16个,,\n"
    ",,,,,,促进经济增长,达成年度指标,9,未量化\n"
    "103001002,扶持资金,财政拨款,8000,7600,65000000,,,,\n"
    "103001002,扶持资金,,,,,投资者满意度,88%,,满意度偏低\n"
)


def test_csv_table(tmp_path: Path) -> None:
    path = tmp_path / "actuals.csv"
    path.write_text(CSV, encoding="utf-8")
    a = read_actuals(path)
    one, two = a.projects
    assert one.code == "103001001" and one.name == "招商费用"
    # the header says 全年执行数(元): 1476000 元 = 147.6 万元
    assert one.funds[0].spent == Money(D(1476000), MoneyUnit.YUAN)
    assert one.funds[0].initial == Money(D(150), MoneyUnit.WAN)
    assert [(i.level3, i.actual, i.score) for i in one.indicators] == [
        ("签约项目", "16个", None),
        ("促进经济增长", "达成年度指标", D(9)),
    ]
    assert [i.level3 for i in two.indicators] == ["投资者满意度"]
    assert one.indicators[0].where is not None and one.indicators[0].where.row == 3
    ev = evaluate_plan(plan_from_answer_key(), a)
    assert ev.project("103001001").execution_rate == D("0.984")  # 147.6 / 150


def test_csv_in_gbk_with_system_names(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    text = (
        "pro_code,lv3_perf_ind_name,ind_comp,ind_weight,eval_score,ana_dev_reasons,"
        "reply_amt,cur_amt,year_exe_amt\n"
        "P1,培训人数,80人,30,,人员调整,,,\n"
        "P1,,,,,,100,100,90\n"
    )
    path.write_bytes(text.encode("gb18030"))
    p = read_actuals(path).projects[0]
    assert (p.indicators[0].level3, p.indicators[0].actual, p.indicators[0].weight) == (
        "培训人数",
        "80人",
        D(30),
    )
    assert p.indicators[0].explanation == "人员调整"
    assert p.funds[0].spent == Money(D(90), MoneyUnit.WAN)


def test_csv_errors_cite_cell(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("项目编码,全年预算数,全年执行数\nP1,100,九十\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_actuals(path)
    text = str(exc.value)
    assert "bad.csv" in text and "C2" in text and "项目 P1" in text
    headless = tmp_path / "headless.csv"
    headless.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="找不到表头"):
        read_actuals(headless)


def test_xlsx_table(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["实际完成情况 (演示)"])  # a title row above the header
    ws.append(["项目编码", "三级指标", "实际完成值", "得分", "全年预算数", "全年执行数"])
    ws.append(["103001001", None, None, None, 150, 147.6])
    ws.append(["103001001", "投资者满意度", "96.2%", None, None, None])
    ws.append(["103001001", "促进经济增长", "达成年度指标", 9, None, None])
    path = tmp_path / "actuals.xlsx"
    wb.save(path)
    p = read_actuals(path).projects[0]
    assert p.funds[0].spent == Money(D("147.6"), MoneyUnit.WAN)
    assert [(i.level3, i.actual, i.score) for i in p.indicators] == [
        ("投资者满意度", "96.2%", None),
        ("促进经济增长", "达成年度指标", D(9)),
    ]
    assert p.indicators[1].where is not None and p.indicators[1].where.sheet
