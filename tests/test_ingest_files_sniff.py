"""Picking the reader by content, and refusing what cannot be read (文件类型识别与错误).

Each broken sample must give an InputError whose Chinese message names the file and says
why (encrypted, damaged, empty, scanned, too large, not a document) — never a traceback
from a library.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from file_samples import FILES
from jixiao.domain.errors import InputError
from jixiao.ingest.files import parse_document, read_document
from jixiao.ingest.sniff import DEFAULT_MAX_BYTES, FileKind, max_bytes_setting, sniff


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("seed_lo.pdf", FileKind.PDF),
        ("seed_sheets.xlsx", FileKind.XLSX),
        ("seed.xls", FileKind.XLS),
        ("seed.docx", FileKind.DOCX),
        ("seed.html", FileKind.HTML),
        ("seed_gov.html", FileKind.HTML),
    ],
)
def test_kind_by_content(name: str, kind: FileKind) -> None:
    found = sniff(FILES / name)
    assert found.kind is kind
    assert not found.mislabelled
    assert found.size == (FILES / name).stat().st_size


@pytest.mark.parametrize(
    ("name", "kind", "declared"),
    [
        ("really_xlsx.pdf", FileKind.XLSX, FileKind.PDF),
        ("really_html.xls", FileKind.HTML, FileKind.XLS),
        ("really_docx.xlsx", FileKind.DOCX, FileKind.XLSX),
    ],
)
def test_mislabelled_file_is_read_by_what_it_is(
    name: str, kind: FileKind, declared: FileKind
) -> None:
    found, document = read_document(FILES / name)
    assert (found.kind, found.declared, found.mislabelled) == (kind, declared, True)
    assert len(document.grids) == 2
    # the cells name the file as given, whatever its extension
    assert {c.source.file for g in document.grids for c in g.cells()} == {name}


def test_image_with_a_spreadsheet_name_is_refused_saying_what_it_is() -> None:
    with pytest.raises(InputError) as err:
        parse_document(FILES / "really_png.xlsx")
    assert "PNG 图片" in str(err.value) and "OCR" in str(err.value)
    assert err.value.source is not None and err.value.source.file == "really_png.xlsx"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("encrypted.pdf", ["加密", "密码"]),
        ("truncated.pdf", ["损坏"]),
        ("garbage.pdf", ["损坏"]),
        ("empty.pdf", ["为空"]),
        ("scanned.pdf", ["扫描件", "OCR"]),
        ("truncated.xlsx", ["损坏"]),
        ("damaged.docx", ["损坏"]),
        ("blank.xlsx", ["没有任何内容"]),
    ],
)
def test_broken_samples_give_clear_errors(name: str, words: list[str]) -> None:
    with pytest.raises(InputError) as err:
        parse_document(FILES / name)
    message = str(err.value)
    assert message.startswith(name)  # where: the file
    for w in words:  # why
        assert w in message
    assert "Traceback" not in message


def test_encrypted_pdf_is_really_encrypted() -> None:
    head = (FILES / "encrypted.pdf").read_bytes()
    assert b"/Encrypt" in head


def test_scanned_pdf_has_an_image_and_no_text() -> None:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(FILES / "scanned.pdf"))
    page = doc[0]
    assert page.get_textpage().get_text_range() == ""
    assert len(list(page.get_objects())) == 1
    doc.close()


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    size = (FILES / "seed.html").stat().st_size
    with pytest.raises(InputError) as err:
        parse_document(FILES / "seed.html", max_bytes=size - 1)
    assert "文件过大" in str(err.value) and "JIXIAO_MAX_FILE_MB" in str(err.value)
    assert sniff(FILES / "seed.html", max_bytes=size).kind is FileKind.HTML


def test_size_limit_from_environment_and_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JIXIAO_MAX_FILE_MB", raising=False)
    assert max_bytes_setting() == DEFAULT_MAX_BYTES == 50 * 1024 * 1024
    assert max_bytes_setting(profile_mb=2) == 2 * 1024 * 1024
    monkeypatch.setenv("JIXIAO_MAX_FILE_MB", "0.001")
    assert max_bytes_setting(profile_mb=2) == 1048  # the environment wins over the profile
    with pytest.raises(InputError, match="文件过大"):
        sniff(FILES / "seed.html")
    monkeypatch.setenv("JIXIAO_MAX_FILE_MB", "lots")
    with pytest.raises(InputError, match="JIXIAO_MAX_FILE_MB"):
        sniff(FILES / "seed.html")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="文件不存在"):
        parse_document(tmp_path / "nope.pdf")
    with pytest.raises(InputError, match="文件夹"):
        parse_document(tmp_path)


def test_whitespace_only_file(tmp_path: Path) -> None:
    f = tmp_path / "blank.txt"
    f.write_bytes(b"\n \r\n\t\n")
    with pytest.raises(InputError, match="为空"):
        parse_document(f)


def _ole2(tmp_path: Path, name: str, streams: list[str]) -> Path:
    """A minimal OLE2 header followed by directory entry names (what the sniffer reads)."""
    body = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    for s in streams:
        body += s.encode("utf-16-le") + b"\x00" * (128 - 2 * len(s))
    f = tmp_path / name
    f.write_bytes(body)
    return f


def test_ole2_files_are_told_apart(tmp_path: Path) -> None:
    enc = _ole2(tmp_path, "locked.xlsx", ["EncryptionInfo", "EncryptedPackage"])
    with pytest.raises(InputError, match="已加密"):
        sniff(enc)
    doc = _ole2(tmp_path, "old.doc", ["WordDocument", "1Table"])
    with pytest.raises(InputError, match=r"\.doc"):
        sniff(doc)
    assert sniff(_ole2(tmp_path, "book.xls", ["Workbook"])).kind is FileKind.XLS
    with pytest.raises(InputError, match=r"损坏|无法"):
        parse_document(_ole2(tmp_path, "broken.xls", ["Workbook"]))


def test_zip_that_is_not_office(tmp_path: Path) -> None:
    f = tmp_path / "bundle.xlsx"
    with zipfile.ZipFile(f, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(InputError, match="ZIP 压缩包"):
        sniff(f)


def test_binary_noise_is_not_text(tmp_path: Path) -> None:
    f = tmp_path / "noise.txt"
    f.write_bytes(bytes(range(1, 32)) * 40)
    with pytest.raises(InputError, match="无法识别"):
        sniff(f)


def test_html_without_extension_and_text_mentioning_a_tag(tmp_path: Path) -> None:
    page = tmp_path / "download"
    page.write_text("<html><body><table><tr><td>a</td><td>b</td></tr></table></body></html>")
    assert sniff(page).kind is FileKind.HTML
    note = tmp_path / "note.txt"
    note.write_text("表格中的 <p> 标记不是网页\n第二行", encoding="utf-8")
    assert sniff(note).kind is FileKind.TEXT


def test_gbk_text_file_is_text(tmp_path: Path) -> None:
    f = tmp_path / "gbk.txt"
    f.write_bytes("项目编码 103001001\n预算项目名称 招商费用\n".encode("gbk"))
    found, document = read_document(f)
    assert found.kind is FileKind.TEXT
    assert document.texts[0].text.startswith("项目编码 103001001")
