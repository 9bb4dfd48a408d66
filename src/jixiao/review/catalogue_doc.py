"""Generate ``docs/checks.md``: every check of the catalogue with its settings and an example.

The example of each check is run through the real review, so the page shows exactly what
``jixiao review`` prints. Regenerate after changing a check, its example or the national
profile::

    python -m jixiao.review.catalogue_doc --write docs/checks.md

A test fails when the committed page is out of date.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jixiao.domain.profile import RuleProfile, load_profile
from jixiao.review.catalogue import THEMES, Check, catalogue
from jixiao.review.engine import review_plan
from jixiao.review.examples import examples
from jixiao.review.report import GradeRule

_COMMON = ("enabled", "severity")
REGENERATE = "python -m jixiao.review.catalogue_doc --write docs/checks.md"


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _join_doc(cls: type[Check]) -> str:
    """The class docstring as one paragraph (Chinese lines joined without spaces)."""
    lines = [ln.strip() for ln in inspect.cleandoc(cls.__doc__ or "").splitlines() if ln.strip()]
    out = ""
    for ln in lines:
        if out and (
            (out[-1].isalnum() and out[-1].isascii()) or (ln[0].isascii() and ln[0].isalnum())
        ):
            out += " "
        out += ln
    return out


def _value(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False)


def _settings(cls: type[Check], profile: RuleProfile) -> list[str]:
    table = profile.section("review").get("checks", {}).get(cls.id, {})
    if not isinstance(table, Mapping):
        table = {"enabled": table}
    keys = [k for k in table if k not in _COMMON]
    lines = []
    for k in keys:
        meaning = cls.settings_doc.get(k, "")
        lines.append(f"  - `{k} = {_value(table[k])}`" + (f" — {meaning}" if meaning else ""))
    return lines


def _example(cls: type[Check], profile: RuleProfile) -> list[str]:
    ex = examples()[cls.id]
    found = review_plan(ex.bad(), profile, checks=[cls.id]).of_check(cls.id)
    if not found:
        return ["- 示例：(示例未触发本规则)"]
    f = found[0]
    lines = ["- 示例（审核输出）：", "", f"  > **{f.severity.label}** {f.location.describe()}  "]
    lines.append(f"  > {f.message}  ")
    if f.quoted:
        lines.append(f"  > 原文：{f.quoted}  ")
    lines.append(f"  > 建议：{f.suggestion}")
    return lines


def _grade_section(profile: RuleProfile) -> list[str]:
    rule = GradeRule.from_profile(profile)
    lines = [
        "## 建议等级 (suggested grade)",
        "",
        "每个项目按下列规则（`[review.grade]`，依次尝试，第一条成立的规则给出等级）得到建议等级；"
        "没有规则成立时为默认等级。等级只是建议，审核结论由审核人决定。",
        "",
    ]
    for n, cond in enumerate(rule.rules, 1):
        lines.append(f"{n}. {cond.describe()}")
    lines.append(f"{len(rule.rules) + 1}. 其他 → {rule.default.value}")
    lines.append("")
    if rule.plan == "worst":
        lines.append(
            "计划（部门整体）的建议等级取各项目等级与部门层面发现（分项目标等）所得等级中最差的一个"
            '（`plan = "worst"`）。'
        )
    else:
        lines.append('计划的建议等级按上述规则对全部发现合并计算（`plan = "pooled"`）。')
    return lines


def render_catalogue(profile: RuleProfile | None = None) -> str:
    """The Markdown of ``docs/checks.md``."""
    profile = profile or load_profile()
    checks = catalogue()
    out = [
        "# 审核规则目录 (review checks)",
        "",
        f"<!-- 由 `{REGENERATE}` 生成，请勿手工修改。 -->",
        "",
        f"`jixiao review` 按以下 {len(checks)} 条规则审核绩效目标。每条规则有编号 (id)、默认级别"
        "（错误 error / 警告 warning / 提示 info）、所属审核内容（完整性、相关性、适当性、可行性、"
        "规范性）和一个示例。示例取自 `jixiao.review.examples`，输出由实际审核得到。",
        "",
        f"规则的开关、级别和阈值都在规则配置中（此处列出的是 `{profile.name}` 配置的取值，"
        "文件 `src/jixiao/profiles/national/review.toml`）。省级配置可以只覆盖其中几项，"
        "例如 `[review.checks.missing-satisfaction]` 下写 `enabled = false`。",
        "",
        "| 规则 | 名称 | 级别 | 审核内容 | 主题 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for cls in checks:
        out.append(
            f"| [`{cls.id}`](#{cls.id}) | {cls.title} | {cls.severity.label} | "
            f"{cls.criterion.value} | {cls.theme} |"
        )
    for theme in THEMES:
        members = [c for c in checks if c.theme == theme]
        if not members:
            continue
        out += ["", f"## {theme}"]
        for cls in members:
            out += [
                "",
                f'<a id="{cls.id}"></a>',
                "",
                f"### `{cls.id}` {cls.title}",
                "",
                f"- 级别：{cls.severity.label}（{cls.severity.value}）"
                f" · 审核内容：{cls.criterion.value}",
                f"- 规则：{_join_doc(cls)}",
                f"- 消息：`{cls.message}`",
            ]
            if cls.superseded_by:
                others = "、".join(f"`{s}`" for s in cls.superseded_by)
                out.append(f"- 同一位置已有 {others} 的发现时不重复报告。")
            settings = _settings(cls, profile)
            if settings:
                out.append("- 设置：")
                out += settings
            out += _example(cls, profile)
    out += ["", *_grade_section(profile), ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成审核规则目录 docs/checks.md")
    parser.add_argument("--write", type=Path, help="写入此文件（默认输出到屏幕）")
    parser.add_argument("--profile", default=None, help="规则配置（默认 national）")
    args = parser.parse_args(argv)
    text = render_catalogue(load_profile(args.profile) if args.profile else None)
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
