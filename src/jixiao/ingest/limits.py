"""Resource limits of the file readers (导入资源限制): size, zip bombs, pages, rows, time.

A file a user uploads must never take the program down: not by its size, not by a ZIP
container that inflates to gigabytes (压缩炸弹), not by a PDF of ten thousand pages or a
worksheet that claims a million columns. Every limit lives in the rule profile's
``[ingest]`` section (``profiles/national/ingest.toml``) and can be overridden for one run
by the environment variable ``JIXIAO_<NAME>`` (``JIXIAO_MAX_PDF_PAGES=3000``), which wins
over the profile. A file over a limit gives an :class:`~jixiao.domain.errors.InputError`
in Chinese that names the file, the limit, its value and how to raise it.

- :func:`ingest_limits` — the limits of a profile (environment applied).
- :func:`check_file_size`, :func:`check_pdf_pages`, :func:`check_sheet_size`,
  :func:`check_text_length` — one comparison each, with the message.
- :func:`check_zip` — a ZIP container (.xlsx/.docx/.ods) inspected from its central
  directory *before* any reader opens it (entries, declared sizes, compression ratio), then
  every entry inflated with a cap, so a header that understates a size is caught too; for
  workbooks the used range of every worksheet is measured on the way.
- :func:`run_isolated` — a reader run in a forked child with a memory limit and a time
  limit: a native library that aborts or exhausts memory on a damaged file costs only the
  child, and the caller gets an ``InputError``.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import pickle
import re
import select
import signal
import struct
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, NoReturn

from jixiao.domain.errors import InputError
from jixiao.domain.model import SourceRef
from jixiao.domain.profile import ProfileError, RuleProfile, load_profile

__all__ = [
    "ChildError",
    "IngestLimits",
    "ZipSummary",
    "check_file_size",
    "check_pdf_pages",
    "check_sheet_size",
    "check_text_length",
    "check_yaml_nodes",
    "check_zip",
    "default_limits",
    "ingest_limits",
    "library_panic",
    "limit_hint",
    "number_in_range",
    "run_isolated",
]

_MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class IngestLimits:
    """The limits one import runs under (see ``profiles/national/ingest.toml``)."""

    max_file_mb: float
    max_unzipped_mb: float
    max_zip_ratio: float
    zip_ratio_grace_mb: float
    max_zip_entries: int
    max_pdf_pages: int
    max_sheet_rows: int
    max_sheet_cells: int
    max_text_chars: int
    max_yaml_nodes: int
    child_memory_mb: float
    child_timeout_s: float

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * _MB)

    @property
    def max_unzipped_bytes(self) -> int:
        return int(self.max_unzipped_mb * _MB)

    @property
    def zip_ratio_grace_bytes(self) -> int:
        return int(self.zip_ratio_grace_mb * _MB)

    def with_(self, **changes: float) -> IngestLimits:
        """A copy with some limits changed (for tests and callers that know better)."""
        return replace(self, **changes)  # type: ignore[arg-type]


_INTEGER_KEYS = frozenset(f.name for f in fields(IngestLimits) if f.type in ("int", int))
LIMIT_KEYS: tuple[str, ...] = tuple(f.name for f in fields(IngestLimits))


def env_name(key: str) -> str:
    """The environment variable that overrides ``[ingest] key``: ``JIXIAO_MAX_PDF_PAGES``."""
    return f"JIXIAO_{key.upper()}"


def limit_hint(key: str) -> str:
    """How to raise a limit, in the words every limit error ends with."""
    return f"如确需导入, 可在规则配置 [ingest] {key} 或环境变量 {env_name(key)} 中调高上限"


def _number(key: str, value: Any, where: str) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProfileError(f"{where}: [ingest] {key} 应为正数, 现为 {value!r}")
    if not value > 0 or value != value or value == float("inf"):
        raise ProfileError(f"{where}: [ingest] {key} 应为正数, 现为 {value!r}")
    if key in _INTEGER_KEYS:
        if isinstance(value, float) and not value.is_integer():
            raise ProfileError(f"{where}: [ingest] {key} 应为正整数, 现为 {value!r}")
        return int(value)
    return float(value)


def _from_section(
    section: Mapping[str, Any], base: IngestLimits | None, where: str
) -> IngestLimits:
    values: dict[str, float | int] = {}
    for key in LIMIT_KEYS:
        if key in section:
            values[key] = _number(key, section[key], where)
        elif base is not None:
            values[key] = getattr(base, key)
        else:
            raise ProfileError(f"{where}: [ingest] 缺少 {key}")
    return IngestLimits(**values)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def _bundled_defaults() -> IngestLimits:
    """The national profile's limits: the base every other profile's limits start from."""
    return _from_section(load_profile("national").section("ingest"), None, "规则配置 national")


def _apply_environment(limits: IngestLimits) -> IngestLimits:
    changes: dict[str, float | int] = {}
    for key in LIMIT_KEYS:
        raw = os.environ.get(env_name(key))
        if raw is None or not raw.strip():
            continue
        try:
            value = float(raw)
        except ValueError:
            value = float("nan")
        try:
            changes[key] = _number(key, int(value) if value.is_integer() else value, "环境变量")
        except (ProfileError, OverflowError, ValueError) as exc:
            unit = "兆字节" if key.endswith("_mb") else "数字"
            raise InputError(f"环境变量 {env_name(key)} 应为正数 ({unit}), 现为 {raw!r}") from exc
    return replace(limits, **changes) if changes else limits  # type: ignore[arg-type]


def ingest_limits(profile: RuleProfile | None = None) -> IngestLimits:
    """The limits of ``profile`` (national defaults for keys it does not set), with any
    ``JIXIAO_<NAME>`` environment variable applied on top."""
    base = _bundled_defaults()
    if profile is not None:
        base = _from_section(profile.section("ingest"), base, f"规则配置 {profile.name}")
    return _apply_environment(base)


def default_limits() -> IngestLimits:
    """The national limits with the environment applied (readers called without a profile)."""
    return ingest_limits(None)


# ---------------------------------------------------------------- simple checks


def _mb(n: float) -> str:
    return f"{n / _MB:.1f} MB"


def check_file_size(size: int, limit_bytes: int, where: SourceRef) -> None:
    """Refuse a file larger than the limit (文件过大)."""
    if size > limit_bytes:
        raise InputError(
            f"文件过大 ({_mb(size)}), 超过上限 {_mb(limit_bytes)}; "
            f"可用参数、规则配置 [ingest] max_file_mb 或环境变量 JIXIAO_MAX_FILE_MB 调整上限",
            where,
        )


def check_pdf_pages(pages: int, limits: IngestLimits, where: SourceRef) -> None:
    """Refuse a PDF with more pages than the limit (页数过多)."""
    if pages > limits.max_pdf_pages:
        raise InputError(
            f"PDF 页数过多 ({pages} 页), 超过上限 {limits.max_pdf_pages} 页; "
            + limit_hint("max_pdf_pages"),
            where,
        )


def check_sheet_size(
    rows: int, columns: int, limits: IngestLimits, where: SourceRef, what: str = "工作表"
) -> None:
    """Refuse a worksheet (or a table: ``what``) whose used range has too many rows or
    cells (工作表过大); the same limits apply to the tables of Word files and web pages."""
    if rows > limits.max_sheet_rows:
        raise InputError(
            f"{what}行数过多 ({rows} 行), 超过上限 {limits.max_sheet_rows} 行; "
            + limit_hint("max_sheet_rows"),
            where,
        )
    if rows * columns > limits.max_sheet_cells:
        raise InputError(
            f"{what}范围过大 ({rows} 行 × {columns} 列 = {rows * columns} 个单元格), "
            f"超过上限 {limits.max_sheet_cells} 个单元格; " + limit_hint("max_sheet_cells"),
            where,
        )


def check_text_length(text: str, limits: IngestLimits, where: SourceRef) -> None:
    """Refuse a text longer than the text ingester's limit (文本过长)."""
    if len(text) > limits.max_text_chars:
        raise InputError(
            f"文本过长 ({len(text)} 个字符), 超过上限 {limits.max_text_chars} 个字符; "
            + limit_hint("max_text_chars"),
            where,
        )


