"""Resource limits of the file readers: real zip bombs, too many pages, huge texts and files.

Each case builds the hostile input in the test (a workbook whose sheet XML inflates a
thousand-fold, a ZIP whose headers understate their sizes, a PDF of 1,001 pages, a
billion-laughs YAML …) and checks that the reader refuses it with the Chinese error that
names the limit and how to raise it, without crashing and without reading it all.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from jixiao.domain.errors import InputError
from jixiao.domain.model import SourceRef
from jixiao.domain.profile import ProfileError, load_profile
from jixiao.fuzz.mutate import pack_zip
from jixiao.fuzz.strategies import minimal_pdf
from jixiao.ingest.files import parse_document, read_document
from jixiao.ingest.limits import (
    LIMIT_KEYS,
    check_zip,
    default_limits,
    env_name,
    ingest_limits,
    run_isolated,
)
from jixiao.ingest.tabular import iter_rows
from jixiao.ingest.xlsx import read_spreadsheet

MB = 1024 * 1024
ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "seed" / "000_bf5cb89b1d3e99b6.txt"


@pytest.fixture(autouse=True)
def _no_limit_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in LIMIT_KEYS:
        monkeypatch.delenv(env_name(key), raising=False)


# ---------------------------------------------------------------- building hostile files

_CT = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
    'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)
_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WB = (
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WB_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def workbook(sheet_xml: bytes) -> bytes:
    """An .xlsx container around one worksheet's XML."""
    parts = [
        ("[Content_Types].xml", _CT.encode()),
        ("_rels/.rels", _RELS.encode()),
        ("xl/workbook.xml", _WB.encode()),
        ("xl/_rels/workbook.xml.rels", _WB_RELS.encode()),
        ("xl/worksheets/sheet1.xml", sheet_xml),
    ]
    return pack_zip(parts)


def ledger_sheet(padding: int = 0) -> bytes:
    """A small payments ledger sheet; ``padding`` bytes of white space inside it (a bomb)."""
    head = f'<?xml version="1.0"?><worksheet {_NS}><sheetData>'
    header = _cell("A1", "支付日期") + _cell("B1", "项目编码") + _cell("C1", "支付金额(元)")
    payment = _cell("A2", "2023-03-01") + _cell("B2", "103001001") + '<c r="C2"><v>500</v></c>'
    rows = f'<row r="1">{header}</row><row r="2">{payment}</row>'
    return (head + rows).encode() + b" " * padding + b"</sheetData></worksheet>"


def understate_sizes(data: bytes, entry: str, declared: int) -> bytes:
    """The ZIP with ``entry``'s uncompressed size rewritten to ``declared`` in both headers
    (a crafted bomb: the headers lie, the deflate stream is the real one)."""
    out = bytearray(data)
    name = entry.encode()
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as zf:
        info = zf.getinfo(entry)
    # local file header: uncompressed size at offset 22
    struct.pack_into("<I", out, info.header_offset + 22, declared)
    # central directory header: find it by its signature and the name after it
    at = out.find(b"PK\x01\x02")
    while at != -1:
        n_len = struct.unpack_from("<H", out, at + 28)[0]
        if bytes(out[at + 46 : at + 46 + n_len]) == name:
            struct.pack_into("<I", out, at + 24, declared)
            break
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


# ---------------------------------------------------------------- ZIP containers


def test_an_xlsx_zip_bomb_is_refused_by_its_compression_ratio(tmp_path: Path) -> None:
    # 40 MB of white space inside the sheet XML deflates to about 40 KB: ratio ≈ 1000:1
    bomb = tmp_path / "台账.xlsx"
    bomb.write_bytes(workbook(ledger_sheet(padding=40 * MB)))
    assert bomb.stat().st_size < 200_000
    with pytest.raises(InputError) as err:
        read_spreadsheet(bomb)
    message = str(err.value)
    assert "压缩炸弹" in message and "压缩比" in message
    assert "xl/worksheets/sheet1.xml" in message
    assert "[ingest] max_zip_ratio" in message and "JIXIAO_MAX_ZIP_RATIO" in message
    assert message.startswith("台账.xlsx: ")


