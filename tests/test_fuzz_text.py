"""Short fuzz run of the text ingester (文本导入), in CI.

Mutations of the seed document and of the text-ingest samples (lines duplicated, swapped,
cut; labels, level names and values spliced in; numbers swapped for boundary values) and
generated documents of label/level/value cells must give a Plan or an InputError. The
long run is ``jixiao fuzz text``.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from jixiao.fuzz import execute, get_target
from jixiao.fuzz.corpus import Corpus
from jixiao.fuzz.known import assert_acceptable

CORPUS = Corpus.default()
TEXT = get_target("text")


@settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(TEXT.inputs(CORPUS))
def test_text_ingester_gives_a_plan_or_a_clear_error(data: bytes) -> None:
    assert_acceptable(TEXT, data)


def test_the_seed_document_itself_is_accepted() -> None:
    assert "总体绩效目标" in CORPUS.seed_text and len(CORPUS.seed_text) > 2000
    assert execute(TEXT, CORPUS.seed_text.encode("utf-8")) is None
    assert len(CORPUS.texts) >= 10  # the seed plus the samples of tests/data/ingest
