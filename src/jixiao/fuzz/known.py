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


# Every failure handed over so far has been fixed by its owner (the plan-JSON reader, the
# profile loader, the value grammar's profile compiler, split_code, the text layout's token
# merging, category_key, str(Money) of huge amounts); each has a regression test in
# tests/test_fuzz_regressions.py. New entries go here with their minimal input.
KNOWN: tuple[KnownFailure, ...] = ()


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
