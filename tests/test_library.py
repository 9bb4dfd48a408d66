"""The indicator library, suggestions, dataset statistics and their commands."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from answer_key import SEED_TEXT
from jixiao.batch import run_batch
from jixiao.batch.stats import dataset_stats, render_html
from jixiao.batch.synth import TABLE_LAYOUTS, write_corpus
from jixiao.cli import app
from jixiao.domain.errors import InputError
from jixiao.library import (
    build_library,
    build_library_from_rows,
    load_library,
    name_key,
    save_library,
    suggest,
    suggest_for_project,
)

runner = CliRunner()


def _ind(doc: str, project: int, l2: str, name: str, raw: str, kind: str = "quantitative",
         value: str | None = None, unit: str | None = None, cmp_: str | None = None,
         desc: str | None = None) -> dict[str, Any]:
    return {
        "doc_hash": doc, "path": f"{doc}.txt", "project_index": project, "level1": None,
        "level2": l2, "level1_std": "产出指标", "level2_std": l2, "level3": name,
        "description": desc, "target_raw": raw, "kind": kind, "comparator": cmp_,
        "value": Decimal(value) if value is not None else None, "unit": unit,
        "location": f"{doc}.txt 第1行",
    }


def _proj(doc: str, index: int, name: str, goal: str) -> dict[str, Any]:
    return {"doc_hash": doc, "path": f"{doc}.txt", "project_index": index, "code": f"C{doc}",
            "name": name, "goal": goal, "purpose": None}


def test_name_key_matches_numbered_and_punctuated_spellings():
    assert name_key("（1）项目完成率：") == name_key("项目完成率") == "项目完成率"
    assert name_key("2、培训人次") == "培训人次"
    assert name_key(" 满意度 ") == "满意度"


def test_entries_group_spellings_and_count_units_comparators_and_ranges():
    rows = [
        _ind("a", 1, "质量指标", "项目完成率", "≥90%", value="90", unit="%", cmp_="≥",
             desc="项目完成比例"),
        _ind("b", 1, "质量指标", "项目完成率", "100%", value="100", unit="%", cmp_="≥"),
        _ind("c", 1, "质量指标", "（1）项目完成率：", "=95%", value="95", unit="%", cmp_="="),
        _ind("c", 1, "质量指标", "项目完成率", "97%", value="97", unit="%", cmp_="≥",
             desc="项目完成比例"),
        _ind("d", 1, "数量指标", "项目完成率", "3个", value="3", unit="个", cmp_="≥"),
        _ind("d", 1, "时效指标", "完成时间", "2023年底", kind="time", cmp_="≤"),
    ]
    projects = [_proj(x, 1, f"项目{x}", "目标") for x in "abcd"]
    lib = build_library_from_rows(rows, projects)
    done = lib.find("项目完成率", "质量指标")
    assert done is not None
    assert (done.count, done.documents, done.name) == (4, 3, "项目完成率")
    assert done.spellings == ["（1）项目完成率："]
    assert done.units == {"%": 4} and done.comparators == {"≥": 3, "=": 1}
    # values 90, 95, 97, 100: low 90, lower middle 95, high 100
    (r,) = done.ranges
    assert (r.unit, r.n, r.low, r.median, r.high) == ("%", 4, Decimal(90), Decimal(95),
                                                      Decimal(100))
    assert r.describe() == "90–100% (中位数 95, 4 例)"
    assert done.typical_target == "≥ 95%"
    assert done.descriptions == ["项目完成比例"]
    assert done.quantified_share == 1.0
    # the same name under another level 2 is another entry; a time target keeps its text
    assert lib.find("项目完成率", "数量指标") is not None
    deadline = lib.find("完成时间")
    assert deadline is not None and deadline.typical_target == "2023年底"
    assert [e.name for e in lib.by_level2()["质量指标"]] == ["项目完成率"]
    assert lib.entries[0] is done  # the most used first


def test_projects_with_the_same_name_and_goal_are_one_library_project():
    rows = [_ind("a", 1, "数量指标", "培训人次", "500人次"),
            _ind("b", 1, "数量指标", "培训人次", "600人次"),
            _ind("b", 1, "质量指标", "培训合格率", "95%")]
    projects = [_proj("a", 1, "教师培训经费", "提升教师能力"),
                _proj("b", 1, "教师培训经费", "提升教师能力")]
    lib = build_library_from_rows(rows, projects)
    (p,) = lib.projects
    training = lib.find("培训人次")
    passed = lib.find("培训合格率")
    assert training is not None and passed is not None
    assert p.occurrences == 2
    assert p.entries == {training.id: 2, passed.id: 1}


def _two_families() -> Any:
    rows, projects = [], []
    for k in range(4):
        doc = f"edu{k}"
        projects.append(_proj(doc, 1, "义务教育学生营养改善计划", "改善农村义务教育学生营养状况"))
        rows.append(_ind(doc, 1, "数量指标", "受益学生人数", "5000人"))
        rows.append(_ind(doc, 1, "服务对象满意度指标", "学生满意度", "90%"))
        doc = f"road{k}"
        projects.append(_proj(doc, 1, "农村公路养护工程", "完成农村公路养护任务，保障群众安全出行"))
        rows.append(_ind(doc, 1, "数量指标", "养护农村公路里程", "300公里"))
        rows.append(_ind(doc, 1, "质量指标", "优良路率", "85%"))
    return build_library_from_rows(rows, projects)


def test_suggest_proposes_the_indicators_of_similar_projects():
    lib = _two_families()
    found = suggest("县道和农村公路日常养护", lib, 2)
    assert {s.entry.name for s in found} == {"养护农村公路里程", "优良路率"}
    assert found[0].similar_projects[0][0] == "农村公路养护工程"
    assert 0 < found[1].score <= found[0].score <= 1
    edu = suggest_for_project("学生营养餐", "改善学生营养", lib, 2)
    assert {s.entry.name for s in edu} == {"受益学生人数", "学生满意度"}
    capped = suggest("农村公路养护", lib, 4, max_per_level2=1)
    assert len({s.entry.level2 for s in capped}) == len(capped)
    assert suggest("", lib, 3) == [] and suggest("公路", lib, 0) == []
    payload = found[0].as_dict()
    assert payload["similar_projects"][0]["name"] == "农村公路养护工程"


def test_library_file_round_trip_and_errors(tmp_path: Path):
    lib = _two_families()
    for name in ("lib.json", "lib.json.gz"):
        path = save_library(lib, tmp_path / name)
        again = load_library(path)
        assert again.to_dict() == lib.to_dict()
        assert [s.entry.name for s in suggest("公路养护", again, 2)] == [
            s.entry.name for s in suggest("公路养护", lib, 2)
        ]
    (tmp_path / "other.json").write_text('{"format": "something"}', encoding="utf-8")
    with pytest.raises(InputError, match="不是 jixiao 指标库文件"):
        load_library(tmp_path / "other.json")
    with pytest.raises(InputError, match="指标库文件不存在"):
        load_library(tmp_path / "missing.json")


@pytest.fixture(scope="module")
def seed_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("seedset")
    (root / "in").mkdir()
    shutil.copyfile(SEED_TEXT, root / "in" / "seed.txt")
    report = run_batch([root / "in"], root / "out")
    assert report.succeeded == 1
    return root / "out"


def test_stats_of_the_seed(seed_dataset: Path):
    st = dataset_stats(seed_dataset)
    assert (st.documents, st.projects, st.indicators) == (1, 2, 19)
    shares = {s.level2: s for s in st.level2}
    # 数量指标: 15个, 26亿元, 70万美元 — all three quantified
    assert (shares["数量指标"].quantified, shares["数量指标"].total) == (3, 3)
    # 经济效益指标: 促进经济增长 twice with no value
    assert shares["经济效益指标"].kinds == {"empty": 2}
    # 可持续影响指标 (written 可持续性影响): 100% once, empty once
    assert shares["可持续影响指标"].share == 0.5
    # 12 of the 19 targets are quantitative: 6 + 6 (see the answer key)
    assert round(st.quantified_share * 19) == 12
    order = [s.level2 for s in st.level2]
    assert order.index("数量指标") < order.index("质量指标") < order.index("服务对象满意度指标")
    top = {e.name: e for e in st.top_indicators}
    assert top["项目完成率"].count == 2 and top["项目完成率"].documents == 1
    assert top["投资者满意度"].typical_target == "≥ 95%"
    assert st.top_findings and st.top_findings[0].count >= st.top_findings[-1].count


def test_stats_html_draws_charts_and_escapes_text(seed_dataset: Path):
    st = dataset_stats(seed_dataset)
    st.top_indicators[0].name = "<script>alert(1)</script>"
    page = render_html(st)
    assert page.count("<svg") == 3
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "各二级指标的定量指标占比" in page and "数量指标" in page


def test_stats_library_and_suggest_commands(tmp_path: Path):
    src = tmp_path / "in"
    write_corpus(src, 30, layouts=TABLE_LAYOUTS, max_projects=2)
    out = tmp_path / "out"
    assert run_batch([src], out).succeeded == 30
    html = tmp_path / "stats.html"
    result = runner.invoke(app, ["stats", str(out), "--html", str(html), "-n", "5"])
    assert result.exit_code == 0, result.output
    assert "各二级指标的定量指标占比" in result.output and html.is_file()
    as_json = json.loads(runner.invoke(app, ["stats", str(out), "--json"]).output)
    assert as_json["documents"] == 30
    result = runner.invoke(app, ["library", str(out)])
    assert result.exit_code == 0 and (out / "library.json.gz").is_file()
    lib = build_library(out)
    assert load_library(out / "library.json.gz").to_dict()["entries"] == lib.to_dict()["entries"]
    result = runner.invoke(
        app, ["suggest", "农村公路养护工程 保障群众安全出行", "--dataset", str(out), "-k", "3",
              "--json"],
    )
    assert result.exit_code == 0, result.output
    proposals = json.loads(result.output)
    assert len(proposals) == 3 and all(p["name"] and p["score"] > 0 for p in proposals)
    result = runner.invoke(app, ["suggest", "公路"])
    assert result.exit_code == 2 and "二选一" in result.output
    result = runner.invoke(app, ["stats", str(tmp_path)])
    assert result.exit_code == 2 and "找不到数据表" in result.output
