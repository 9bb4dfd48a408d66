"""``jixiao batch --recheck``: published self-evaluation forms rechecked in a batch.

The forms are the hand-made ones of ``tests/data/recheck/`` (their numbers are worked out by
hand in ``test_recheck_engine.py``: ``national_inflated`` has net inflation +5.15 from six
discrepancies, ``sichuan_10_90`` −2, ``national_money`` −10, ``national_clean`` and
``hubei_20`` none); the target tables are the seed document and a synthetic one. Expected
rankings are computed here from :func:`jixiao.recheck.recheck_file` directly.
"""

from __future__ import annotations

import csv
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.batch import (
    BatchError,
    BatchListener,
    Ledger,
    Status,
    content_hash,
    load_dataset,
    process_document,
    read_table,
    run_batch,
    table_rows,
)
from jixiao.batch.dataset import read_csv_rows
from jixiao.batch.executors import PoolExecutor
from jixiao.batch.rechecks import SUMMARY_FILE, is_self_evaluation
from jixiao.batch.schema import TABLES, columns
from jixiao.batch.synth import generate_document
from jixiao.batch.worker import DocumentResult
from jixiao.cli import app
from jixiao.domain.errors import InputError
from jixiao.recheck import FormRecheck, read_forms, recheck_file
from jixiao.recheck.summary import SUMMARY_COLUMNS, recheck_summary_rows

D = Decimal
ROOT = Path(__file__).resolve().parents[1]
FORMS = ROOT / "tests" / "data" / "recheck"
SEED = ROOT / "examples" / "seed" / "000_bf5cb89b1d3e99b6.txt"
FORM_FILES = (
    "national_inflated.txt",
    "national_inflated.xlsx",  # same form as a workbook: same inflation, ranked after the .txt
    "national_clean.txt",
    "sichuan_10_90.txt",
    "national_money.txt",
    "hubei_20.txt",
)
TARGET_FILES = ("seed.txt", "synthetic.txt")
runner = CliRunner()


