"""Seed corpora of the fuzz targets (种子样本): real inputs that mutations start from.

Mutations of real inputs reach much deeper than random bytes, so every target starts from
samples of its kind found in a jixiao checkout:

- the seed document ``examples/seed/000_*.txt`` and the text-ingest samples
  ``tests/data/ingest/*.txt``;
- the generated file samples ``tests/data/files/`` (PDF from three producers, XLSX, XLS,
  DOCX, HTML, and damaged ones);
- the demo payments ledger, progress and actuals in ``examples/seed/``;
- the bundled rule profiles (``jixiao/profiles/*/*.toml``), the seed's Plan JSON (the seed
  document parsed), and the target values found in it.

Outside a checkout (an installed package) only the bundled profiles are found; the
structured generators (:mod:`jixiao.fuzz.strategies`) still give every target inputs.
Extra folders can be added (``jixiao fuzz --corpus DIR``): their files are matched to
targets by extension.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

__all__ = ["Corpus", "find_checkout"]

_MAX_SEED_BYTES = 4 * 1024 * 1024


def find_checkout(start: Path | None = None) -> Path | None:
    """The jixiao checkout this package runs from (or ``$JIXIAO_CHECKOUT``), if any."""
    env = os.environ.get("JIXIAO_CHECKOUT")
    candidates = [Path(env)] if env else []
    here = (start or Path(__file__)).resolve()
    candidates += list(here.parents)
    candidates.append(Path.cwd())
    for c in candidates:
        if (c / "examples" / "seed").is_dir() and (c / "src" / "jixiao").is_dir():
            return c
    return None


def _read_all(paths: Iterable[Path]) -> list[bytes]:
    out = []
    for p in sorted(paths):
        if p.is_file() and 0 < p.stat().st_size <= _MAX_SEED_BYTES:
            out.append(p.read_bytes())
    return out


@dataclass
class Corpus:
    """Seed inputs by kind, read once from a checkout and any extra folders."""

    root: Path | None = None
    extra: list[Path] = field(default_factory=list)

    @classmethod
    def default(cls, extra: Iterable[Path] = ()) -> Corpus:
        return cls(find_checkout(), list(extra))

    def _files(self, folder: str, *suffixes: str) -> list[Path]:
        found: list[Path] = []
        if self.root is not None and (self.root / folder).is_dir():
            found += [p for p in (self.root / folder).iterdir() if p.suffix.lower() in suffixes]
        for d in self.extra:
            found += [p for p in d.rglob("*") if p.suffix.lower() in suffixes]
        return found

    def by_suffix(self, *suffixes: str) -> list[bytes]:
        """Every sample file with one of these extensions (``.pdf`` …)."""
        paths = self._files("tests/data/files", *suffixes)
        paths += self._files("examples/seed", *suffixes)
        return _read_all(set(paths))

    @cached_property
    def texts(self) -> list[str]:
        """Document texts: the seed document and the text-ingest samples."""
        paths = self._files("examples/seed", ".txt") + self._files("tests/data/ingest", ".txt")
        return [b.decode("utf-8", "replace") for b in _read_all(set(paths))]

    @cached_property
    def seed_text(self) -> str:
        for p in self._files("examples/seed", ".txt"):
            return p.read_text(encoding="utf-8", errors="replace")
        return ""

    @cached_property
    def values(self) -> list[str]:
        """Target values (指标值) as written in the seed document, and common forms."""
        found = list(COMMON_VALUES)
        if self.seed_text:
            from jixiao.ingest import parse_text

            try:
                plan = parse_text(self.seed_text)
            except Exception:  # the corpus must load even if the ingester is broken
                plan = None
            if plan is not None:
                for p in plan.projects:
                    found += [i.target.raw for i in p.indicators if i.target.raw]
        return sorted(set(found))

    @cached_property
    def plan_json(self) -> list[bytes]:
        """The seed document's Plan JSON (and any ``.json`` in the extra folders)."""
        out = _read_all(p for d in self.extra for p in d.rglob("*.json"))
        if self.seed_text:
            from jixiao.domain import jsonio
            from jixiao.ingest import parse_text

            with contextlib.suppress(Exception):  # the corpus loads even if the ingester fails
                out.append(jsonio.plan_to_json(parse_text(self.seed_text)).encode("utf-8"))
        return out

    @cached_property
    def profiles(self) -> list[bytes]:
        """The bundled profile files (always available) and extra ``.toml`` files."""
        out: list[bytes] = []
        root = resources.files("jixiao.profiles")
        for d in root.iterdir():
            if d.is_dir():
                for f in d.iterdir():
                    if f.name.endswith(".toml"):
                        out.append(f.read_bytes())
        out += _read_all(p for d in self.extra for p in d.rglob("*.toml"))
        return out

    @cached_property
    def ledgers(self) -> list[bytes]:
        return [b for b in self.by_suffix(".csv")]

    @cached_property
    def yaml_progress(self) -> list[bytes]:
        return [b for b in _read_all(self._files("examples/seed", ".yaml")) if b"indicator" in b]

    @cached_property
    def yaml_actuals(self) -> list[bytes]:
        return [b for b in _read_all(self._files("examples/seed", ".yaml")) if b"projects" in b]


COMMON_VALUES: tuple[str, ...] = (
    "≥90%", "≤5%", "=100%", "≥95", "100%", "≥ 90 %", "大于等于90%", "不低于95%", "不超过10%",
    "≤150万元", "150万元", "8000万元", "≤ 2.6亿元", "26亿元", "15个", "≥15个", "1850人",
    "≥2000人次", "2023年12月31日", "2023年12月底前", "2023年底", "12月底前", "年内",
    "第四季度", "2023-12-31", "2023.12", "45291", "是", "否", "有效提升", "明显改善", "优",
    "良好", "较好", "达到预期", "≥80%且≤100%", "90%-100%", "0", "3-5个", "10万元/人",
    "＞0", "≧85％", "≥九十", "1000", "8,000万元", "0.5%", "Q4", "上半年", "按期完成", "",
)  # fmt: skip
