"""Errors that reach users: a Chinese reason and, where known, the place in the input."""

from __future__ import annotations

from jixiao.domain.model import SourceRef


class JixiaoError(Exception):
    """Base of every error shown to a user without a traceback."""

    def __init__(self, message: str, source: SourceRef | None = None):
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        if self.source is not None:
            return f"{self.source.describe()}: {self.message}"
        return self.message


class InputError(JixiaoError):
    """Bad input (a file, a row, a cell): says where and why."""
