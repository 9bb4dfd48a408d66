"""Text ingestion speed (文本解析速度): the seed document, and a 1 MB document.

``ingest_seed``: one parse of the seed (2 projects, 19 indicators, 5 sub-goals, 10 measures,
about 360 lines) against reading the file and normalising its lines (the least any parser
must do). Target: under 5 ms per seed-size document.

``ingest_1mb``: the seed repeated to about 1 MB (240 projects), same baseline on the same
text, to show that the time per document stays flat (the algorithm is linear).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from jixiao.domain.text import normalize
from jixiao.ingest import parse_text
from jixiao.ingest.vocab import default_profile
from run import Benchmark

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "000_bf5cb89b1d3e99b6.txt"
if not SEED.is_file():  # the tests' copy of the location (JIXIAO_SHARED)
    import os

    SEED = Path(os.environ.get("JIXIAO_SHARED", ROOT.parent / "shared")) / "seed" / SEED.name

PROFILE = default_profile()
SEED_TEXT = SEED.read_text(encoding="utf-8")
BIG_TEXT = SEED_TEXT * 120


def read_and_normalise(path: Path = SEED) -> list[str]:
    return [normalize(line) for line in path.read_text(encoding="utf-8").splitlines()]


def normalise_text(text: str) -> list[str]:
    return [normalize(line) for line in text.splitlines()]


def parse_seed() -> object:
    return parse_text(SEED.read_text(encoding="utf-8"), source_name=SEED.name, profile=PROFILE)


BENCHMARKS = [
    Benchmark(
        name="ingest_seed",
        subject=parse_seed,
        baseline=read_and_normalise,
        baseline_name="read + normalize lines",
        units=1,
        unit_name="documents",
        repeat=50,
    ),
    Benchmark(
        name="ingest_1mb",
        subject=lambda: parse_text(BIG_TEXT, profile=PROFILE),
        baseline=lambda: normalise_text(BIG_TEXT),
        baseline_name="normalize lines",
        units=120,
        unit_name="seed-size documents",
        repeat=3,
    ),
]
