"""Short fuzz run of the value grammar (指标值语法), in CI.

``parse_target`` and ``parse_target_columns`` promise to answer any text: generated values
(comparator words, numbers of every shape, units, dates, junk) and mutations of the seed's
values must give a Target, never an exception — and never an internal error hidden in a
note (``内部错误``), which the fuzz harness reports as ``masked``. The long run is
``jixiao fuzz value value-columns`` (docs/fuzzing.md).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from jixiao.domain.values import parse_target
from jixiao.fuzz import execute, get_target
from jixiao.fuzz.corpus import Corpus
from jixiao.fuzz.known import assert_acceptable

CORPUS = Corpus.default()
VALUE = get_target("value")
COLUMNS = get_target("value-columns")
CI = settings(
    max_examples=400,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@CI
@given(VALUE.inputs(CORPUS))
def test_value_grammar_answers_any_text(data: bytes) -> None:
    assert_acceptable(VALUE, data)


@CI
@given(COLUMNS.inputs(CORPUS))
def test_split_columns_answer_any_cells(data: bytes) -> None:
    assert_acceptable(COLUMNS, data)


def test_the_corpus_holds_the_seed_values() -> None:
    # the seed document's own values are among the mutation seeds
    assert "≥15个" in CORPUS.values or any("15" in v for v in CORPUS.values)
    assert len(CORPUS.values) >= 40


def test_a_hidden_internal_error_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao.domain import values

    # break one step of the grammar: parse_target still answers, with a note
    monkeypatch.setattr(values, "_grade_of", lambda g, s: 1 / 0)
    t = parse_target("有效提升")
    assert any(n.startswith("内部错误") for n in t.notes)
    failure = execute(VALUE, "有效提升".encode())
    assert failure is not None and failure.kind == "masked"
    assert failure.exception == "ZeroDivisionError"
    assert failure.location.startswith("domain/values.py:")
