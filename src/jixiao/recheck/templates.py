"""Which template a published form follows (自评表模板识别), and so which profile rechecks it.

Published forms follow different layouts and weightings: the national 10号 form (预算执行率
10, 产出 50 / 效益 30 / 满意度 10), the Sichuan 10 + 90 form (绩效指标(90分) spread by the
unit's 权重), a Hubei-style form (预算执行情况 20分, 得分 = 20分 × 执行率) … Each is a rule
profile; a profile takes part in detection when it has a ``[recheck.template]`` section
(``recheck.toml``). The points a template expects are read from the profile's own
``evaluate.toml`` (never repeated), the words that mark its layout from ``markers``.

:func:`detect_template` compares what the form prints — the 分值 of its execution row or
heading, the points beside its level-1 headings, a single 绩效指标(N分) pool, the sums of its
row weights, its header words — with every candidate and returns the best one with the
reasons in Chinese. A form that matches nothing better is rechecked under ``national``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from jixiao.domain.profile import ProfileError, RuleProfile, bundled_profiles, load_profile
from jixiao.domain.text import normalize
from jixiao.evaluate.settings import EvaluateSettings
from jixiao.recheck.form import PublishedForm

__all__ = ["TemplateChoice", "candidate_profiles", "detect_template", "forced_template"]

DEFAULT_PROFILE = "national"


@dataclass(frozen=True, slots=True)
class TemplateChoice:
    """The profile a form is rechecked under and why (``reasons``, Chinese)."""

    profile: RuleProfile
    forced: bool
    reasons: tuple[str, ...]
    score: int = 0
    ranking: tuple[tuple[str, int], ...] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        return self.profile.name

    def describe(self) -> str:
        how = "用户指定" if self.forced else "自动识别"
        why = "; ".join(self.reasons) if self.reasons else "无明显特征, 采用默认规则"
        return f"{self.profile.name} ({self.profile.title}) — {how}: {why}"


@lru_cache(maxsize=32)
def _load(name: str) -> RuleProfile:
    return load_profile(name)


def candidate_profiles() -> list[RuleProfile]:
    """Bundled profiles that describe a published template (have ``[recheck.template]``)."""
    out: list[RuleProfile] = []
    for name in bundled_profiles():
        try:
            rp = _load(name)
        except ProfileError:
            continue
        section = rp.section("recheck")
        if isinstance(section.get("template"), dict):
            out.append(rp)
    return out


def _fmt(d: Decimal) -> str:
    text = f"{d:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def form_execution_points(form: PublishedForm) -> Decimal | None:
    """The 分值 the form prints for 预算执行率 (money row or heading)."""
    row = form.total_row
    if row is not None:
        pts = row.amount("points")
        if pts is not None and pts > 0:
            return pts
    for r in form.money:
        pts = r.amount("points")
        if pts is not None and pts > 0:
            return pts
    return form.execution_points


def _group_sums(form: PublishedForm, profile: RuleProfile) -> dict[str, Decimal]:
    """Σ of the published row weights per canonical level-1 group (rows with a weight)."""
    cats = profile.categories
    sums: dict[str, Decimal] = {}
    for r in form.indicators:
        w = r.weight_value
        if w is None:
            continue
        l1 = cats.find_level1(r.level1) or (cats.parent_of(r.level2) if r.level2 else None)
        name = l1.name if l1 else "?"
        sums[name] = sums.get(name, Decimal(0)) + w
    return sums


def _evaluate(form: PublishedForm, profile: RuleProfile) -> tuple[int, list[str]]:
    """How well a form fits a profile's template: a score and the reasons (Chinese)."""
    settings = EvaluateSettings.from_profile(profile)
    template = profile.section("recheck").get("template", {})
    score = 0
    reasons: list[str] = []
    exec_pts = form_execution_points(form)
    if exec_pts is not None:
        if exec_pts == settings.execution.points:
            score += 4
            reasons.append(f"预算执行率分值 {_fmt(exec_pts)} 分")
        else:
            score -= 3
    if settings.mode == "unit_weights":
        if form.indicator_points is not None:
            if form.indicator_points == settings.indicator_points:
                score += 4
                reasons.append(f"绩效指标合计 {_fmt(form.indicator_points)} 分 (单位自定权重)")
            else:
                score -= 2
        named = {k: v for k, v in form.group_points.items() if k != "?"}
        if named:
            score -= 2
        total = sum((w for r in form.indicators if (w := r.weight_value) is not None), Decimal(0))
        if total and total == settings.indicator_points:
            score += 2
            reasons.append(f"指标权重合计 {_fmt(total)}")
    else:
        named = {k: v for k, v in form.group_points.items() if k != "?"}
        hits = [g for g, p in named.items() if settings.groups.get(g) == p]
        misses = [g for g, p in named.items() if g in settings.groups and settings.groups[g] != p]
        if hits:
            score += 2 * len(hits)
            reasons.append(
                "一级指标分值 " + " / ".join(f"{g} {_fmt(named[g])}" for g in hits)
            )
        score -= 2 * len(misses)
        if form.indicator_points is not None and form.indicator_points != sum(
            settings.groups.values(), Decimal(0)
        ):
            score -= 2
        sums = _group_sums(form, profile)
        rows = form.indicators
        complete = bool(rows) and all(r.weight_value is not None for r in rows)
        if complete and not form.missing:
            good = [g for g, s in sums.items() if settings.groups.get(g) == s]
            bad = [g for g, s in sums.items() if g in settings.groups and settings.groups[g] != s]
            if good and not bad:
                score += 1
                reasons.append("各组指标分值之和与模板一致")
            score -= len(bad)
    text = form.text
    markers = [str(m) for m in template.get("markers", [])]
    found = [m for m in markers if normalize(m) and normalize(m) in text]
    if found:
        score += len(found)
        reasons.append("表头/标记: " + "、".join(found[:4]) + (" …" if len(found) > 4 else ""))
    return score, reasons


