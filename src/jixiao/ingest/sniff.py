"""Which reader a file needs, decided by its content (文件类型识别).

The file name's extension is only a hint: a spreadsheet saved as ``.pdf`` or a web page
saved as ``.xls`` (a habit of some report systems) is read as what it really is. The
decision looks at the first bytes (PDF header, ZIP and OLE2 containers, HTML tags) and,
for ZIP containers, at the entries inside (``word/`` → Word, ``xl/`` → Excel).

Files larger than the limit are refused before they are read: the keyword argument, else
the environment variable ``JIXIAO_MAX_FILE_MB``, else the rule profile's ``[ingest]
max_file_mb`` (the national profile's 50 MB by default; see :mod:`jixiao.ingest.limits`).
"""

from __future__ import annotations

import codecs
import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from jixiao.domain.errors import InputError
from jixiao.domain.model import SourceRef
from jixiao.ingest.limits import check_file_size, default_limits

_HEAD_BYTES = 8192


def __getattr__(name: str) -> Any:
    if name == "DEFAULT_MAX_BYTES":  # the national profile's [ingest] max_file_mb, in bytes
        from jixiao.ingest.limits import _bundled_defaults

        return _bundled_defaults().max_file_bytes
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_HTML_HINT = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|table|meta|title|div|p|tr|td)[\s>/]",
    re.IGNORECASE,
)


class FileKind(StrEnum):
    """The kinds of document the ingesters read (文件类型)."""

    PDF = "pdf"
    XLSX = "xlsx"
    XLS = "xls"
    ODS = "ods"
    DOCX = "docx"
    HTML = "html"
    TEXT = "text"


KIND_NAMES: dict[FileKind, str] = {
    FileKind.PDF: "PDF 文件",
    FileKind.XLSX: "Excel 工作簿 (.xlsx)",
    FileKind.XLS: "Excel 97-2003 工作簿 (.xls)",
    FileKind.ODS: "OpenDocument 电子表格 (.ods)",
    FileKind.DOCX: "Word 文档 (.docx)",
    FileKind.HTML: "网页 (HTML)",
    FileKind.TEXT: "文本文件",
}

_SUFFIX_KIND: dict[str, FileKind] = {
    ".pdf": FileKind.PDF,
    ".xlsx": FileKind.XLSX,
    ".xlsm": FileKind.XLSX,
    ".xls": FileKind.XLS,
    ".ods": FileKind.ODS,
    ".docx": FileKind.DOCX,
    ".html": FileKind.HTML,
    ".htm": FileKind.HTML,
    ".shtml": FileKind.HTML,
    ".txt": FileKind.TEXT,
    ".text": FileKind.TEXT,
    ".md": FileKind.TEXT,
}

#: File name endings of the documents :func:`jixiao.ingest.parse_file` reads (the reader is
#: still chosen by content; this list is for upload forms and file pickers).
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(sorted(_SUFFIX_KIND))


@dataclass(frozen=True, slots=True)
class Sniffed:
    """The result of sniffing: the kind by content and whether the extension agreed."""

    kind: FileKind
    size: int
    declared: FileKind | None  # what the extension says, if it says anything known

    @property
    def mislabelled(self) -> bool:
        """The extension names another known kind than the content is (扩展名与内容不符)."""
        return self.declared is not None and self.declared is not self.kind


def max_bytes_setting(explicit: int | None = None, profile_mb: float | None = None) -> int:
    """The size limit in bytes: the explicit value, else the environment, else the profile."""
    if explicit is not None:
        return explicit
    env = os.environ.get("JIXIAO_MAX_FILE_MB")
    if env:
        return default_limits().max_file_bytes  # checked there: a positive number of MB
    if profile_mb is not None:
        return int(profile_mb * 1024 * 1024)
    return default_limits().max_file_bytes


def sniff(
    path: str | Path, *, max_bytes: int | None = None, profile_mb: float | None = None
) -> Sniffed:
    """Decide the kind of ``path`` by its content; :class:`InputError` if it cannot be read.

    Errors (all in Chinese, naming the file): missing, a folder, empty, over the size
    limit, an image or other binary that is not a document, an old ``.doc`` Word file,
    a password-protected Office file, a ZIP that is neither Word nor Excel.
    """
    p = Path(path)
    where = SourceRef(file=p.name)
    if not p.exists():
        raise InputError("文件不存在", SourceRef(file=str(p)))
    if p.is_dir():
        raise InputError("这是一个文件夹, 不是文件", where)
    size = p.stat().st_size
    check_file_size(size, max_bytes_setting(max_bytes, profile_mb), where)
    declared = _SUFFIX_KIND.get(p.suffix.lower())
    if size == 0:
        raise InputError("文件为空 (0 字节)", where)
    try:
        with p.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
    except OSError as exc:
        raise InputError(f"无法读取文件: {exc.strerror or exc}", where) from exc
    kind = _kind_of(p, head, where)
    return Sniffed(kind, size, declared)


