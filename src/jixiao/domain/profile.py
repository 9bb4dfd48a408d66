"""Rule profiles (规则配置): every number and list of the rule book, as data.

A profile is named (``national``, ``sichuan``) or given as a path. A bundled profile is a
folder ``jixiao/profiles/NAME/`` holding ``profile.toml`` (name, title, ``extends``) and one
TOML file per concern (``categories.toml``, ``values.toml``, ``review.toml``,
``monitor.toml``, ``evaluate.toml``); each file's content becomes the section of that name.
A user's profile is usually one TOML file that says ``extends = "national"`` and overrides
only what its province does differently, with ``[monitor]``, ``[evaluate]`` … tables.

Tables merge key by key; any other value (including arrays) replaces the inherited one.
The owner of a concern reads its own section: ``profile.section("monitor")``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from jixiao.domain.target import Comparator
from jixiao.domain.text import normalize

DEFAULT_PROFILE = "national"


class ProfileError(ValueError):
    """A profile that cannot be found or read; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Level2Def:
    """A level-2 category (二级指标) with its aliases and value expectations."""

    name: str
    aliases: tuple[str, ...]
    expected_kind: str  # "quantitative", "time", "any"
    default_comparator: Comparator | None


@dataclass(frozen=True, slots=True)
class Level1Def:
    """A level-1 category (一级指标) and the level-2 categories allowed under it."""

    name: str
    aliases: tuple[str, ...]
    level2: tuple[Level2Def, ...]


# "产出指标(50分)", "成本指标(0-20)分", "数量指标（30分）", "产出指标 50分"
_WEIGHT_NOTE = re.compile(
    r"[(\[]?\s*\d+(?:\.\d+)?\s*(?:[-~]\s*\d+(?:\.\d+)?)?\s*[)\]]?\s*分\s*[)\]]?$"
)


# The longest category name with a weight note is about 20 characters.
_MAX_CATEGORY_CHARS = 64


def category_key(name: str | None) -> str:
    """The matching key of a category name: normalised, weight note and 指标 suffix removed."""
    key = normalize(name)
    if len(key) > _MAX_CATEGORY_CHARS:  # no category name is this long; keeps the regexes linear
        return key
    key = _WEIGHT_NOTE.sub("", key)
    key = re.sub(r"\(.*?\)$", "", key) if not key.startswith("(") else key
    if key.endswith("指标"):
        key = key[: -len("指标")]
    return key


class Categories:
    """The indicator category catalogue of a profile, with alias-tolerant look-up."""

    def __init__(self, level1: tuple[Level1Def, ...]):
        self.level1 = level1
        self._l1: dict[str, Level1Def] = {}
        self._l2: dict[str, list[tuple[Level1Def, Level2Def]]] = {}
        for l1 in level1:
            for n in (l1.name, *l1.aliases):
                self._l1.setdefault(category_key(n), l1)
            for l2 in l1.level2:
                for n in (l2.name, *l2.aliases):
                    self._l2.setdefault(category_key(n), []).append((l1, l2))

    @classmethod
    def from_section(cls, section: Mapping[str, Any]) -> Categories:
        level1 = []
        for l1 in section.get("level1", []):
            level2 = tuple(
                Level2Def(
                    name=l2["name"],
                    aliases=tuple(l2.get("aliases", ())),
                    expected_kind=l2.get("expected_kind", "any"),
                    default_comparator=(
                        Comparator(l2["default_comparator"])
                        if l2.get("default_comparator")
                        else None
                    ),
                )
                for l2 in l1.get("level2", [])
            )
            level1.append(Level1Def(l1["name"], tuple(l1.get("aliases", ())), level2))
        return cls(tuple(level1))

    def find_level1(self, name: str | None) -> Level1Def | None:
        """The level-1 category this name stands for (aliases and weight notes allowed)."""
        if not name:
            return None
        return self._l1.get(category_key(name))

    def find_level2(self, name: str | None, level1: str | None = None) -> Level2Def | None:
        """The level-2 category; with ``level1`` given, the one under that level-1 first."""
        if not name:
            return None
        found = self._l2.get(category_key(name), [])
        if not found:
            return None
        parent = self.find_level1(level1)
        if parent is not None:
            for l1, l2 in found:
                if l1 is parent:
                    return l2
        return found[0][1]

    def parent_of(self, level2: str | None) -> Level1Def | None:
        """The level-1 category a level-2 name belongs to (first match)."""
        found = self._l2.get(category_key(level2), []) if level2 else []
        return found[0][0] if found else None

    def is_level1(self, name: str | None) -> bool:
        return self.find_level1(name) is not None

    def is_level2(self, name: str | None) -> bool:
        return self.find_level2(name) is not None


