"""Short fuzz run of the table and YAML readers of monitoring and evaluation, in CI.

The payments ledger, indicator progress, budget adjustments and year-end actuals readers
get mutated demo files of ``examples/seed`` (CSV cells and YAML trees: values replaced by
other types, keys dropped, lists repeated, structures nested deep) and generated tables
(any header spelling, good and bad dates and amounts, title rows, GBK and UTF-16). The
only acceptable outcomes are a result and an InputError. The long run is
``jixiao fuzz ledger progress adjustments actuals``.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from jixiao.fuzz import get_target
from jixiao.fuzz.corpus import Corpus
from jixiao.fuzz.known import assert_acceptable

CORPUS = Corpus.default()
CI = settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@CI
@given(get_target("ledger").inputs(CORPUS))
def test_payments_ledger(data: bytes) -> None:
    assert_acceptable(get_target("ledger"), data)


@CI
@given(get_target("progress").inputs(CORPUS))
def test_indicator_progress(data: bytes) -> None:
    assert_acceptable(get_target("progress"), data)


@CI
@given(get_target("adjustments").inputs(CORPUS))
def test_budget_adjustments(data: bytes) -> None:
    assert_acceptable(get_target("adjustments"), data)


@CI
@given(get_target("actuals").inputs(CORPUS))
def test_year_end_actuals(data: bytes) -> None:
    assert_acceptable(get_target("actuals"), data)


def test_the_demo_files_are_the_seeds() -> None:
    assert any("支付日期".encode() in s for s in CORPUS.ledgers)
    assert CORPUS.yaml_progress and CORPUS.yaml_actuals