def test_the_same_bomb_through_every_door(tmp_path: Path) -> None:
    bomb = tmp_path / "payments.xlsx"
    bomb.write_bytes(workbook(ledger_sheet(padding=40 * MB)))
    for read in (
        lambda: read_document(bomb),
        lambda: parse_document(bomb),
        lambda: list(iter_rows(bomb)),  # the payments ledger, progress and actuals reader
    ):
        with pytest.raises(InputError, match="压缩炸弹"):
            read()


def test_total_uncompressed_size_over_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIXIAO_MAX_UNZIPPED_MB", "2")
    # 3 MB of varied (barely compressible) cell text: the ratio is fine, the total is not
    import random

    rng = random.Random(7)
    text = "".join(rng.choice("预算绩效目标指标值") for _ in range(MB))  # 3 bytes each
    path = tmp_path / "big.xlsx"
    path.write_bytes(
        workbook(ledger_sheet().replace(b"</sheetData>", text.encode() + b"</sheetData>"))
    )
    with pytest.raises(InputError) as err:
        read_spreadsheet(path)
    assert "解压后共 3.0 MB, 超过上限 2.0 MB" in str(err.value)
    assert "JIXIAO_MAX_UNZIPPED_MB" in str(err.value)


def test_headers_that_understate_the_size_are_caught_while_inflating(tmp_path: Path) -> None:
    real = workbook(ledger_sheet(padding=3 * MB))  # ratio below the limit only if believed
    lying = understate_sizes(real, "xl/worksheets/sheet1.xml", 1000)
    path = tmp_path / "lying.xlsx"
    path.write_bytes(lying)
    with zipfile.ZipFile(path) as zf:  # the central directory now claims 1000 bytes
        assert zf.getinfo("xl/worksheets/sheet1.xml").file_size == 1000
    with pytest.raises(InputError) as err:
        check_zip(path, default_limits(), SourceRef(file=path.name))
    assert "实际解压大小超过其声明的 1000 字节" in str(err.value)
    with pytest.raises(InputError, match="压缩炸弹"):
        parse_document(path)


def test_too_many_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_MAX_ZIP_ENTRIES", "10")
    parts = [(f"xl/media/{i}.bin", b"x") for i in range(20)]
    path = tmp_path / "many.xlsx"
    path.write_bytes(pack_zip([("xl/workbook.xml", _WB.encode()), *parts]))
    with pytest.raises(InputError, match=r"压缩包内条目过多 \(21 个\), 超过上限 10 个"):
        parse_document(path)


def test_a_docx_zip_bomb_is_refused_before_python_docx_opens_it(tmp_path: Path) -> None:
    body = (
        (
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>总体目标</w:t></w:r></w:p>'
        ).encode()
        + b" " * (30 * MB)
        + b"</w:body></w:document>"
    )
    path = tmp_path / "bomb.docx"
    path.write_bytes(
        pack_zip(
            [
                (
                    "[Content_Types].xml",
                    b'<Types><Override PartName="/word/document.xml" '
                    b'ContentType="application/vnd.openxmlformats-officedocument.'
                    b'wordprocessingml.document.main+xml"/></Types>',
                ),
                ("word/document.xml", body),
            ]
        )
    )
    with pytest.raises(InputError, match=r"压缩炸弹.*word/document\.xml"):
        parse_document(path)


def test_a_worksheet_naming_a_far_away_cell_is_refused_not_aborted(tmp_path: Path) -> None:
    # calamine would allocate rows × columns (1048576 × 16384 cells, 550 GB) and abort
    sheet = (
        f'<worksheet {_NS}><sheetData><row r="1">{_cell("A1", "支付日期")}</row>'
        f'<row r="1048576">{_cell("XFD1048576", "x")}</row></sheetData></worksheet>'
    ).encode()
    path = tmp_path / "far.xlsx"
    path.write_bytes(workbook(sheet))
    with pytest.raises(InputError) as err:
        list(iter_rows(path))
    assert "工作表行数过多 (1048576 行), 超过上限 500000 行" in str(err.value)
    with pytest.raises(InputError, match="max_sheet_rows"):
        read_spreadsheet(path)


