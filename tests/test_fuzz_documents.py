"""Short fuzz run of the file readers (PDF, Excel, Word, HTML), in CI.

Each reader gets mutated samples of ``tests/data/files`` (inside the ZIP parts of .xlsx and
.docx, inside the inflated content streams of PDFs, bytes of .xls, characters of HTML) and
generated files (workbooks with far-away cells and impossible merges, Word tables with spans
that do not add up, PDFs of ruled tables cut over pages, pages of nested tables). The only
acceptable outcomes are a Plan and an InputError; a bug of jixiao's own code that a reader
turned into "文件已损坏" is a failure too (``masked``). The long run is
``jixiao fuzz pdf xlsx xls docx html``.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from jixiao.fuzz import execute, get_target
from jixiao.fuzz.corpus import Corpus
from jixiao.fuzz.known import assert_acceptable
from jixiao.fuzz.strategies import minimal_pdf

CORPUS = Corpus.default()
CI = settings(
    max_examples=50,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@CI
@given(get_target("pdf").inputs(CORPUS))
def test_pdf(data: bytes) -> None:
    assert_acceptable(get_target("pdf"), data)


@CI
@given(get_target("xlsx").inputs(CORPUS))
def test_xlsx(data: bytes) -> None:
    assert_acceptable(get_target("xlsx"), data)


@CI
@given(get_target("xls").inputs(CORPUS))
def test_xls(data: bytes) -> None:
    assert_acceptable(get_target("xls"), data)


@CI
@given(get_target("docx").inputs(CORPUS))
def test_docx(data: bytes) -> None:
    assert_acceptable(get_target("docx"), data)


@CI
@given(get_target("html").inputs(CORPUS))
def test_html(data: bytes) -> None:
    assert_acceptable(get_target("html"), data)


@pytest.mark.parametrize("name", ["pdf", "xlsx", "xls", "docx", "html"])
def test_every_document_target_has_samples_to_mutate(name: str) -> None:
    suffixes = {"pdf": (".pdf",), "xlsx": (".xlsx",), "xls": (".xls",), "docx": (".docx",),
                "html": (".html",)}  # fmt: skip
    assert len(CORPUS.by_suffix(*suffixes[name])) >= 2


def test_a_generated_ruled_table_is_read_as_a_grid() -> None:
    import tempfile
    from pathlib import Path

    from jixiao.ingest.pdf import read_pdf

    # a 2 × 2 ruled table: the generator's PDFs are real tables, not just bytes
    content = (
        b"0.5 w "
        + b" ".join(b"%d 700 m %d 660 l S" % (x, x) for x in (50, 150, 250))
        + b" "
        + b" ".join(b"50 %d m 250 %d l S" % (y, y) for y in (700, 680, 660))
    )
    content += b" BT /F1 9 Tf 55 688 Td (Level) Tj ET BT /F1 9 Tf 155 688 Td (Value) Tj ET"
    content += b" BT /F1 9 Tf 55 668 Td (output) Tj ET BT /F1 9 Tf 155 668 Td (90) Tj ET"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.pdf"
        path.write_bytes(minimal_pdf([content]))
        (grid,) = read_pdf(path).grids
    assert grid.texts() == [["Level", "Value"], ["output", "90"]]
    assert execute(get_target("pdf"), minimal_pdf([content])) is None