def _kind_of(p: Path, head: bytes, where: SourceRef) -> FileKind:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n\x00")
    if not stripped:
        raise InputError("文件内容为空 (只有空白)", where)
    if b"%PDF-" in head[:1024]:
        return FileKind.PDF
    if head.startswith(_ZIP_MAGICS):
        return _zip_kind(p, where)
    if head.startswith(_OLE2_MAGIC):
        return _ole2_kind(p, where)
    _refuse_known_binary(head, where)
    if _HTML_HINT.search(head[:4096]) and not _looks_like_plain_text_with_tags(head):
        return FileKind.HTML
    if _is_text(head):
        return FileKind.TEXT
    raise InputError(
        "无法识别的文件格式: 不是 PDF、Excel、Word、网页或文本文件 (内容为二进制数据)", where
    )


def _zip_kind(p: Path, where: SourceRef) -> FileKind:
    try:
        with zipfile.ZipFile(p) as zf:
            names = zf.namelist()
            content_types = ""
            if "[Content_Types].xml" in names:
                with zf.open("[Content_Types].xml") as part:  # never more than the head
                    content_types = part.read(65536).decode("utf-8", "replace")
            mimetype = ""
            if "mimetype" in names:
                with zf.open("mimetype") as part:
                    mimetype = part.read(200).decode("ascii", "replace")
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise InputError(f"文件已损坏: ZIP 容器 (xlsx/docx) 无法打开 ({exc})", where) from exc
    except RuntimeError as exc:  # an encrypted ZIP entry
        raise InputError(f"文件已加密或损坏, 无法打开 ({exc})", where) from exc
    if "wordprocessingml" in content_types or any(n.startswith("word/") for n in names):
        return FileKind.DOCX
    if "spreadsheetml" in content_types or any(n.startswith("xl/") for n in names):
        return FileKind.XLSX
    if "opendocument.spreadsheet" in mimetype:
        return FileKind.ODS
    if "opendocument.text" in mimetype:
        raise InputError("不支持 OpenDocument 文本 (.odt): 请另存为 .docx 或 PDF", where)
    if "presentationml" in content_types:
        raise InputError("不支持演示文稿 (.pptx): 请另存为 PDF", where)
    raise InputError("这是一个 ZIP 压缩包, 不是 Word 或 Excel 文件; 请解压后分别导入", where)


def _ole2_kind(p: Path, where: SourceRef) -> FileKind:
    """Tell .xls from .doc and from a password-protected .xlsx/.docx (all are OLE2)."""
    with p.open("rb") as fh:
        data = fh.read(4 * 1024 * 1024)

    def has(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has("EncryptedPackage") or has("EncryptionInfo"):
        raise InputError("文件已加密 (设置了打开密码), 请去掉密码后再导入", where)
    if has("Workbook") or has("Book"):
        return FileKind.XLS
    if has("WordDocument"):
        raise InputError("不支持旧版 Word 文档 (.doc): 请另存为 .docx 或 PDF 后再导入", where)
    if has("PowerPoint Document"):
        raise InputError("不支持旧版演示文稿 (.ppt): 请另存为 PDF", where)
    raise InputError("无法识别的 Office 97-2003 文件 (OLE2 容器中没有工作簿或文档)", where)


_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF87a", "GIF 图片"),
    (b"GIF89a", "GIF 图片"),
    (b"II*\x00", "TIFF 图片"),
    (b"MM\x00*", "TIFF 图片"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"{\\rtf", "RTF 文档"),
)


def _refuse_known_binary(head: bytes, where: SourceRef) -> None:
    for magic, name in _BINARY_SIGNATURES:
        if head.startswith(magic):
            if name.endswith("图片"):
                raise InputError(
                    f"这是 {name}, 不是文档; 扫描件需先做文字识别 (OCR, 本程序不提供)", where
                )
            if name == "RTF 文档":
                raise InputError("不支持 RTF 文档: 请另存为 .docx 或 PDF", where)
            raise InputError(f"这是 {name}, 请解压后导入其中的文件", where)
    if head[:2] == b"BM" and len(head) > 14 and head[6:10] == b"\x00\x00\x00\x00":
        raise InputError("这是 BMP 图片, 不是文档; 扫描件需先做文字识别 (OCR)", where)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        raise InputError("这是 WEBP 图片, 不是文档; 扫描件需先做文字识别 (OCR)", where)


def _looks_like_plain_text_with_tags(head: bytes) -> bool:
    """A text document that merely mentions a tag (rare): no closing tag at all."""
    return re.search(rb"</\s*[a-zA-Z]", head) is None and b"<!" not in head[:200].lower()


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        # UTF-16 text files carry a BOM; anything else with NULs is binary.
        return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    for enc in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(enc)().decode(head, final=False)
            break
        except UnicodeDecodeError:
            continue
    else:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls <= max(2, len(head) // 200)