def test_sheet_cell_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_MAX_SHEET_CELLS", "100")
    sheet = (
        f'<worksheet {_NS}><sheetData><row r="1">{_cell("A1", "a")}</row>'
        f'<row r="20">{_cell("Z20", "z")}</row></sheetData></worksheet>'
    ).encode()
    path = tmp_path / "wide.xlsx"
    path.write_bytes(workbook(sheet))
    with pytest.raises(InputError) as err:
        read_spreadsheet(path)
    # rows 1..20 × columns A..Z = 20 × 26 = 520 cells > 100
    assert "20 行 × 26 列 = 520 个单元格" in str(err.value)
    assert "JIXIAO_MAX_SHEET_CELLS" in str(err.value)


def test_an_ordinary_workbook_passes_the_zip_checks() -> None:
    sample = ROOT / "tests" / "data" / "files" / "seed_sheets.xlsx"
    summary = check_zip(sample, default_limits(), SourceRef(file=sample.name))
    assert summary.entries > 5 and summary.uncompressed > summary.compressed
    assert all(rows > 0 and cols > 0 for rows, cols in summary.sheets.values())


# ---------------------------------------------------------------- PDF pages


def test_a_pdf_with_more_pages_than_the_limit(tmp_path: Path) -> None:
    page = b"BT /F1 12 Tf 72 700 Td (page) Tj ET"
    path = tmp_path / "long.pdf"
    path.write_bytes(minimal_pdf([page] * 1001))
    with pytest.raises(InputError) as err:
        parse_document(path)
    assert str(err.value) == (
        "long.pdf: PDF 页数过多 (1001 页), 超过上限 1000 页; "
        "如确需导入, 可在规则配置 [ingest] max_pdf_pages 或环境变量 JIXIAO_MAX_PDF_PAGES 中调高上限"
    )