def _collection(folder: Path) -> Path:
    """Six self-evaluation forms and two target tables (绩效目标表) in one folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in FORM_FILES:
        shutil.copyfile(FORMS / name, folder / name)
    shutil.copyfile(SEED, folder / "seed.txt")
    (folder / "synthetic.txt").write_text(generate_document(7).text, encoding="utf-8")
    return folder


def _direct(folder: Path) -> list[FormRecheck]:
    """What ``jixiao recheck`` finds in the form files, one call per file."""
    out: list[FormRecheck] = []
    for name in FORM_FILES:
        out.extend(recheck_file(folder / name))
    return out


# --- the worker -----------------------------------------------------------------------------


def test_target_table_is_read_as_a_form_but_is_no_self_evaluation() -> None:
    # the recheck reader finds an indicator table in the seed (no 实际完成值/得分 columns, no
    # money block, no 总分) and would report it as an "unfilled" form; the batch leaves it out
    forms = read_forms(SEED)
    assert forms and not any(is_self_evaluation(f) for f in forms)
    assert all(is_self_evaluation(f) for name in FORM_FILES for f in read_forms(FORMS / name))


def test_process_document_with_recheck_adds_one_row_per_form(tmp_path: Path) -> None:
    form = FORMS / "national_inflated.txt"
    r = process_document(form, "national", content_hash(form), recheck=True,
                         display="in/national_inflated.txt")
    assert r.status == Status.OK, r.error
    tables = json.loads(r.payload)
    assert r.counts["recheck"] == 1 and r.counts["projects"] == 1
    (row,) = tables["recheck"]
    assert (row["path"], row["file"], row["form"]) == (
        "in/national_inflated.txt", "national_inflated.txt", 1
    )
    # net 0.65 − 2 + 5 − 0.5 − 1 + 3 = 5.15 from six discrepancies, exact decimal text
    assert (row["inflation"], row["discrepancies"]) == ("5.150", 6)
    assert (row["published_total"], row["recomputed_total"]) == ("98.5", "93.35")
    assert row["n_rounded"] == 1 and row["n_total-not-sum"] == 1 and row["n_score-differs"] == 0
    assert row["doc_hash"] == r.doc_hash and row["location"] == "national_inflated.txt 第1行"
    seed = process_document(SEED, recheck=True)
    assert seed.status == Status.OK and json.loads(seed.payload)["recheck"] == []
    # without the flag nothing changes: no recheck table in the payload
    plain = process_document(form)
    assert "recheck" not in json.loads(plain.payload)


def test_a_file_no_reader_can_read_gives_no_recheck_rows(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x81\x7f\x81\x7f abc \xff\x7f" * 4)  # neither UTF-8 nor GB18030
    with pytest.raises(InputError):
        recheck_file(bad)
    r = process_document(bad, recheck=True)
    assert r.status == Status.ERROR  # the parser's error, as without --recheck
    assert json.loads(r.payload).get("recheck", []) == []


def test_a_crash_inside_the_recheck_is_the_documents_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    import jixiao.recheck.engine

    def boom(form: object, profile: object = None, **kw: object) -> None:
        raise ZeroDivisionError("division by zero in a form")

    monkeypatch.setattr(jixiao.recheck.engine, "recheck_form", boom)
    r = process_document(FORMS / "national_clean.txt", recheck=True)
    assert r.status == Status.CRASH and r.error_kind == "ZeroDivisionError"
    assert r.error == "复核自评表时出现异常 ZeroDivisionError: division by zero in a form"
    assert r.traceback and "boom" in r.traceback
    # what the parser found is kept (the document parsed; the recheck failed)
    assert r.meta["n_projects"] == 1 and json.loads(r.payload)["projects"]


# --- the batch --------------------------------------------------------------------------------


def test_recheck_table_has_one_row_per_form_and_none_from_target_tables(tmp_path: Path) -> None:
    src = _collection(tmp_path / "in")
    out = tmp_path / "out"
    report = run_batch([src], out, recheck=True)
    assert report.processed == len(FORM_FILES) + len(TARGET_FILES)
    direct = _direct(src)
    assert len(direct) == len(FORM_FILES)  # one form per file
    rows = table_rows(out, "recheck")
    assert report.dataset_rows["recheck"] == len(rows) == len(direct)
    assert report.recheck_forms == len(direct)
    by_path = {Path(r["path"]).name: r for r in rows}
    assert set(by_path) == set(FORM_FILES)  # the target tables contribute none
    for d in direct:
        row = by_path[d.form.file or ""]
        assert row["inflation"] == d.inflation  # exact decimals (decimal128, scale 10)
        assert (row["discrepancies"], row["profile"], row["status"]) == (
            len(d.discrepancies), d.profile_name, d.status
        )
        assert row["published_total"] == d.published_total
        assert row["recomputed_total"] == d.recomputed_total
    assert by_path["national_inflated.txt"]["inflation"] == D("5.15")
    assert by_path["hubei_20.txt"]["profile"] == "hubei"  # the template is detected per form
    assert by_path["sichuan_10_90.txt"]["profile"] == "sichuan"
    # schema: provenance, the summary columns without rank, the place; same in the CSV
    t = read_table(out, "recheck")
    expected = ["doc_hash", "path", *(k for k in SUMMARY_COLUMNS if k != "rank")]
    assert t.column_names[: len(expected)] == expected
    assert t.column_names == list(columns("recheck"))
    assert str(t.schema.field("inflation").type) == "decimal128(38, 10)"
    csv_rows = {Path(r["path"]).name: r for r in read_csv_rows(out, "recheck")}
    # the CSV keeps the decimal text as computed: 5.15 summed from 0.65 − 2 + 5 − 0.5 − 1 + 3
    assert csv_rows["national_inflated.txt"]["inflation"] == "5.150"
    assert csv_rows["national_money.txt"]["inflation"] == "-10"
    # the target tables are in the other tables as usual
    docs = {Path(r["path"]).name: r for r in table_rows(out, "documents")}
    assert docs["seed.txt"]["status"] == "ok" and docs["seed.txt"]["n_projects"] == 2
    assert set(load_dataset(out)) == {*TABLES, "recheck"}


def test_summary_csv_is_ranked_by_inflation_like_jixiao_recheck(tmp_path: Path) -> None:
    src = _collection(tmp_path / "in")
    out = tmp_path / "out"
    report = run_batch([src], out, recheck=True)
    with open(out / SUMMARY_FILE, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames
        rows = list(reader)
    assert header == list(SUMMARY_COLUMNS)
    assert [r["rank"] for r in rows] == [str(n) for n in range(1, len(FORM_FILES) + 1)]
    # expected order from recheck_file itself: net inflation, then discrepancies, descending
    direct = _direct(src)
    order = sorted(direct, key=lambda d: (-d.inflation, -len(d.discrepancies), d.form.file))
    assert [Path(r["file"]).name for r in rows] == [d.form.file for d in order]
    assert Path(rows[0]["file"]).name == "national_inflated.txt"
    assert (rows[0]["inflation"], rows[0]["discrepancies"]) == ("5.15", "6")
    assert [r["inflation"] for r in rows] == ["5.15", "5.15", "0", "0", "-2", "-10"]
    assert rows[0]["file"] == str(src / "national_inflated.txt")  # the path as given
    # every other column exactly as `jixiao recheck --summary-csv` writes it
    theirs = recheck_summary_rows(direct)
    for mine, ref in zip(rows, theirs, strict=True):
        assert {k: v for k, v in mine.items() if k != "file"} == {
            k: str(v) for k, v in ref.items() if k != "file"
        }
    # the run report carries the top rows
    assert report.recheck_top[0]["file"] == str(src / "national_inflated.txt")
    assert len(report.recheck_top) == len(FORM_FILES)  # fewer than the default top 10
    text = (out / "runs" / f"{report.run_id}.txt").read_text(encoding="utf-8")
    assert f"共 {len(FORM_FILES)} 张自评表" in text and "净虚增 5.15 分, 差异 6 处" in text


class _StopAfter(BatchListener):
    def __init__(self, n: int):
        self.n = n
        self.seen: list[str] = []

    def document_done(self, result: DocumentResult) -> None:
        self.seen.append(result.doc_hash)
        if len(self.seen) == self.n:
            raise KeyboardInterrupt


def test_resuming_a_recheck_batch_does_not_redo_work(tmp_path: Path) -> None:
    src = _collection(tmp_path / "in")
    out = tmp_path / "out"
    total = len(FORM_FILES) + len(TARGET_FILES)
    first = run_batch([src], out, recheck=True, listener=_StopAfter(3))
    assert first.interrupted and first.processed == 3
    assert not (out / SUMMARY_FILE).exists()  # written with the dataset, at the end
    ledger = Ledger(out)
    stamps = {h: e.file.stat().st_mtime_ns for h, e in ledger.scan().items()}
    second = run_batch([src], out, recheck=True)
    # a document the parser could not read (the workbook, while the parser reads only text)
    # is a failure of its own: skipped as well, its recheck rows kept
    assert (second.already_done + second.skipped_failed, second.processed) == (3, total - 3)
    assert {h: ledger.scan()[h].file.stat().st_mtime_ns for h in stamps} == stamps
    assert second.recheck_forms == len(FORM_FILES)
    summary = (out / SUMMARY_FILE).read_bytes()
    third = run_batch([src], out, recheck=True)
    assert (third.already_done + third.skipped_failed, third.processed) == (total, 0)
    assert third.recheck_forms == len(FORM_FILES)
    assert (out / SUMMARY_FILE).read_bytes() == summary
    assert len(table_rows(out, "recheck")) == len(FORM_FILES)


def test_the_recheck_setting_belongs_to_the_output_folder(tmp_path: Path) -> None:
    src = _collection(tmp_path / "in")
    plain = tmp_path / "plain"
    run_batch([src], plain)
    # a folder made without --recheck has no recheck rows for its documents: refused
    with pytest.raises(BatchError, match="不带 --recheck 生成的"):
        run_batch([src], plain, recheck=True)
    rechecked = tmp_path / "rechecked"
    run_batch([src], rechecked, recheck=True)
    with pytest.raises(BatchError, match="请同样加 --recheck"):
        run_batch([src], rechecked)
    with pytest.raises(BatchError, match=r"复核规则是 按模板自动识别.*national"):
        run_batch([src], rechecked, recheck_profile="national")
    # --fresh starts over with the new setting
    again = run_batch([src], plain, recheck=True, fresh=True)
    assert again.processed == len(FORM_FILES) + len(TARGET_FILES)
    assert again.recheck_forms == len(FORM_FILES)
    settings = json.loads((plain / "batch.json").read_text(encoding="utf-8"))
    assert (settings["recheck"], settings["recheck_profile"]) == (True, None)


def test_default_batch_writes_no_recheck_table(tmp_path: Path) -> None:
    src = _collection(tmp_path / "in")
    out = tmp_path / "out"
    report = run_batch([src], out)
    assert set(report.dataset_rows) == set(TABLES) and not report.recheck
    assert not (out / "recheck.parquet").exists() and not (out / SUMMARY_FILE).exists()
    assert set(load_dataset(out)) == set(TABLES)
    with pytest.raises(InputError, match="只有加 --recheck 的批处理才生成 recheck 表"):
        read_table(out, "recheck")
    assert json.loads((out / "batch.json").read_text(encoding="utf-8"))["recheck"] is False


def test_forced_recheck_profile_applies_to_every_form(tmp_path: Path) -> None:
    src = _collection(tmp_path / "in")
    out = tmp_path / "out"
    report = run_batch([src], out, recheck_profile="national")  # implies --recheck
    assert report.recheck and report.recheck_profile == "national"
    rows = {Path(r["path"]).name: r for r in table_rows(out, "recheck")}
    assert {r["profile"] for r in rows.values()} == {"national"}
    forced = recheck_file(src / "hubei_20.txt", "national")[0]
    assert rows["hubei_20.txt"]["inflation"] == forced.inflation
    with pytest.raises(BatchError, match="无法加载规则配置"):
        run_batch([src], tmp_path / "other", recheck_profile="no-such-profile")


def test_worker_processes_give_the_same_recheck_table(tmp_path: Path) -> None:
    src = _collection(tmp_path / "in")
    run_batch([src], tmp_path / "serial", recheck=True)
    run_batch([src], tmp_path / "pool", recheck=True, executor=PoolExecutor(2))
    keep = list(columns("recheck"))
    assert table_rows(tmp_path / "pool", "recheck", keep) == table_rows(
        tmp_path / "serial", "recheck", keep
    )
    assert (tmp_path / "pool" / SUMMARY_FILE).read_bytes() == (
        tmp_path / "serial" / SUMMARY_FILE
    ).read_bytes()


# --- the commands -----------------------------------------------------------------------------


def test_cli_batch_recheck_and_stats_print_the_ranking(tmp_path: Path) -> None:
    src = _collection(tmp_path / "in")
    out = tmp_path / "out"
    wide = {"COLUMNS": "160"}  # the reasons column is shown from 120 columns on
    result = runner.invoke(app, ["batch", str(src), "-o", str(out), "-q", "--recheck",
                                 "--top", "2"], env=wide)
    assert result.exit_code in (0, 1), result.output  # 1: a workbook the parser cannot read
    assert "Traceback" not in result.output
    assert f"共 {len(FORM_FILES)} 张自评表" in result.output
    assert "自评表按净虚增分排序 (前 2 / 6)" in result.output
    ranking = result.output.split("自评表按净虚增分排序")[1]
    first = next(line for line in ranking.splitlines() if "│    1 │" in line)
    assert "national_inflated.txt" in first and "5.15" in first
    assert "rounded×1" in first and "total-not-sum×1" in ranking  # reasons wrap in their cell
    assert "national_money" not in ranking
    # the same folder resumed without --recheck: a Chinese one-line error, exit code 2
    refused = runner.invoke(app, ["batch", str(src), "-o", str(out), "-q"])
    assert refused.exit_code == 2 and "请同样加 --recheck" in refused.output
    assert "Traceback" not in refused.output
    stats = runner.invoke(app, ["stats", str(out), "-n", "3", "--html",
                                str(tmp_path / "s.html")], env=wide)
    assert stats.exit_code == 0, stats.output
    assert "自评表按净虚增分排序 (前 3 / 6" in stats.output
    assert "national_inflated.txt" in stats.output
    narrow = runner.invoke(app, ["stats", str(out), "-n", "3"], env={"COLUMNS": "80"})
    assert "差异原因" not in narrow.output and "净虚增分" in narrow.output
    html = (tmp_path / "s.html").read_text(encoding="utf-8")
    assert "自评表复核: 按净虚增分排序 (前 3 / 6)" in html and "社区养老服务补助" in html
    as_json = runner.invoke(app, ["stats", str(out), "--json"])
    data = json.loads(as_json.stdout)
    assert data["recheck"]["forms"] == 6
    assert [r["inflation"] for r in data["recheck"]["top"]] == [
        "5.15", "5.15", "0", "0", "-2", "-10"
    ]
    plain = tmp_path / "plain"
    runner.invoke(app, ["batch", str(src), "-o", str(plain), "-q"])
    no_recheck = runner.invoke(app, ["stats", str(plain)])
    assert no_recheck.exit_code == 0 and "净虚增分" not in no_recheck.output
    assert json.loads(runner.invoke(app, ["stats", str(plain), "--json"]).stdout)[
        "recheck"
    ] is None