@dataclass(frozen=True)
class RuleProfile:
    """A loaded profile: its name, title, the chain it extends, and the merged data."""

    name: str
    title: str
    chain: tuple[str, ...]
    data: Mapping[str, Any]

    def section(self, name: str) -> Mapping[str, Any]:
        """One concern's settings (``{}`` when the profile has none)."""
        value = self.data.get(name, {})
        if not isinstance(value, Mapping):
            raise ProfileError(f"规则配置 {self.name}: [{name}] 应为表 (table)")
        return value

    @cached_property
    def categories(self) -> Categories:
        try:
            return Categories.from_section(self.section("categories"))
        except ProfileError:
            raise
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            # an entry that is not a table, lacks its name, or names an unknown comparator
            raise ProfileError(
                f"规则配置 {self.name}: [categories] 设置有误 ({type(exc).__name__}: {exc}); "
                "每个 level1/level2 条目应为含 name 的表"
            ) from exc

    def default_comparator(
        self, level2: str | None, level1: str | None = None
    ) -> Comparator | None:
        """指标性质 to assume when the value has no comparator word, by category."""
        l2 = self.categories.find_level2(level2, level1)
        return l2.default_comparator if l2 else None


def _deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, Mapping) and isinstance(out.get(k), Mapping):
            out[k] = _deep_merge(out[k], v)
        else:
            out[k] = v
    return out


def bundled_profiles() -> list[str]:
    """Names of the profiles shipped with jixiao."""
    root = resources.files("jixiao.profiles")
    return sorted(
        p.name for p in root.iterdir() if p.is_dir() and p.joinpath("profile.toml").is_file()
    )


def _read_toml(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"规则配置文件 {where} 不是有效的 TOML: {exc}") from exc


def _load_bundled(name: str) -> dict[str, Any]:
    folder = resources.files("jixiao.profiles").joinpath(name)
    meta_file = folder.joinpath("profile.toml")
    if not meta_file.is_file():
        raise ProfileError(
            f"找不到规则配置 {name!r}; 可用: {', '.join(bundled_profiles())}, 或给出 .toml 文件路径"
        )
    data = _read_toml(meta_file.read_text(encoding="utf-8"), f"{name}/profile.toml")
    for f in sorted(folder.iterdir(), key=lambda p: p.name):
        if f.name.endswith(".toml") and f.name != "profile.toml":
            section = f.name[: -len(".toml")]
            data[section] = _read_toml(f.read_text(encoding="utf-8"), f"{name}/{f.name}")
    return data


def _load_raw(ref: str | Path) -> dict[str, Any]:
    path = Path(ref)
    try:
        if path.suffix == ".toml" or path.exists():
            if not path.is_file():
                raise ProfileError(f"规则配置文件不存在: {path}")
            return _read_toml(path.read_text(encoding="utf-8"), str(path))
        return _load_bundled(str(ref))
    except OSError as exc:  # a name the file system refuses (too long, NUL), unreadable
        raise ProfileError(f"无法读取规则配置 {str(ref)[:80]!r}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ProfileError(f"规则配置文件 {str(ref)[:80]} 应为 UTF-8 编码") from exc


def load_profile(ref: str | Path | None = None) -> RuleProfile:
    """Load a profile by bundled name or file path, resolving ``extends`` chains."""
    ref = DEFAULT_PROFILE if ref is None else ref
    chain: list[str] = []
    layers: list[dict[str, Any]] = []
    current: str | Path | None = ref
    while current is not None:
        key = str(current)
        if key in chain:
            raise ProfileError(f"规则配置循环继承: {' → '.join([*chain, key])}")
        chain.append(key)
        raw = _load_raw(current)
        layers.append(raw)
        parent = raw.get("extends")
        if parent is not None and not isinstance(parent, str):
            raise ProfileError(f"规则配置 {key}: extends 应为配置名或路径")
        if parent and isinstance(current, Path | str) and Path(str(current)).is_file():
            candidate = Path(str(current)).parent / parent
            if candidate.suffix == ".toml" and candidate.is_file():
                parent = str(candidate)
        current = parent
    merged: dict[str, Any] = {}
    for layer in reversed(layers):
        merged = _deep_merge(merged, layer)
    merged.pop("extends", None)
    name = str(layers[0].get("name") or Path(str(ref)).stem)
    title = str(layers[0].get("title") or name)
    return RuleProfile(name=name, title=title, chain=tuple(chain), data=merged)
