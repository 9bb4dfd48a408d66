"""Fuzzing every input kind (模糊测试): the only outcomes are a result or a clear error.

- :mod:`jixiao.fuzz.targets` — one target per input kind (value grammar, text ingester,
  PDF, Excel, Word, HTML, payments ledger, progress, adjustments, actuals, Plan JSON, rule
  profile), each a function from bytes to a result;
- :mod:`jixiao.fuzz.mutate` — mutation strategies over seed corpora
  (:mod:`jixiao.fuzz.corpus`); :mod:`jixiao.fuzz.strategies` — hypothesis strategies for
  structured inputs;
- :mod:`jixiao.fuzz.harness` — running one input with a time budget and judging it;
- :mod:`jixiao.fuzz.runner` — the long, supervised run behind ``jixiao fuzz``.

The short versions run in CI (``tests/test_fuzz_*.py``); how to run the long one and what
counts as a failure is in ``docs/fuzzing.md``.
"""

from jixiao.fuzz.harness import Failure, execute
from jixiao.fuzz.targets import TARGETS, FuzzTarget, get_target, target_names

__all__ = ["TARGETS", "Failure", "FuzzTarget", "execute", "get_target", "target_names"]
