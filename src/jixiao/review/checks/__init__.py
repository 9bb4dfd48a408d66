"""The checks of the catalogue, one module per theme; importing this package registers them.

The catalogue order is set by :data:`jixiao.review.catalogue.THEMES`, not by import order.
"""

from jixiao.review.checks import (
    completeness,
    conformity,
    consistency,
    copypaste,
    department,
    measurability,
    misplaced,
    proportion,
    typefit,
)

__all__ = [
    "completeness",
    "conformity",
    "consistency",
    "copypaste",
    "department",
    "measurability",
    "misplaced",
    "proportion",
    "typefit",
]
