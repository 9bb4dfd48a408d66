"""Real published self-evaluation forms, transcribed as the pages give them, rechecked.

Each file in ``tests/data/recheck/real_*.txt`` is the text of a public page (cut where the
stored copy ends; nothing added or fixed):

* real_langfang_2019.txt — 廊坊市食品工程学校 办公宿舍楼、食堂及餐厅暖通改造经费 项目支出绩效自评表
  (2019年度), one cell per paragraph: http://www.lfsp.cn/newsinfo/1158053.html
* real_qingshen_2023.txt — 青神县发展和改革局 部门预算项目支出绩效自评表(2023年度), Sichuan
  10 + 90, cells ending in "|": https://www.scqs.gov.cn/info/13206/211004.htm
* real_tangxi_2022.txt — 池州市贵池区棠溪镇 委托业务项目 项目支出绩效自评表 (2022年度), the
  whole table on one line (also used by tests/test_evaluate_published.py):
  http://www.anthempetcare.com/upload_cz/download?id=502364&siteId=2
* real_zhongjiang_2022.txt — 中江县水利局 绩效目标自评表(2022年度), a copy that lost every
  cell separator: https://chacewang.com/newsdetail/news242266.html
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.recheck import recheck_file

D = Decimal
DATA = Path(__file__).parent / "data" / "recheck"


def test_langfang_rounded_scores() -> None:
    (r,) = recheck_file(DATA / "real_langfang_2019.txt")
    f = r.form
    assert f.year == 2019 and f.project == "办公宿舍楼、食堂及餐厅暖通改造经费"
    assert r.profile_name == "national"
    # 执行率 37.24/43.2 = 86.20% → 8.62; the form prints 86% and 9
    assert r.execution.recomputed is not None
    assert round(r.execution.recomputed, 2) == D("8.62") and r.execution.published == D(9)
    ex = next(d for d in r.discrepancies if d.reason == "execution-score-inconsistent")
    assert "取整" in ex.message
    # 工程资金金额: 37.24 of 43.2 (数量指标, ≥) → 8.62, printed 9
    first = r.rows[0]
    assert first.row.level3 == "指标1工程资金金额" and first.reasons == ["rounded"]
    assert (first.row.explanation or "").startswith("已完工")
    # the template rows 指标2 / …… are left out: 9 real rows, all others as printed
    assert len(r.rows) == 9 and [c.status for c in r.rows[1:]] == ["ok"] * 8
    assert round(r.inflation, 2) == D("0.76")
    assert "总分" in r.missing  # the stored copy ends in the 满意度 block


def test_qingshen_sichuan_form_is_unfilled() -> None:
    (r,) = recheck_file(DATA / "real_qingshen_2023.txt")
    assert r.profile_name == "sichuan"  # 绩效指标(90分), 报表编号 510000_0013zp
    assert r.form.year == 2023 and r.form.indicator_points == D(90)
    # 251.89 / 251.89 = 100% would score 10, but 得分, 完成值 and the total are blank
    assert r.execution.rate_percent == D(100) and r.execution.published is None
    assert [c.row.target for c in r.rows] == ["=100%", "=100%"]
    assert [c.weight for c in r.rows] == [D(60), D(30)]
    assert r.status == "unfilled" and r.discrepancies == []
    assert "总分未填" in r.unfilled and "预算执行率得分未填" in r.unfilled


def test_tangxi_money_rows_inconsistent() -> None:
    (r,) = recheck_file(DATA / "real_tangxi_2022.txt")
    assert r.form.project == "委托业务项目" and r.form.year == 2022
    # 年度资金总额 printed "0 0 0 10 0 0"; 本年财政拨款 90 / 89.974 / 89.974 → 100% → 10
    money = [d for d in r.discrepancies if d.reason == "money-rows-inconsistent"]
    assert len(money) == 1 and money[0].difference == D(-10)
    assert r.form.group_points == {"产出指标": D(50), "效益指标": D(30), "满意度指标": D(10)}
    # every visible row scored as printed (8+8+8+8+8+10 and 3 × 10)
    scored = [c for c in r.rows if c.status == "ok"]
    assert len(scored) == 9 and sum((c.published or D(0)) for c in scored) == D(80)
    # the copy ends inside the 满意度 row "公众满…"
    assert r.rows[-1].status == "cut-off" and r.rows[-1].row.level3 == "公众满"
    assert r.status == "discrepancies" and r.inflation == D(-10)


def test_zhongjiang_glued_copy_reads_what_it_can() -> None:
    (r,) = recheck_file(DATA / "real_zhongjiang_2022.txt")
    f = r.form
    assert f.year == 2022 and f.project is not None and f.project.startswith("中江县农业水价")
    # 产出指标(70分) / 效益指标(20分) / 满意度指标(10分): not the 50/30/10 of the notes below it
    assert f.group_points == {"产出指标": D(70), "效益指标": D(20), "满意度指标": D(10)}
    clean = {c.row.level3: c for c in r.rows if c.status == "ok"}
    ruler = clean["安装坡面水标尺"]
    assert ruler.row.target == "≥266米" and ruler.weight == D(10)
    assert clean["受益脱贫(含监测对象)户满意度"].row.actual == "≥95%"
    # glued numbers ("20100%", "总分100100") are not taken as scores
    assert any("粘连" in n for n in r.notes)
    assert r.published_total is None and r.execution.status == "unchecked"
    assert r.discrepancies == []
