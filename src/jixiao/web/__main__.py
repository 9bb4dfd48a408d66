"""``python -m jixiao.web ARGS`` = Django's manage.py with jixiao's settings."""

from __future__ import annotations

import os
import sys

from jixiao.web import DEFAULT_SETTINGS


def main(argv: list[str] | None = None) -> None:
    from django.core.management import execute_from_command_line

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    execute_from_command_line(["jixiao manage", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