def check_yaml_nodes(node: Any, limits: IngestLimits, where: SourceRef) -> None:
    """Refuse a composed YAML document whose nodes, with every alias expanded, exceed the
    limit (别名展开过多, the "billion laughs"): readers that walk the tree would expand them.

    The count stops at the limit, so a cyclic alias (``&a [*a]``) is refused too.
    """
    limit = limits.max_yaml_nodes
    count = 0
    stack = [node]
    while stack:
        current = stack.pop()
        count += 1
        if count > limit:
            raise InputError(
                f"YAML 内容过多或别名 (alias) 展开过多 (超过 {limit} 个节点); "
                + limit_hint("max_yaml_nodes"),
                where,
            )
        value = getattr(current, "value", None)
        if isinstance(value, list):
            for item in value:
                if isinstance(item, tuple):  # a mapping's (key, value) pair of nodes
                    stack.extend(item)
                else:
                    stack.append(item)


# ---------------------------------------------------------------- numbers in cells

# A number read from a user's file must stay where Decimal arithmetic cannot overflow (the
# default context traps exponents beyond ±999999) and where int() and Fraction() answer
# at once (int(Decimal("1e999999999")) builds a billion-digit integer). No amount, score,
# percentage or count in a budget document reaches 10^15 (千万亿): beyond it is damage.
# This is the range of valid input, not a rule of the rule book.
MAX_NUMBER_EXPONENT = 15


