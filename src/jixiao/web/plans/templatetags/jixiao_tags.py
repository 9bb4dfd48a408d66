# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Template filters: decimals without padding zeros (150.000000 → 150)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from jixiao.domain.money import clean_decimal

register = template.Library()


@register.filter
def dec(value: Any) -> str:
    """A Decimal as written by people: ``Decimal("150.000000")`` → ``150``, ``0.50`` → ``0.5``."""
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal):
        return f"{clean_decimal(value):f}"
    return str(value)


@register.simple_tag
def project_rows(projects: Any, project_url: str) -> str:
    """The rows of the department page's project table (every value escaped).

    Built with ``format_html`` rather than a template loop: a department lists up to
    thousands of projects, and this keeps the page fast (see ``bench/bench_web.py``).
    """
    from django.utils.html import format_html, format_html_join

    def row(n: int, p: dict[str, Any]) -> tuple[Any, ...]:
        amount = p["budget_amount"]
        budget = f"{dec(amount)} {p['budget_unit']}" if amount is not None else ""
        return (
            n,
            p["code"],
            project_url,
            p["pk"],
            p["name"] or "(未命名项目)",
            budget,
            p["indicator_count"],
        )

    html = format_html_join(
        "\n",
        '<tr><td>{}</td><td>{}</td><td><a href="{}{}/">{}</a></td><td class="num">{}</td>'
        '<td class="num">{}</td></tr>',
        (row(n, p) for n, p in enumerate(projects, 1)),
    )
    return (
        html if html else format_html('<tr><td colspan="5" class="muted">{}</td></tr>', "暂无项目")
    )
