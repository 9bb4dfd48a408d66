"""Mutated files never crash the readers: a Plan, or an InputError (变异文件模糊测试).

Each sample is damaged the ways downloads and e-mail damage files: bytes flipped, the
file cut short, a block overwritten with zeros, random bytes spliced in. Whatever comes
out, the only exception allowed is :class:`InputError` (a clear Chinese message). The
examples are derandomised and bounded so the run is the same everywhere and stays short.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from file_samples import FILES
from jixiao.domain.errors import InputError
from jixiao.ingest.files import parse_document, read_document

SAMPLES = ["seed_lo.pdf", "seed_sheets.xlsx", "seed.xls", "seed.docx", "seed.html"]
_DATA = {name: (FILES / name).read_bytes() for name in SAMPLES}


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(SAMPLES))
    data = bytearray(_DATA[name])
    how = draw(st.sampled_from(["flip", "truncate", "zero", "splice"]))
    if how == "flip":
        for _ in range(draw(st.integers(1, 16))):
            at = draw(st.integers(0, len(data) - 1))
            data[at] ^= draw(st.integers(1, 255))
    elif how == "truncate":
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif how == "zero":
        at = draw(st.integers(0, len(data) - 1))
        data[at : at + draw(st.integers(1, 4096))] = bytes(min(4096, len(data) - at))
    else:
        at = draw(st.integers(0, len(data)))
        data[at:at] = draw(st.binary(min_size=1, max_size=256))
    return name, bytes(data)


def _check(name: str, data: bytes, parse: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            if parse:
                parse_document(path)
            else:
                read_document(path)
        except InputError as exc:
            assert exc.message  # a reason in words
            assert exc.source is None or exc.source.file in (name, str(path))


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_mutated_files_read_or_give_input_error(sample: tuple[str, bytes]) -> None:
    _check(*sample, parse=False)


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_mutated_files_parse_or_give_input_error(sample: tuple[str, bytes]) -> None:
    _check(*sample, parse=True)


def test_every_truncation_point_of_a_small_html_page() -> None:
    data = (FILES / "seed.html").read_bytes()
    for cut in range(0, len(data), max(1, len(data) // 40)):
        _check("seed.html", data[:cut], parse=False)
