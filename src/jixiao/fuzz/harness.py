"""Running one input against a fuzz target and judging the outcome (单个输入的判定).

The only acceptable outcomes of feeding any input to a reader are a result or a clear
error meant for users (:class:`~jixiao.domain.errors.JixiaoError` — ``InputError`` — or
:class:`~jixiao.domain.profile.ProfileError`, with a message). Everything else is a
*failure*:

- ``crash``: any other exception (``TypeError``, ``IndexError``, ``RecursionError`` …);
- ``hang``: the input took longer than the target's time budget (a timer interrupts it
  and the traceback shows where it was);
- ``memory``: ``MemoryError`` (under the long run's address-space limit);
- ``masked``: an internal error that a safety net turned into a result (the value
  grammar answers any text, noting ``内部错误`` when its own code failed);
- ``bad-error``: an allowed error without a message.

A failure has a *signature* — kind, exception type and the innermost frame in jixiao's own
code — so that ten thousand inputs hitting one bug count as one bug.
"""

from __future__ import annotations

import contextlib
import hashlib
import signal
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from jixiao.domain.errors import JixiaoError
from jixiao.domain.profile import ProfileError
from jixiao.ingest.limits import ChildError

if TYPE_CHECKING:
    from jixiao.fuzz.targets import FuzzTarget

__all__ = [
    "EDITABLE",
    "Failure",
    "FuzzTimeout",
    "MaskedError",
    "execute",
    "time_budget",
]

_PACKAGE = Path(__file__).resolve().parent.parent  # src/jixiao

# Modules whose crashes the fuzzing owner fixes; a crash elsewhere is reported to the owner
# of that module (the failure says where).
EDITABLE = frozenset(
    {
        "ingest/sniff.py",
        "ingest/pdf.py",
        "ingest/xlsx.py",
        "ingest/docx.py",
        "ingest/html.py",
        "ingest/files.py",
        "ingest/grid.py",
        "ingest/tabular.py",
        "ingest/limits.py",
        "monitor/ledger.py",
        "monitor/progress.py",
        "monitor/adjustments.py",
        "evaluate/actuals.py",
    }
)


class FuzzTimeout(BaseException):
    """Raised by the time budget's timer; a BaseException so ``except Exception`` in the
    code under test cannot swallow it."""


class MaskedError(Exception):
    """An internal error a safety net turned into a result (reported, not hidden)."""


@dataclass(frozen=True, slots=True)
class Failure:
    """One failing input's verdict: kind, exception, where, and the traceback."""

    kind: str  # crash | hang | memory | masked | bad-error | signal
    exception: str  # type name
    message: str
    location: str  # "ingest/pdf.py:412 in _grid_of" (innermost frame in jixiao's code)
    trace: str

    @property
    def module(self) -> str:
        """The jixiao module the failure is in (``ingest/pdf.py``), or ``""``."""
        return self.location.split(":", 1)[0] if self.location else ""

    @property
    def editable(self) -> bool:
        return self.module in EDITABLE

    @property
    def signature(self) -> str:
        """Short stable id: the same bug gives the same signature whatever the input."""
        where = self.location
        if self.kind == "hang":  # a hang is interrupted anywhere inside its loop
            where = where.split(":", 1)[0] + ":" + where.rsplit(" in ", 1)[-1]
        key = f"{self.kind}|{self.exception}|{where}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]

    def summary(self) -> str:
        return f"{self.kind} {self.exception} at {self.location or '?'}: {self.message[:200]}"


def _location(tb: TracebackType | None) -> str:
    """The innermost frame of the traceback that lies in jixiao's own code (not fuzz)."""
    found = ""
    for frame, line in traceback.walk_tb(tb):
        path = Path(frame.f_code.co_filename)
        try:
            rel = path.resolve().relative_to(_PACKAGE)
        except ValueError:
            continue
        if rel.parts and rel.parts[0] == "fuzz":
            continue
        found = f"{rel.as_posix()}:{line} in {frame.f_code.co_name}"
    return found


def _failure(kind: str, exc: BaseException) -> Failure:
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    if isinstance(exc, MaskedError) and exc.__cause__ is not None:
        exc = exc.__cause__  # the internal error itself: its type and place
    return Failure(
        kind=kind,
        exception=type(exc).__name__,
        message=str(exc)[:500],
        location=_location(exc.__traceback__),
        trace=trace[-20000:],
    )


def _on_alarm(signum: int, frame: object) -> None:
    raise FuzzTimeout("time budget exceeded")


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise :class:`FuzzTimeout` in this (main) thread after ``seconds``."""
    if seconds <= 0 or not hasattr(signal, "setitimer"):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


ALLOWED: tuple[type[BaseException], ...] = (JixiaoError, ProfileError)

# Messages of the catch-all conversions (a reader library failing on a damaged file becomes
# "已损坏或格式异常"): when the exception behind one was raised in jixiao's own code, it is
# a bug of ours shown to the user as a damaged file, and is reported as ``masked``.
_CATCH_ALL = ("已损坏或格式异常", "文本结构过于复杂", "无法解析: ")


def _masked_cause(exc: BaseException) -> Failure | None:
    if not any(marker in str(exc) for marker in _CATCH_ALL):
        return None
    cause = exc.__cause__
    while cause is not None:
        if isinstance(cause, ChildError):  # raised in the reader's isolated child process
            if cause.ours:
                return Failure(
                    "masked", cause.exception, str(exc)[:500], cause.location, cause.trace
                )
            return None
        if not isinstance(cause, ALLOWED) and _location(cause.__traceback__):
            innermost = list(traceback.walk_tb(cause.__traceback__))[-1][0]
            path = Path(innermost.f_code.co_filename).resolve()
            ours = type(cause).__module__ in ("builtins", "decimal") and not isinstance(
                cause, OSError
            )
            if ours and _PACKAGE in path.parents:  # raised by jixiao's code, not a library
                failure = _failure("masked", cause)
                return Failure(
                    "masked", failure.exception, failure.message, failure.location, failure.trace
                )
        cause = cause.__cause__
    return None


def execute(target: FuzzTarget, data: bytes, budget: float | None = None) -> Failure | None:
    """Feed ``data`` to ``target``; ``None`` if the outcome is acceptable, else the failure."""
    seconds = target.budget_s if budget is None else budget
    try:
        with time_budget(seconds):
            target.run(data)
    except ALLOWED as exc:
        if not str(exc).strip():
            return _failure("bad-error", exc)
        return _masked_cause(exc)
    except FuzzTimeout as exc:
        return _failure("hang", exc)
    except MemoryError as exc:
        return _failure("memory", exc)
    except MaskedError as exc:
        return _failure("masked", exc)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # every other exception is a crash
        return _failure("crash", exc)
    return None
