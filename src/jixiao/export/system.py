"""System packages the PDF report and the charts need (系统依赖检查).

WeasyPrint draws text with Pango (``libpango-1.0-0``, ``libpangoft2-1.0-0``), embeds fonts as
subsets made by HarfBuzz (``libharfbuzz-subset0``; without it WeasyPrint falls back to a pure
Python subsetter that is about thirty times slower on CJK fonts), and needs a CJK font
(``fonts-noto-cjk``): without one it silently draws empty boxes for every Chinese character.
Matplotlib needs the same CJK font for chart labels.

:func:`require_pdf_dependencies` checks all of them before a PDF is made and raises one
:class:`SystemDependencyError` that names every missing piece and the Debian packages to
install. The project's set-up script installs them; this is the message for a machine where
it was not run.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jixiao.domain.errors import JixiaoError

FONT_PACKAGE = "fonts-noto-cjk"
PANGO_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0")
SUBSET_PACKAGE = "libharfbuzz-subset0"
POPPLER_PACKAGE = "poppler-utils"

CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "Source Han Serif SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "SimHei",
    "SimSun",
    "Microsoft YaHei",
    "PingFang SC",
)
"""CJK font families the report's CSS asks for, best first."""

# File-name stems of CJK fonts as shipped by Debian and common systems, best first.
_CJK_FILES: tuple[str, ...] = (
    "notosanscjk-regular",
    "notosanscjksc-regular",
    "notosanscjk",
    "notoserifcjk-regular",
    "notoserifcjk",
    "sourcehansans",
    "sourcehanserif",
    "wqy-zenhei",
    "wqy-microhei",
    "droidsansfallback",
    "simhei",
    "simsun",
    "msyh",
)
_FONT_DIRS: tuple[str, ...] = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "C:/Windows/Fonts",
)
_FONT_SUFFIXES = (".ttc", ".otf", ".ttf", ".otc")


class SystemDependencyError(JixiaoError):
    """A system package needed for PDF reports or charts is missing; says which to install."""


@dataclass(frozen=True, slots=True)
class Missing:
    """One missing piece: what it is (Chinese) and the Debian packages that provide it."""

    what: str
    packages: tuple[str, ...]


def _font_dirs() -> list[Path]:
    extra = os.environ.get("JIXIAO_FONT_DIRS", "")
    dirs = [Path(d) for d in extra.split(os.pathsep) if d]
    dirs += [Path(d).expanduser() for d in _FONT_DIRS]
    return [d for d in dirs if d.is_dir()]


def _rank(path: Path) -> int | None:
    name = path.name.lower().replace(" ", "")
    for k, stem in enumerate(_CJK_FILES):
        if name.startswith(stem) or stem in name:
            if "bold" in name or "light" in name or "black" in name or "thin" in name:
                return k * 2 + 1
            if "mono" in name:
                return k * 2 + 1
            return k * 2
    return None


@lru_cache(maxsize=1)
def cjk_font_files() -> tuple[Path, ...]:
    """Installed CJK font files, best first (regular sans before bold or serif)."""
    found: list[tuple[int, str, Path]] = []
    for d in _font_dirs():
        for root, _dirs, files in os.walk(d):
            for f in files:
                if not f.lower().endswith(_FONT_SUFFIXES):
                    continue
                p = Path(root) / f
                r = _rank(p)
                if r is not None:
                    found.append((r, str(p), p))
    return tuple(p for _, _, p in sorted(found))


def cjk_font_file() -> Path | None:
    """The best installed CJK font file, or ``None``."""
    files = cjk_font_files()
    return files[0] if files else None


def _has_library(names: Iterable[str]) -> bool:
    for name in names:
        found = ctypes.util.find_library(name)
        candidates = [found] if found else []
        candidates.append(f"lib{name}.so.0")
        for c in candidates:
            try:
                ctypes.CDLL(c)
            except OSError:
                continue
            return True
    return False


def missing_pdf_dependencies() -> list[Missing]:
    """Everything the PDF report needs that this machine lacks (empty list: all present)."""
    missing: list[Missing] = []
    if not _has_library(["pango-1.0"]) or not _has_library(["pangoft2-1.0"]):
        missing.append(Missing("文字排版库 Pango", PANGO_PACKAGES))
    if not _has_library(["harfbuzz-subset"]):
        missing.append(Missing("字体子集库 HarfBuzz subset (用于嵌入字体)", (SUBSET_PACKAGE,)))
    if cjk_font_file() is None:
        missing.append(Missing("中文字体 (CJK)", (FONT_PACKAGE,)))
    return missing


def describe_missing(missing: Sequence[Missing], purpose: str = "生成 PDF 报告") -> str:
    """One Chinese message naming what is missing and the ``apt-get install`` line."""
    packages: list[str] = []
    for m in missing:
        for p in m.packages:
            if p not in packages:
                packages.append(p)
    what = "、".join(m.what for m in missing)
    return (
        f"{purpose}缺少系统组件: {what}。请安装 Debian/Ubuntu 软件包: "
        f"apt-get install {' '.join(packages)} (或运行项目的 scripts/bootstrap)"
    )


def require_pdf_dependencies() -> None:
    """Raise :class:`SystemDependencyError` unless fonts, Pango and HarfBuzz subset are there."""
    missing = missing_pdf_dependencies()
    if missing:
        raise SystemDependencyError(describe_missing(missing))


def require_cjk_font(purpose: str = "绘制图表") -> Path:
    """The CJK font file for charts; :class:`SystemDependencyError` when none is installed."""
    path = cjk_font_file()
    if path is None:
        raise SystemDependencyError(describe_missing([Missing("中文字体 (CJK)", (FONT_PACKAGE,))],
                                                     purpose))
    return path


def load_weasyprint() -> object:
    """Import WeasyPrint after the system check; a failed import becomes a Chinese message."""
    require_pdf_dependencies()
    try:
        import weasyprint
    except ImportError as exc:
        raise SystemDependencyError(
            f"生成 PDF 报告需要 Python 包 weasyprint: pip install weasyprint ({exc})"
        ) from exc
    except OSError as exc:  # a system library failed to load
        raise SystemDependencyError(
            describe_missing([Missing(f"系统库 ({exc})", (*PANGO_PACKAGES, SUBSET_PACKAGE))])
        ) from exc
    return weasyprint
