"""Compare two plan versions: the fields that differ, by a readable path."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Parts of the interchange JSON that are derived or positional, not what a user changed.
_SKIP = {"source", "normalized", "format", "version", "yuan"}


@dataclass(frozen=True)
class Change:
    path: str
    before: Any
    after: Any


def _key_of(item: Mapping[str, Any], n: int) -> str:
    for key in ("code", "title"):
        if item.get(key):
            return str(item[key])
    return f"#{n + 1}"


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """``{"projects[103001001].indicators[3].target.raw": "15个", …}``."""
    out: dict[str, Any] = {}
    if isinstance(data, Mapping):
        for k, v in data.items():
            if k in _SKIP:
                continue
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(data, list) and data and all(isinstance(x, Mapping) for x in data):
        for n, item in enumerate(data):
            keyed = prefix.endswith(("projects", "sub_goals", "measures"))
            key = _key_of(item, n) if keyed else f"#{n + 1}"
            out.update(flatten(item, f"{prefix}[{key}]"))
    elif isinstance(data, list):
        out[prefix] = "、".join(str(x) for x in data)
    else:
        out[prefix] = data
    return out


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    """Every leaf that differs, in the order of the later version (removed ones last)."""
    a, b = flatten(before), flatten(after)
    changes = [Change(p, a.get(p), v) for p, v in b.items() if a.get(p) != v]
    changes += [Change(p, v, None) for p, v in a.items() if p not in b and v is not None]
    return changes
