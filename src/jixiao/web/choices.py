"""A typed view of Django's ``TextChoices`` (Django ships no type information).

At run time this is Django's own class; for the type checker it is a ``StrEnum`` whose members
have a ``label``, so ``Role.ADMIN`` is a ``Role`` (and a ``str``), not a tuple.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from enum import StrEnum

    class TextChoices(StrEnum):
        label: str
        choices: ClassVar[list[tuple[str, str]]]
        values: ClassVar[list[str]]
        labels: ClassVar[list[str]]

else:
    from django.db.models import TextChoices

__all__ = ["TextChoices"]
