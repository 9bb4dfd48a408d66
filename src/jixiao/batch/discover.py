"""Finding the documents of a batch (查找输入文档) and their content hashes.

Inputs are files, directories (searched recursively) and glob patterns (``docs/**/*.pdf``).
A file named explicitly is always taken; in directories and globs only files with a known
document suffix are taken, hidden files and folders are skipped, and so is the batch's own
output folder. Paths are kept as the user wrote them (joined with what was found below them),
so that the dataset says where each document came from in the user's own terms.

The content hash (SHA-256 of the bytes) is a document's identity: the same bytes under two
names are one document, and a document already processed is recognised after a rename.
"""

from __future__ import annotations

import glob
import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "DOCUMENT_SUFFIXES",
    "Discovery",
    "InputProblem",
    "content_hash",
    "discover",
]

# The kinds jixiao.ingest.parse_file reads (text; PDF; Excel/WPS/LibreOffice; Word; web pages).
DOCUMENT_SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".text", ".md", ".pdf", ".xlsx", ".xlsm", ".xls", ".ods", ".docx", ".html", ".htm"}
)

_GLOB_CHARS = frozenset("*?[")
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class InputProblem:
    """An input that gave no document: the argument as written and why (in Chinese)."""

    input: str
    reason: str


@dataclass(slots=True)
class Discovery:
    """The files found, in a stable order, and the inputs that gave nothing."""

    files: list[Path] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)


def _is_hidden(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$")


def _under(path: Path, roots: Sequence[Path]) -> bool:
    try:
        resolved = path.resolve()
    except OSError:
        return False
    return any(resolved == r or r in resolved.parents for r in roots)


def _walk(root: Path, suffixes: frozenset[str], exclude: Sequence[Path]) -> list[Path]:
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames if not _is_hidden(d) and not _under(here / d, exclude)
        )
        for name in sorted(filenames):
            if _is_hidden(name) or Path(name).suffix.lower() not in suffixes:
                continue
            found.append(here / name)
    return found


def discover(
    inputs: Iterable[str | Path],
    *,
    suffixes: Iterable[str] = DOCUMENT_SUFFIXES,
    exclude: Iterable[str | Path] = (),
) -> Discovery:
    """The document files named by ``inputs`` (files, directories, glob patterns).

    Each file is listed once (by its resolved path), in the order of the inputs and, within a
    directory or pattern, sorted by path. ``exclude`` names folders never to search (the
    batch's output folder). An input that does not exist or matches nothing is a problem,
    not an error: the batch goes on with the rest.
    """
    wanted = frozenset(s.lower() for s in suffixes)
    skip = [Path(e).resolve() for e in exclude]
    out = Discovery()
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            out.files.append(p)

    for raw in inputs:
        text = str(raw)
        p = Path(text)
        if p.is_file():
            add(p)
            continue
        if p.is_dir():
            found = _walk(p, wanted, skip)
            if not found:
                out.problems.append(InputProblem(text, "目录中没有可处理的文档"))
            for f in found:
                add(f)
            continue
        if _GLOB_CHARS & set(text):
            matches = sorted(glob.glob(text, recursive=True))
            files: list[Path] = []
            for m in matches:
                mp = Path(m)
                if mp.is_dir():
                    files.extend(_walk(mp, wanted, skip))
                elif (
                    mp.is_file()
                    and mp.suffix.lower() in wanted
                    and not _is_hidden(mp.name)
                    and not _under(mp, skip)
                ):
                    files.append(mp)
            if not files:
                out.problems.append(InputProblem(text, "通配符没有匹配到任何文档"))
            for f in files:
                add(f)
            continue
        out.problems.append(InputProblem(text, "路径不存在"))
    return out


def content_hash(path: str | Path) -> str:
    """SHA-256 of the file's bytes, in hex (the document's identity in a batch)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()