def number_in_range(d: Decimal) -> bool:
    """Whether ``d`` is finite and below 10^15 in magnitude (see :data:`MAX_NUMBER_EXPONENT`)."""
    return d.is_finite() and (d.is_zero() or d.adjusted() <= MAX_NUMBER_EXPONENT)


# ---------------------------------------------------------------- ZIP containers


@dataclass(frozen=True, slots=True)
class ZipSummary:
    """What :func:`check_zip` measured: entries, bytes inflated, and worksheet ranges."""

    entries: int
    compressed: int
    uncompressed: int
    sheets: dict[str, tuple[int, int]]  # worksheet part → (rows, columns) of its used range


_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
_CHUNK = 1 << 16
_OUT_STEP = 1 << 22  # inflate at most 4 MB per call
# a cell's reference attribute (``<c r="B7" …>``, with or without a namespace prefix); rows
# carry ``r="7"`` (digits only) and do not match
_CELL_REF = re.compile(rb' r="([A-Za-z]+)([0-9]+)"')
_FAR = 1 << 40  # a reference longer than any real one (r="D2147483648", r="ABCDE1")


def _zip_error(message: str, where: SourceRef) -> InputError:
    return InputError(message, where)


def _bomb(detail: str, key: str, where: SourceRef) -> InputError:
    return InputError(
        f"压缩文件解压后过大, 可能是压缩炸弹 (zip bomb): {detail}; " + limit_hint(key), where
    )


class _SheetScan:
    """The used range of a worksheet, measured from its XML as it is inflated."""

    def __init__(self) -> None:
        self.min_row = self.min_col = 1 << 40
        self.max_row = self.max_col = 0
        self.tail = b""

    def feed(self, data: bytes, final: bool = False) -> None:
        buf = self.tail + data
        cut = len(buf) if final else buf.rfind(b">") + 1
        if cut == 0 and len(buf) > _CHUNK * 4:
            cut = len(buf) - 256  # no tag end at all: scan anyway, keep a little
        part, self.tail = buf[:cut], buf[cut:]
        refs = _CELL_REF.findall(part)
        if not refs:
            return
        rows = [int(digits) if len(digits) <= 9 else _FAR for _letters, digits in refs]
        self.min_row = min(self.min_row, min(rows))
        self.max_row = max(self.max_row, max(rows))
        for letters in {letters.upper() for letters, _digits in refs}:
            col = 0
            for ch in letters[:4]:
                col = col * 26 + ch - 64
            if len(letters) > 3:
                col = _FAR
            self.min_col = min(self.min_col, col)
            self.max_col = max(self.max_col, col)

    @property
    def size(self) -> tuple[int, int]:
        """Rows and columns from A1 to the farthest cell: the workbook readers lay a sheet
        out from A1 (a single cell at XFD100001 is a grid of 100001 × 16384 cells)."""
        if self.max_row == 0:
            return 0, 0
        return self.max_row, max(self.max_col, 1)


