# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Password policy (口令复杂度): length comes from Django's validator, classes from here."""

from __future__ import annotations

import string
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def character_classes(password: str) -> int:
    """How many of the four classes (upper, lower, digit, other) the password uses."""
    classes = [
        any(c.isupper() for c in password),
        any(c.islower() for c in password),
        any(c in string.digits for c in password),
        any(not c.isalnum() for c in password),
    ]
    return sum(classes)


class CharacterClassesValidator:
    """At least ``min_classes`` of: upper-case letters, lower-case letters, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                _("口令至少须包含大写字母、小写字母、数字、符号中的 %(n)d 类。")
                % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("口令至少须包含大写字母、小写字母、数字、符号中的 %(n)d 类。") % {
            "n": self.min_classes
        }
