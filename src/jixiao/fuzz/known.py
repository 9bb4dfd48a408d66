"""Known failures in modules the fuzzing owner does not maintain (已知问题, 待其负责人修复).

The fuzzer found these in other modules; each is handed to the module's owner with its
minimal input. Until fixed, the short CI fuzz tests accept them (and only them: any other
failure fails the test), and the long run marks them ``known``. When an owner fixes one,
its entry is deleted here.

A known failure is matched by module, function and exception type, not by line, so that
edits elsewhere in the module do not hide or revive it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.fuzz.harness import Failure, execute

if TYPE_CHECKING:
    from jixiao.fuzz.targets import FuzzTarget

__all__ = ["KNOWN", "KnownFailure", "assert_acceptable", "known"]


@dataclass(frozen=True, slots=True)
class KnownFailure:
    """One reported failure: where it is, what it is, and an input that shows it."""

    target: str  # the target it was found with; "*": any document target reaches it
    module: str  # "domain/jsonio.py"
    function: str
    exception: str
    what: str
    example: str  # a minimal input (the text, or for binary inputs a description)

    def matches(self, failure: Failure) -> bool:
        """Same module, and same function and exception type (``*`` matches any)."""
        function = failure.location.rsplit(" in ", 1)[-1] if failure.location else ""
        return (
            failure.module == self.module
            and self.function in (function, "*")
            and self.exception in (failure.exception, "*")
        )


_PLANFILE = (
    "ingest/planfile.py read_plan_json turns KeyError/ValueError/TypeError/AttributeError into "
    "InputError, but not {exc}"
)

KNOWN: tuple[KnownFailure, ...] = (
    KnownFailure(
        "plan-json",
        "domain/jsonio.py",
        "money_from_dict",
        "AssertionError",
        "an amount of null trips an assert; " + _PLANFILE.format(exc="AssertionError"),
        '{"projects": [{"funds": {"total": {"amount": null}}}]}',
    ),
    KnownFailure(
        "plan-json",
        "domain/jsonio.py",
        "_dec_in",
        "InvalidOperation",
        "a number written as text that is not a number; "
        + _PLANFILE.format(exc="decimal.InvalidOperation (an ArithmeticError)"),
        '{"projects": [{"indicators": [{"weight": "x"}]}]}',
    ),
    KnownFailure(
        "plan-json",
        "domain/jsonio.py",
        "<listcomp>",
        "InvalidOperation",
        "Decimal(c['percent']) of a spending-plan checkpoint; "
        + _PLANFILE.format(exc="decimal.InvalidOperation"),
        '{"projects": [{"spending_plan": [{"label": "x", "month": 1, "percent": "abc"}]}]}',
    ),
    KnownFailure(
        "plan-json",
        "domain/jsonio.py",
        "loads",
        "InvalidOperation",
        "json.loads(parse_float=Decimal) of a number whose exponent is beyond Decimal's "
        "limits; " + _PLANFILE.format(exc="decimal.InvalidOperation"),
        "[1e99999999999999999999]",
    ),
    KnownFailure(
        "plan-json",
        "domain/jsonio.py",
        "loads",
        "RecursionError",
        "JSON nested deeper than Python's recursion limit; "
        + _PLANFILE.format(exc="RecursionError"),
        "[" * 100_000,
    ),
    KnownFailure(
        "*",
        "ingest/funds.py",
        "split_code",
        "FuzzTimeout",
        "_CODE_PREFIX backtracks catastrophically on a long run of digits: 1000 digits take "
        "10 s, 2000 take 85 s (the text, PDF, Excel, Word and HTML readers all reach it "
        "through the 项目编码 field)",
        "split_code('1' * 2000 + ' ')",
    ),
    KnownFailure(
        "*",
        "ingest/layout.py",
        "_merge_tokens",
        "FuzzTimeout",
        "quadratic in the tokens of one line after an open bracket (each token re-searches "
        "the growing cell): 10,000 tokens take 3.5 s, 20,000 take 17 s",
        "parse_text('一级指标 二级指标 三级指标 指标值\\n产出指标 数量指标 签约项目 ≥15个\\n(' "
        "+ ' x' * 20000)",
    ),
    KnownFailure(
        "*",
        "domain/profile.py",
        "category_key",
        "FuzzTimeout",
        "_WEIGHT_NOTE.sub is quadratic on a long run of digits: 8000 digits take 2.5 s, "
        "80,000 about 4 minutes (reached from any level-name cell)",
        "category_key('1' * 8000 + 'x')",
    ),
    KnownFailure(
        "*",
        "domain/money.py",
        "_clean",
        "InvalidOperation",
        "str(Money) of an amount with more than 28 integer digits: quantize exceeds the "
        "context precision (an amount read from a document, e.g. 1e30 万元)",
        "html: 整体绩效目标<td>总额</td>17999999999999999999999999999  (62 bytes; or "
        "str(Money(Decimal('1e30'), MoneyUnit.WAN)))",
    ),
    KnownFailure(
        "profile",
        "domain/profile.py",
        "*",
        "*",
        "a user profile is not validated where it is read: [categories] level1/level2 "
        "entries that are not tables or lack name (Categories.from_section: KeyError, "
        "AttributeError, TypeError), and an extends of 300 characters (_load_raw: "
        "Path.exists raises OSError 'File name too long'); all should be ProfileError",
        'extends = "national"\n[[categories.level1]]\naliases = []\n  |  '
        'extends = "national"\n[categories]\nlevel1 = ["x"]\n  |  '
        'extends = "' + "n" * 300 + '"\n',
    ),
    KnownFailure(
        "profile",
        "domain/values.py",
        "*",
        "*",
        "[values] entries of the wrong type: _compile and _build_units call .get/dict()/"
        "unpacking on whatever the TOML holds (AttributeError, TypeError, ValueError, "
        "InvalidOperation) instead of raising ProfileError; e.g. units = false, words = []",
        'extends = "national"\n[values]\nunits = false\n  and  '
        'extends = "national"\n[values]\nwords = []\n',
    ),
)


def known(target: str, failure: Failure) -> KnownFailure | None:
    """The known failure this one is, if any."""
    for k in KNOWN:
        if k.target in (target, "*") and k.matches(failure):
            return k
    return None


def assert_acceptable(target: FuzzTarget, data: bytes) -> None:
    """Raise AssertionError (with the traceback) unless ``data`` gives a result, a clear
    error, or a known failure of another module. Used by the short CI fuzz tests."""
    failure = execute(target, data)
    if failure is None or known(target.name, failure) is not None:
        return
    folder = os.environ.get("JIXIAO_FUZZ_SAVE")  # keep failing inputs (a CI artefact)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{target.name}-{failure.signature}{target.suffix}").write_bytes(data)
    raise AssertionError(
        f"{target.name}: {failure.summary()}\ninput ({len(data)} bytes): {data[:300]!r}\n"
        f"{failure.trace}"
    )