def test_the_page_limit_comes_from_the_profile(tmp_path: Path) -> None:
    user = tmp_path / "province.toml"
    user.write_text('extends = "national"\n[ingest]\nmax_pdf_pages = 2\n', encoding="utf-8")
    profile = load_profile(user)
    path = tmp_path / "three.pdf"
    path.write_bytes(minimal_pdf([b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET"] * 3))
    with pytest.raises(InputError, match=r"PDF 页数过多 \(3 页\), 超过上限 2 页"):
        parse_document(path, profile)
    _sniffed, document = read_document(path)  # the national limit lets it through
    assert [b.text for b in document.texts] == ["Hello", "Hello", "Hello"]


def test_a_pdf_whose_streams_inflate_beyond_the_memory_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 100 MB of white space in a FlateDecode content stream: ~100 KB on disk
    content = zlib.compress(b"BT /F1 12 Tf 72 700 Td (x) Tj ET\n" + b" " * (100 * MB), 9)
    pdf = minimal_pdf([b"0 0 m 10 10 l S"])
    pdf = pdf.replace(
        b"<< /Length 15 >>\nstream\n0 0 m 10 10 l S",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content,
    )
    path = tmp_path / "inflate.pdf"
    path.write_bytes(pdf)
    monkeypatch.setenv("JIXIAO_CHILD_MEMORY_MB", "48")
    with pytest.raises(InputError) as err:
        read_document(path)
    assert "PDF 文件" in str(err.value) and "内存" in str(err.value)
    assert "child_memory_mb" in str(err.value)


# ---------------------------------------------------------------- text and file size


def test_a_huge_text_file_is_refused_before_parsing(tmp_path: Path) -> None:
    limit = default_limits().max_text_chars
    path = tmp_path / "huge.txt"
    path.write_text("项目名称 招商费用\n" * (limit // 10 + 1), encoding="utf-8")
    with pytest.raises(InputError) as err:
        parse_document(path)
    chars = (limit // 10 + 1) * 10
    assert f"文本过长 ({chars} 个字符), 超过上限 {limit} 个字符" in str(err.value)
    assert "JIXIAO_MAX_TEXT_CHARS" in str(err.value)


def test_the_running_text_of_a_document_is_limited_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIXIAO_MAX_TEXT_CHARS", "50")
    path = tmp_path / "page.html"
    path.write_text("<html><body><p>" + "总体绩效目标" * 20 + "</p></body></html>", "utf-8")
    with pytest.raises(InputError, match=r"文本过长 \(120 个字符\), 超过上限 50 个字符"):
        parse_document(path)


@pytest.mark.parametrize("name", ["big.pdf", "big.xlsx", "big.docx", "big.html", "big.txt"])
def test_an_oversize_file_is_refused_without_reading_it(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with path.open("wb") as fh:  # sparse: 51 MB on paper, nothing written
        fh.truncate(51 * MB)
    with pytest.raises(InputError) as err:
        parse_document(path)
    assert "文件过大 (51.0 MB), 超过上限 50.0 MB" in str(err.value)
    assert "[ingest] max_file_mb" in str(err.value) and "JIXIAO_MAX_FILE_MB" in str(err.value)


# ---------------------------------------------------------------- YAML inputs

LAUGHS = "\n".join(
    [
        "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
        *(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]"
            for i in range(8)
        ),
        "projects: *i",
        "",
    ]
)


def test_billion_laughs_in_actuals_and_progress(tmp_path: Path) -> None:
    from jixiao.evaluate.actuals import read_actuals
    from jixiao.ingest import parse_text
    from jixiao.monitor.progress import read_progress
    from jixiao.monitor.rules import rules_from_profile

    path = tmp_path / "laughs.yaml"
    path.write_text(LAUGHS, encoding="utf-8")  # 9^9 ≈ 387 million strings once expanded
    with pytest.raises(InputError, match=r"别名 \(alias\) 展开过多.*max_yaml_nodes"):
        read_actuals(path)
    plan = parse_text(SEED.read_text(encoding="utf-8"))
    with pytest.raises(InputError, match="别名"):
        read_progress(path, plan, rules_from_profile())


def test_deeply_nested_yaml(tmp_path: Path) -> None:
    from jixiao.evaluate.actuals import read_actuals

    path = tmp_path / "deep.yaml"
    path.write_text("projects: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="嵌套层次过深"):
        read_actuals(path)


# ---------------------------------------------------------------- settings and isolation


def test_limits_come_from_the_profile_then_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    national = ingest_limits(load_profile())
    assert national == default_limits()
    assert (national.max_file_mb, national.max_pdf_pages, national.max_zip_ratio) == (50, 1000, 250)
    user = tmp_path / "p.toml"
    user.write_text('extends = "national"\n[ingest]\nmax_pdf_pages = 3\n', encoding="utf-8")
    mine = ingest_limits(load_profile(user))
    assert mine.max_pdf_pages == 3 and mine.max_file_mb == 50  # the rest inherited
    monkeypatch.setenv("JIXIAO_MAX_PDF_PAGES", "7")
    assert ingest_limits(load_profile(user)).max_pdf_pages == 7  # the environment wins
    monkeypatch.setenv("JIXIAO_MAX_PDF_PAGES", "seven")
    with pytest.raises(InputError, match="环境变量 JIXIAO_MAX_PDF_PAGES 应为正数"):
        default_limits()


@pytest.mark.parametrize("value", ['"big"', "0", "-5", "2.5", "true"])
def test_a_bad_limit_in_a_profile_is_a_profile_error(tmp_path: Path, value: str) -> None:
    user = tmp_path / "bad.toml"
    user.write_text(f'extends = "national"\n[ingest]\nmax_pdf_pages = {value}\n', "utf-8")
    with pytest.raises(ProfileError, match=r"\[ingest\] max_pdf_pages 应为正"):
        ingest_limits(load_profile(user))


def test_a_reader_over_the_time_limit_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("JIXIAO_CHILD_TIMEOUT_S", "0.5")
    started = time.monotonic()
    with pytest.raises(InputError) as err:
        run_isolated(time.sleep, 30, where=SourceRef(file="slow.pdf"), what="PDF 文件")
    assert "读取PDF 文件超时 (超过 0.5 秒)" in str(err.value)
    assert "child_timeout_s" in str(err.value)
    assert time.monotonic() - started < 20  # the child was killed, not waited for


def test_the_command_line_shows_a_limit_as_one_chinese_line(tmp_path: Path) -> None:
    bomb = tmp_path / "payments.xlsx"
    bomb.write_bytes(workbook(ledger_sheet(padding=40 * MB)))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "jixiao",
            "monitor",
            str(SEED),
            "--payments",
            str(bomb),
            "--as-of",
            "2023-07-31",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert "payments.xlsx: 压缩文件解压后过大, 可能是压缩炸弹" in proc.stderr
    assert "Traceback" not in proc.stderr
