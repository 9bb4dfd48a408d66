"""The fuzzing machinery itself: verdicts, signatures, mutators, the supervised run, the CLI.

A fuzzer that cannot see a crash finds none; these tests plant crashes, hangs, masked
errors and native aborts in fake targets and check that each is seen, classified, saved
and minimised.
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import strategies as st

from jixiao.domain.errors import InputError
from jixiao.domain.money import MoneyUnit
from jixiao.fuzz import TARGETS, execute, get_target
from jixiao.fuzz.harness import Failure
from jixiao.fuzz.known import KNOWN, KnownFailure, assert_acceptable
from jixiao.fuzz.mutate import (
    inflate_pdf,
    mutate_bytes,
    mutate_text,
    mutate_tree,
    mutate_zip,
    pack_zip,
)
from jixiao.fuzz.runner import _ddmin, fuzz, minimize, run_worker
from jixiao.fuzz.targets import FuzzTarget

ROOT = Path(__file__).resolve().parent.parent
FILES = ROOT / "tests" / "data" / "files"


def fake(run: Callable[[bytes], object], budget: float = 2.0) -> FuzzTarget:
    return FuzzTarget("fake", "测试用目标", run, lambda c: st.binary(max_size=20), budget, ".bin")


# ---------------------------------------------------------------- verdicts


def test_a_result_and_a_clear_error_are_acceptable() -> None:
    assert execute(fake(lambda d: 42), b"x") is None
    assert execute(fake(lambda d: (_ for _ in ()).throw(InputError("文件已损坏"))), b"x") is None


def test_an_unexpected_exception_is_a_crash_with_its_place() -> None:
    def run(data: bytes) -> object:
        return MoneyUnit.parse(data.decode())  # raises ValueError inside jixiao's code

    failure = execute(fake(run), "斤".encode())
    assert failure is not None
    assert (failure.kind, failure.exception) == ("crash", "ValueError")
    assert failure.module == "domain/money.py" and " in parse" in failure.location
    assert not failure.editable  # domain/money.py is not one of the fuzzing owner's files


def test_an_error_without_a_message_is_not_clear() -> None:
    def run(data: bytes) -> object:
        raise InputError("  ")

    failure = execute(fake(run), b"x")
    assert failure is not None and failure.kind == "bad-error"


def test_a_slow_input_is_a_hang_and_is_interrupted() -> None:
    started = time.monotonic()
    failure = execute(fake(lambda d: time.sleep(30), budget=0.3), b"x")
    assert failure is not None and failure.kind == "hang"
    assert time.monotonic() - started < 5


def test_a_hang_cannot_be_swallowed_by_except_exception() -> None:
    def stubborn(data: bytes) -> object:
        try:
            time.sleep(30)
        except Exception:
            return "swallowed"
        return None

    failure = execute(fake(stubborn, budget=0.3), b"x")
    assert failure is not None and failure.kind == "hang"


def test_our_bug_shown_as_a_damaged_file_is_reported_as_masked() -> None:
    def run(data: bytes) -> object:
        try:
            MoneyUnit.parse("斤")
        except ValueError as exc:
            raise InputError("PDF 文件内容已损坏或格式异常, 无法读取 (ValueError)") from exc
        return None

    failure = execute(fake(run), b"x")
    assert failure is not None and failure.kind == "masked"
    assert failure.exception == "ValueError" and failure.module == "domain/money.py"


def test_a_library_refusing_a_damaged_file_is_fine() -> None:
    import zlib

    def run(data: bytes) -> object:
        try:
            zlib.decompress(b"not deflate")
        except zlib.error as exc:
            raise InputError("Word 文档内容已损坏或格式异常, 无法读取 (error)") from exc
        return None

    assert execute(fake(run), b"x") is None


def test_masked_errors_are_seen_through_the_isolated_child() -> None:
    # the reader's bug happens in the child process; the cause travels back with its place
    from jixiao.domain.model import SourceRef
    from jixiao.ingest.limits import ChildError, run_isolated

    def reader() -> None:
        MoneyUnit.parse("斤")

    with pytest.raises(InputError) as err:
        run_isolated(reader, where=SourceRef(file="x.pdf"), what="PDF 文件")
    cause = err.value.__cause__
    assert isinstance(cause, ChildError) and cause.ours
    assert cause.location.startswith("domain/money.py:")

    def run(data: bytes) -> object:
        return run_isolated(reader, where=SourceRef(file="x.pdf"), what="PDF 文件")

    failure = execute(fake(run), b"x")
    assert failure is not None and failure.kind == "masked"


def test_signatures_group_one_bug_whatever_the_input() -> None:
    def run(data: bytes) -> object:
        return [][len(data)]

    a, b = execute(fake(run), b"a"), execute(fake(run), b"bbbbbb")
    assert a is not None and b is not None
    assert a.signature == b.signature and len(a.signature) == 12
    other = execute(fake(lambda d: {}["k"]), b"a")
    assert other is not None and other.signature != a.signature


def test_known_failures_are_matched_by_module_function_and_type() -> None:
    failure = Failure("crash", "ValueError", "x", "domain/money.py:40 in parse", "")
    k = KnownFailure("fake", "domain/money.py", "parse", "ValueError", "…", "斤")
    assert k.matches(failure)
    assert not k.matches(Failure("crash", "KeyError", "x", "domain/money.py:40 in parse", ""))
    for entry in KNOWN:  # every handed-over failure names a real target and an example
        assert entry.target in (*TARGETS, "*") and entry.example and entry.module.endswith(".py")


def test_assert_acceptable_keeps_the_failing_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIXIAO_FUZZ_SAVE", str(tmp_path))
    with pytest.raises(AssertionError, match="crash IndexError"):
        assert_acceptable(fake(lambda d: [][1]), b"boom")
    (saved,) = tmp_path.iterdir()
    assert saved.read_bytes() == b"boom" and saved.name.startswith("fake-")


# ---------------------------------------------------------------- mutators


def test_mutators_are_deterministic_for_a_seed() -> None:
    data = (FILES / "seed.html").read_bytes()
    assert mutate_bytes(random.Random(3), data) == mutate_bytes(random.Random(3), data)
    text = "一级指标 二级指标 三级指标 指标值\n产出指标 数量指标 签约项目 ≥15个"
    assert mutate_text(random.Random(5), text, tokens=["≥"]) == mutate_text(
        random.Random(5), text, tokens=["≥"]
    )
    outputs = {mutate_text(random.Random(s), text, tokens=["≥"]) for s in range(50)}
    assert len(outputs) > 40  # and different seeds give different inputs


def test_zip_mutation_keeps_a_valid_container_and_changes_a_part() -> None:
    data = (FILES / "seed_sheets.xlsx").read_bytes()
    changed = 0
    for s in range(30):
        out = mutate_zip(random.Random(s), data, text_tokens=["<row>"])
        try:
            with zipfile.ZipFile(io.BytesIO(out)) as zf:
                assert zf.testzip() is None  # checksums are right: the XML is what changed
                changed += 1
        except zipfile.BadZipFile:
            pass  # one time in eight the container itself is damaged, on purpose
    assert changed >= 20


def test_pdf_streams_are_inflated_for_mutation() -> None:
    import pypdfium2 as pdfium

    data = (FILES / "seed_lo.pdf").read_bytes()
    inflated = inflate_pdf(data)
    assert len(inflated) > len(data) and b"/FlateDecode" in data
    doc = pdfium.PdfDocument(inflated)  # still a PDF the readers open
    assert len(doc) == len(pdfium.PdfDocument(data))
    doc.close()


def test_tree_mutation_edits_a_copy() -> None:
    tree = {"projects": [{"code": "103001001", "funds": {"total": {"amount": 150}}}]}
    before = json.dumps(tree)
    edited = [mutate_tree(random.Random(s), tree, keys=["amount"]) for s in range(40)]
    assert json.dumps(tree) == before
    assert sum(1 for e in edited if e != tree) >= 30


def test_ddmin_finds_the_smallest_failing_part() -> None:
    data = b"".join(b"line %d\n" % i for i in range(200)).replace(b"line 137", b"line BOOM")
    small = _ddmin(data, lambda d: b"BOOM" in d, time.time() + 30, "line")
    assert small == b"line BOOM\n"
    assert _ddmin(small, lambda d: b"BOOM" in d, time.time() + 30, "char") == b"BOOM"


# ---------------------------------------------------------------- runs


def test_the_worker_runs_counts_and_saves_failures(tmp_path: Path) -> None:
    def run(data: bytes) -> object:
        if b"\x07" in data:
            raise ZeroDivisionError("planted")
        return None

    target = FuzzTarget(
        "fake", "测试", run, lambda c: st.binary(min_size=1, max_size=8), 2.0, ".bin"
    )
    seen: list[Failure] = []
    n = run_worker(
        target,
        seed=1,
        start_batch=0,
        count=300,
        deadline=time.time() + 120,
        out=tmp_path,
        record=None,
        on_failure=lambda f, d: seen.append(f),
    )
    assert n == 300
    assert seen and all(f.exception == "ZeroDivisionError" for f in seen)
    lines = (tmp_path / "failures.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(seen)
    sig = seen[0].signature
    saved = (tmp_path / f"{sig}.input").read_bytes()
    sizes = [json.loads(x)["size"] for x in lines if json.loads(x)["signature"] == sig]
    assert b"\x07" in saved and len(saved) == min(sizes)  # the smallest failing input kept
    assert minimize(target, saved, sig, 10) == b"\x07"


def test_the_supervised_run_of_a_real_target(tmp_path: Path) -> None:
    report = fuzz("value", count=40, seconds=120, seed=3, out_dir=tmp_path, memory_mb=3072)
    assert report.tried == 40 and report.restarts == 0
    assert report.failing_inputs == 0 and report.unique == 0


def test_the_command_line(tmp_path: Path) -> None:
    listing = subprocess.run(
        [sys.executable, "-m", "jixiao", "fuzz", "--list"], capture_output=True, text=True,
        timeout=60, check=True,
    )  # fmt: skip
    for name in TARGETS:
        assert name in listing.stdout
    run = subprocess.run(
        [sys.executable, "-m", "jixiao", "fuzz", "value-columns", "--count", "25", "--seed", "4",
         "--out", str(tmp_path), "--minimize-seconds", "0"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "value-columns: 25 个输入, 0 个失败输入" in run.stdout
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    (entry,) = summary["targets"]
    assert (entry["target"], entry["seed"], entry["tried"], entry["unique"]) == (
        "value-columns",
        4,
        25,
        0,
    )
    bad = subprocess.run(
        [sys.executable, "-m", "jixiao", "fuzz", "nonsense"], capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert bad.returncode == 2 and "没有名为 'nonsense' 的模糊测试目标" in bad.stderr


def test_every_target_has_inputs_and_a_budget() -> None:
    from jixiao.fuzz.corpus import Corpus

    corpus = Corpus.default()
    for target in TARGETS.values():
        assert target.budget_s > 0 and target.suffix.startswith(".")
        strategy = target.inputs(corpus)
        assert strategy is not None
    assert get_target("pdf").suffix == ".pdf"
    with pytest.raises(KeyError, match="可用"):
        get_target("nope")


def test_a_small_zip_is_packed_with_valid_checksums() -> None:
    data = pack_zip([("a.xml", b"<a/>"), ("b.xml", b"<b/>")])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.read("a.xml") == b"<a/>" and zf.testzip() is None