def detect_template(
    form: PublishedForm, candidates: Sequence[RuleProfile] | None = None
) -> TemplateChoice:
    """The candidate profile whose template fits ``form`` best (ties: ``priority``, then
    ``national``), with the reasons."""
    profiles = list(candidates) if candidates is not None else candidate_profiles()
    if not profiles:
        rp = _load(DEFAULT_PROFILE)
        return TemplateChoice(rp, False, ("没有可比较的模板, 采用默认规则",))
    scored: list[tuple[int, int, int, RuleProfile, list[str]]] = []
    for rp in profiles:
        try:
            s, reasons = _evaluate(form, rp)
        except ProfileError:
            continue
        template = rp.section("recheck").get("template", {})
        prio = int(template.get("priority", 0)) if isinstance(template, dict) else 0
        default = 1 if rp.name == DEFAULT_PROFILE else 0
        scored.append((s, prio, default, rp, reasons))
    if not scored:
        rp = _load(DEFAULT_PROFILE)
        return TemplateChoice(rp, False, ("没有可比较的模板, 采用默认规则",))
    scored.sort(key=lambda t: (t[0], t[1] if t[0] > 0 else 0, t[2]), reverse=True)
    best = scored[0]
    ranking = tuple((t[3].name, t[0]) for t in scored)
    if best[0] <= 0:
        national = next((t for t in scored if t[3].name == DEFAULT_PROFILE), best)
        return TemplateChoice(
            national[3], False, ("无明显模板特征, 采用默认规则",), national[0], ranking
        )
    return TemplateChoice(best[3], False, tuple(best[4]), best[0], ranking)


def forced_template(profile: RuleProfile | str) -> TemplateChoice:
    """The profile the user named with ``--profile``."""
    rp = profile if isinstance(profile, RuleProfile) else load_profile(profile)
    return TemplateChoice(rp, True, (f"按 --profile {rp.name} 复核",))