def _is_worksheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def check_zip(
    path: str | Path, limits: IngestLimits, where: SourceRef, what: str = "文件"
) -> ZipSummary:
    """Inspect a ZIP container before a reader opens it; :class:`InputError` if over a limit.

    1. From the central directory: the number of entries, the total declared size, and each
       entry's compression ratio (entries below ``zip_ratio_grace_mb`` are not ratio-checked);
       encrypted entries and compression methods other than stored/deflate are refused.
    2. Every entry is then inflated with a cap at its declared size: a container whose
       headers understate the sizes (a crafted bomb) is refused as soon as it overflows,
       having cost no more than the declared sizes. Worksheets of a workbook are measured
       on the way (:func:`check_sheet_size` of each used range).
    """
    p = Path(path)
    try:
        zf = zipfile.ZipFile(p)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise _zip_error(
            f"无法读取{what}: 文件已损坏, ZIP 容器 (xlsx/docx) 无法打开 ({exc})", where
        ) from exc
    with zf:
        infos = zf.infolist()
    if len(infos) > limits.max_zip_entries:
        raise InputError(
            f"压缩包内条目过多 ({len(infos)} 个), 超过上限 {limits.max_zip_entries} 个; "
            + limit_hint("max_zip_entries"),
            where,
        )
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_unzipped_bytes:
        raise _bomb(
            f"解压后共 {_mb(declared)}, 超过上限 {_mb(limits.max_unzipped_bytes)}",
            "max_unzipped_mb",
            where,
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError("文件已加密 (ZIP 条目设置了密码), 请去掉密码后再导入", where)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise InputError(
                f"ZIP 条目 {info.filename} 使用了不支持的压缩方式 ({info.compress_type}); "
                "请用 Excel/WPS/Word 重新保存后导入",
                where,
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.zip_ratio_grace_bytes and ratio > limits.max_zip_ratio:
            raise _bomb(
                f"条目 {info.filename} 压缩比 {ratio:.0f}:1, 超过上限 {limits.max_zip_ratio:g}:1",
                "max_zip_ratio",
                where,
            )
    sheets: dict[str, tuple[int, int]] = {}
    compressed = 0
    with p.open("rb") as fh:
        for info in infos:
            scan = _SheetScan() if _is_worksheet(info.filename) else None
            compressed += _inflate_capped(fh, info, where, scan)
            if scan is not None:
                scan.feed(b"", final=True)
                rows, cols = scan.size
                sheets[info.filename] = (rows, cols)
                check_sheet_size(rows, cols, limits, where)
    return ZipSummary(len(infos), compressed, declared, sheets)


def _inflate_capped(
    fh: Any, info: zipfile.ZipInfo, where: SourceRef, scan: _SheetScan | None
) -> int:
    """Inflate one entry, refusing it the moment it exceeds its declared size."""
    if info.file_size == 0 and info.compress_size == 0:
        return 0
    fh.seek(info.header_offset)
    header = fh.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise _zip_error(f"文件已损坏: ZIP 条目 {info.filename} 的本地文件头无效", where)
    name_len, extra_len = _LOCAL_HEADER.unpack(header)[-2:]
    fh.seek(info.header_offset + _LOCAL_HEADER.size + name_len + extra_len)
    left = info.compress_size
    produced = 0
    limit = info.file_size
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None

    def take(out: bytes) -> None:
        nonlocal produced
        produced += len(out)
        if produced > limit:
            raise _bomb(
                f"条目 {info.filename} 实际解压大小超过其声明的 {limit} 字节",
                "max_unzipped_mb",
                where,
            )
        if scan is not None and out:
            scan.feed(out)

    while left > 0:
        chunk = fh.read(min(_CHUNK, left))
        if not chunk:
            raise _zip_error(f"文件已损坏或不完整: ZIP 条目 {info.filename} 数据被截断", where)
        left -= len(chunk)
        if inflater is None:
            take(chunk)
            continue
        data = chunk
        while data:
            try:
                out = inflater.decompress(data, min(limit - produced + 1, _OUT_STEP))
            except zlib.error as exc:
                raise _zip_error(
                    f"文件已损坏: ZIP 条目 {info.filename} 无法解压 ({exc})", where
                ) from exc
            take(out)
            if inflater.eof:
                break
            data = inflater.unconsumed_tail
        if inflater.eof:
            break
    return info.compress_size - left


# ---------------------------------------------------------------- isolation


def library_panic(exc: BaseException) -> bool:
    """Whether ``exc`` is a Rust library's panic (pyo3's ``PanicException``, raised by
    python-calamine on some damaged files). It derives from ``BaseException``, so
    ``except Exception`` does not catch it."""
    return type(exc).__name__ == "PanicException"


def _address_space() -> int | None:
    """This process's virtual size in bytes (Linux), to set the child's limit above it."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _limit_memory(extra_bytes: int) -> None:
    try:
        import resource
    except ImportError:  # not on this platform
        return
    current = _address_space()
    if current is None:
        return
    limit = current + extra_bytes
    with contextlib.suppress(ValueError, OSError):
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


class ChildError(Exception):
    """What a reader raised in the isolated child: its type, where, and the traceback.

    Kept as the ``__cause__`` of the :class:`InputError` raised in the parent, so that logs
    and the fuzzing harness can tell a library refusing a damaged file from a bug in
    jixiao's own code (``ours``: a built-in exception raised by a line of jixiao).
    """

    def __init__(self, exception: str, location: str, trace: str, ours: bool):
        super().__init__(f"{exception} at {location or '?'}")
        self.exception = exception
        self.location = location
        self.trace = trace
        self.ours = ours


_PACKAGE = Path(__file__).resolve().parent.parent  # src/jixiao


def _cause_info(exc: BaseException | None) -> tuple[str, str, str, bool] | None:
    """(type, innermost jixiao frame, traceback, raised by jixiao code) of ``exc`` or of the
    first exception behind it that is not an InputError."""
    import traceback

    while exc is not None and isinstance(exc, InputError):
        exc = exc.__cause__
    if exc is None:
        return None
    frames = list(traceback.walk_tb(exc.__traceback__))
    location = ""
    for frame, line in frames:
        path = Path(frame.f_code.co_filename).resolve()
        if _PACKAGE in path.parents:
            rel = path.relative_to(_PACKAGE).as_posix()
            location = f"{rel}:{line} in {frame.f_code.co_name}"
    innermost = Path(frames[-1][0].f_code.co_filename).resolve() if frames else None
    ours = (
        innermost is not None
        and _PACKAGE in innermost.parents
        and type(exc).__module__ in ("builtins", "decimal")
        and not isinstance(exc, OSError | MemoryError)
    )
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))[-8000:]
    return type(exc).__name__, location, trace, ours


def _raise_from_child(error: InputError, info: tuple[str, str, str, bool] | None) -> NoReturn:
    if info is None:
        raise error
    raise error from ChildError(*info)


def isolation_enabled() -> bool:
    """Whether readers run in a child process (``JIXIAO_ISOLATE=0`` turns it off)."""
    return hasattr(os, "fork") and os.environ.get("JIXIAO_ISOLATE", "1") != "0"


def run_isolated(
    fn: Callable[..., Any],
    *args: Any,
    where: SourceRef,
    limits: IngestLimits | None = None,
    what: str = "文件",
) -> Any:
    """Run ``fn(*args)`` in a forked child with a memory and a time limit; return its result.

    ``InputError`` raised in the child is raised here as it was. Anything else the child
    raises, a native abort or the memory limit (``child_memory_mb``), and the time limit
    (``child_timeout_s``) become an ``InputError`` saying the ``what`` is damaged or too
    large. Without ``os.fork`` (Windows) or with ``JIXIAO_ISOLATE=0`` ``fn`` runs here.
    """
    if not isolation_enabled():
        return fn(*args)
    lim = limits or default_limits()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        status = 0
        try:
            os.close(read_fd)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)  # a native abort's backtrace is not for the user
            faulthandler.disable()  # nor Python's fault report (pytest enables it)
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.alarm(0)
            _limit_memory(int(lim.child_memory_mb * _MB))
            try:
                result: tuple[str, Any] = ("ok", fn(*args))
            except InputError as exc:
                result = ("input", (exc.message, exc.source, _cause_info(exc.__cause__)))
            except MemoryError:
                result = ("memory", "")
            except BaseException as exc:  # anything else: reported as a damaged file
                result = ("error", (f"{type(exc).__name__}: {str(exc)[:160]}", _cause_info(exc)))
            try:
                data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            except MemoryError:
                data = pickle.dumps(("memory", ""))
            view = memoryview(data)
            while view:
                n = os.write(write_fd, view)
                view = view[n:]
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write_fd)
    chunks: list[bytes] = []
    finished = False
    try:
        while True:
            ready, _, _ = select.select([read_fd], [], [], lim.child_timeout_s)
            if not ready:
                raise InputError(
                    f"读取{what}超时 (超过 {lim.child_timeout_s:g} 秒), 文件可能已损坏或过于复杂; "
                    + limit_hint("child_timeout_s"),
                    where,
                )
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        finished = True
    finally:
        os.close(read_fd)
        if not finished:  # timed out, or interrupted here: the child must not outlive us
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    if not chunks:
        raise InputError(
            f"{what}已损坏或过大, 读取时出错 (读取程序异常终止, 或所需内存超过上限 "
            f"{lim.child_memory_mb:g} MB; " + limit_hint("child_memory_mb") + ")",
            where,
        )
    kind, payload = pickle.loads(b"".join(chunks))
    if kind == "ok":
        return payload
    if kind == "input":
        _raise_from_child(InputError(payload[0], payload[1]), payload[2])
    if kind == "memory":
        raise InputError(
            f"{what}内容过大, 读取所需内存超过上限 {lim.child_memory_mb:g} MB; "
            + limit_hint("child_memory_mb"),
            where,
        )
    _raise_from_child(
        InputError(f"{what}已损坏或格式异常, 无法读取 ({payload[0]})", where), payload[1]
    )
