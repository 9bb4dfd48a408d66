"""The fuzz targets: one per kind of input a user can give jixiao (模糊测试目标).

Each target is a function from bytes to a result, and the inputs it is fed: mutations of
its seed corpus and structured inputs from :mod:`jixiao.fuzz.strategies`. File targets
write the bytes to a temporary file with the kind's extension and call the reader exactly
as the command line does.

========================  ===============================================================
target                    what is called
========================  ===============================================================
``value``                 ``parse_target`` (in four row contexts), ``format_target``,
                          ``basis_code`` on the text
``value-columns``         ``parse_target_columns`` on ``指标性质\\x1f指标值\\x1f度量单位``
``text``                  the text ingester ``parse_text``
``pdf`` ``xlsx`` ``xls``  ``ingest.files.parse_document`` (sniff, read, assemble)
``docx`` ``html``
``ledger``                ``monitor.ledger.read_ledger`` (CSV, or XLSX by content)
``progress``              ``monitor.progress.read_progress`` (YAML or CSV/XLSX)
``adjustments``           ``monitor.adjustments.read_adjustments``
``actuals``               ``evaluate.actuals.read_actuals`` (YAML or CSV/XLSX)
``plan-json``             ``ingest.planfile.load_plan`` on a ``.json`` file
``profile``               ``load_profile`` on a user ``.toml``, then its categories, the
                          value grammar, the ingest limits and the monitoring rules
========================  ===============================================================
"""

from __future__ import annotations

import atexit
import json
import random
import shutil
import tempfile
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from hypothesis import strategies as st

from jixiao.fuzz import strategies as gen
from jixiao.fuzz.corpus import Corpus
from jixiao.fuzz.harness import MaskedError
from jixiao.fuzz.mutate import mutate_bytes, mutate_pdf, mutate_text, mutate_tree, mutate_zip

if TYPE_CHECKING:
    from jixiao.domain.model import Plan
    from jixiao.domain.profile import RuleProfile

__all__ = ["TARGETS", "FuzzTarget", "get_target", "target_names"]

Strategy = st.SearchStrategy[bytes]


@dataclass(frozen=True)
class FuzzTarget:
    """One input kind: how to run an input, what inputs to try, how long one may take."""

    name: str
    title: str
    run: Callable[[bytes], object]
    inputs: Callable[[Corpus], Strategy]
    budget_s: float
    suffix: str  # extension used when a failing input is saved


# ---------------------------------------------------------------- helpers


@cache
def _workdir() -> Path:
    path = Path(tempfile.mkdtemp(prefix="jixiao-fuzz-"))
    atexit.register(shutil.rmtree, path, True)
    return path


def _file(data: bytes, suffix: str) -> Path:
    path = _workdir() / f"input{suffix}"
    path.write_bytes(data)
    return path


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


@cache
def _profile() -> RuleProfile:
    from jixiao.domain.profile import load_profile

    return load_profile("national")


@cache
def _rules() -> Any:
    from jixiao.monitor.rules import rules_from_profile

    return rules_from_profile(_profile())


@cache
def _plan() -> Plan:
    """The seed plan (two projects and their indicators) for progress and adjustments."""
    from jixiao.domain.model import Indicator, Plan, Project
    from jixiao.domain.values import parse_target

    corpus = Corpus.default()
    if corpus.seed_text:
        from jixiao.ingest import parse_text

        plan = parse_text(corpus.seed_text)
        if plan.projects:
            return plan
    names = ["签约项目", "跨境电商交易额", "项目完成率", "完成时间", "增加就业", "投资者满意度"]
    values = ["≥15个", "≥26亿元", "100%", "2023年12月底前", "≥1800人", "≥95%"]
    indicators = [
        Indicator(level1=None, level2=None, level3=n, target=parse_target(v))
        for n, v in zip(names, values, strict=True)
    ]
    return Plan(
        year=2023,
        projects=[
            Project(code="103001001", name="招商费用", indicators=indicators),
            Project(code="103001002", name="扶持资金", indicators=list(indicators)),
        ],
    )


def _table_suffix(data: bytes, text_suffix: str) -> str:
    if data.startswith(b"PK\x03\x04"):
        return ".xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return ".xls"
    return text_suffix


def _looks_yaml(data: bytes) -> bool:
    for line in data[:4096].decode("utf-8", "replace").splitlines():
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        return s.startswith(("-", "{", "[", "---")) or (": " in s or s.endswith(":"))
    return False


def _seeded(
    mutate: Callable[[random.Random, bytes], bytes], seeds: Sequence[bytes]
) -> Strategy | None:
    """Mutations (1–3 rounds) of one of ``seeds``, each drawn from a hypothesis seed."""
    if not seeds:
        return None

    def build(seed: int, index: int) -> bytes:
        rng = random.Random(seed)
        data = seeds[index % len(seeds)]
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            data = mutate(rng, data)
        return data

    return st.builds(build, st.integers(0, 2**63), st.integers(0, len(seeds) - 1))


def _remix(mutate: Callable[[random.Random, bytes], bytes], structured: Strategy) -> Strategy:
    """Mutations of structured inputs (valid shapes, then damaged)."""
    return st.builds(
        lambda seed, data: mutate(random.Random(seed), data), st.integers(0, 2**63), structured
    )


def _mix(
    seeds: Sequence[bytes],
    mutate: Callable[[random.Random, bytes], bytes],
    structured: Strategy,
) -> Strategy:
    """The inputs of a target: about half mutated samples, the rest structured inputs
    (a third of them mutated in turn)."""
    mutated = _seeded(mutate, seeds)
    options: list[Strategy] = [structured, structured, _remix(mutate, structured)]
    if mutated is not None:
        options += [mutated, mutated, mutated]
    return st.one_of(options)


def _text_mutator(
    tokens: Sequence[str], others: Sequence[str] = ()
) -> Callable[[random.Random, bytes], bytes]:
    def mutate(rng: random.Random, data: bytes) -> bytes:
        text = mutate_text(rng, _text(data), tokens=tokens, others=others)
        return text.encode("utf-8", "surrogatepass")

    return mutate


def _tree_mutator(
    kind: str, keys: Sequence[str], text_tokens: Sequence[str]
) -> Callable[[random.Random, bytes], bytes]:
    """Mutate the parsed tree of a JSON/YAML/TOML input (3 times in 4), else its text."""
    as_text = _text_mutator(text_tokens)

    def mutate(rng: random.Random, data: bytes) -> bytes:
        if rng.random() < 0.25:
            return as_text(rng, data)
        try:
            if kind == "json":
                tree: Any = json.loads(data)
            elif kind == "yaml":
                tree = yaml.safe_load(data)
            else:
                tree = tomllib.loads(_text(data))
        except Exception:  # not parseable (already mutated text): mutate the text
            return as_text(rng, data)
        try:
            tree = mutate_tree(rng, tree, keys=keys)
        except RecursionError:  # a tree nested deeper than copy.deepcopy can follow
            return as_text(rng, data)
        try:
            if kind == "json":
                return json.dumps(tree, ensure_ascii=False, indent=rng.choice((None, 2))).encode()
            if kind == "yaml":
                text = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)
                return text.encode("utf-8", "surrogatepass")
            if not isinstance(tree, dict):
                tree = {"x": tree}
            return gen.toml_dumps(tree).encode("utf-8", "surrogatepass")
        except Exception:  # a tree the writer cannot write (too deep, odd keys)
            return as_text(rng, data)

    return mutate


def _byte_mutator(
    tokens: Sequence[bytes], others: Sequence[bytes] = ()
) -> Callable[[random.Random, bytes], bytes]:
    def mutate(rng: random.Random, data: bytes) -> bytes:
        return mutate_bytes(rng, data, tokens=tokens, others=others)

    return mutate


def _str_tokens(*groups: Sequence[str]) -> list[str]:
    return [t for g in groups for t in g]


def _b(tokens: Sequence[str]) -> list[bytes]:
    return [t.encode("utf-8") for t in tokens]


VALUE_TOKENS = _str_tokens(
    gen.COMPARATORS, gen.UNITS, gen.TIME_WORDS, gen.WORDS, gen.CN_NUMBERS, ["\x00", "\n"]
)
TEXT_TOKENS = _str_tokens(
    gen.LABELS,
    gen.LEVELS,
    gen.NAMES,
    VALUE_TOKENS,
    ["\n", "\t", "  ", " | ", "|", "\r", "\f", "\u2028", "\ufeff", "（", "）"],
)
PDF_TOKENS = _b(
    [
        "obj",
        "endobj",
        "stream",
        "endstream",
        "/Length 0",
        "/Length 999999999",
        "xref",
        "trailer",
        "startxref",
        "%%EOF",
        "/Type /Page",
        "/Kids [",
        "/Count 100000",
        "/MediaBox",
        "/Contents",
        "/Filter /FlateDecode",
        " re ",
        " m ",
        " l ",
        " S ",
        " f ",
        "BT",
        "ET",
        " Tj",
        " TJ",
        " Td",
        " Tf",
        " q ",
        " Q ",
        " cm",
        "<<",
        ">>",
        "[",
        "]",
        "(",
        ")",
        "999999999",
        "-1",
        "0 0 R",
        "1 0 R",
        "/F1 7 Tf",
        "0 0 m 1e30 1e30 l S",
        "NaN",
        "1e309",
    ]
)
XML_TOKENS = _str_tokens(
    [
        "<row>",
        "</row>",
        '<c r="XFD1048576">',
        '<c r="A1048576" t="s">',
        'r="A1"',
        ' t="s"',
        ' t="inlineStr"',
        ' t="e"',
        ' t="b"',
        "<v>",
        "</v>",
        "<v>99999</v>",
        "<is><t>",
        "</t></is>",
        '<mergeCell ref="A1:XFD1048576"/>',
        '<mergeCell ref="B2:A1"/>',
        "<w:tc>",
        "</w:tc>",
        "<w:tr>",
        "</w:tr>",
        '<w:gridSpan w:val="1000000"/>',
        '<w:gridSpan w:val="-3"/>',
        "<w:vMerge/>",
        '<w:vMerge w:val="restart"/>',
        '<w:gridBefore w:val="99999"/>',
        "<w:p>",
        "<w:t>",
        "</w:t>",
        "<w:tbl>",
        "</w:tbl>",
        "&amp;",
        "&#0;",
        "&#xFFFF;",
        "<![CDATA[",
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
        "&a;",
        "<x:c>",
        ' s="1"',
        ' s="999"',
        'numFmtId="9"',
        'formatCode="0%"',
        'state="hidden"',
        'name=""',
        "\x00",
    ],
    gen.LABELS[:12],
    gen.NAMES[:8],
)
HTML_TOKENS = _str_tokens(
    [
        "<table>",
        "</table>",
        "<tr>",
        "</tr>",
        "<td>",
        "</td>",
        '<td rowspan="0">',
        '<td colspan="1000">',
        '<td rowspan="99999">',
        '<td colspan="-1">',
        "<th>",
        "<br>",
        "<script>",
        "</script>",
        '<meta charset="gbk">',
        '<meta charset="x-unknown">',
        "&nbsp;",
        '<td style="display:none">',
        "<table><tr><td><table>",
        "<caption>",
        "<tbody>",
        "<p>",
        "<!--",
        "-->",
        "<?xml version='1.0'?>",
        "\x00",
        "<div>" * 50,
    ],
    gen.LABELS[:12],
    gen.LEVELS[:4],
)
CSV_TOKENS = _str_tokens(
    [
        ",",
        '"',
        "\n",
        "\r",
        "\t",
        ";",
        "2023-07-31",
        "2023年7月31日",
        "20230731",
        "45000",
        "2958466",
        "19000101",
        "(100.00)",
        "¥",
        "支付金额(万元)",
        "支付金额(亿)",
        "支付金额(美元)",
        "103001001",
        "103001002",
        "合计",
        "项目编码",
        "支付日期",
        "三级指标",
        "预算执行",
        "调整后预算数(万元)",
        "调整金额",
        "调整日期",
        "实际完成值",
        "全年执行数(元)",
        "\ufeff",
    ],
    gen.WORDS,
    ["1e999", "NaN", "-0", "Infinity"],
)
YAML_TOKENS = _str_tokens(
    [
        "- ",
        ": ",
        "&a ",
        "*a",
        "!!python/object:os.system",
        "[",
        "]",
        "{",
        "}",
        "? ",
        "|",
        ">",
        "---",
        "...",
        "%YAML 1.1",
        "!!binary",
        "~",
        "null",
        "1e400",
        ".nan",
        ".inf",
        "2023-13-45",
        "2023-07-31",
        "project_code: ",
        "indicator: ",
        "projects:",
        "funds:",
        "indicators:",
        "level3: ",
        "index: ",
        "actual: ",
        "score: ",
        "weight: ",
        "unit: 斤",
        "0x1F",
        "0o17",
        "1_000",
        "!!float",
        "!!int",
        "<<: *a",
        "\t",
        "\x00",
        "'",
        '"',
    ],
    CSV_TOKENS[:20],
)
JSON_TOKENS = _str_tokens(
    [
        '"',
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "null",
        "true",
        "1e999",
        "-0",
        "NaN",
        "Infinity",
        '"kind": "nonsense"',
        '"amount": null',
        '"month": "x"',
        '"percent": "abc"',
        '"source": {"bogus": 1}',
        '"deadline": "2023-02-30"',
        "[" * 50,
        "]" * 50,
    ],
    [f'"{k}"' for k in gen.PLAN_KEYS],
)
TOML_TOKENS = _str_tokens(
    [
        "[",
        "]",
        "[[",
        "]]",
        " = ",
        '"',
        "'''",
        '"""',
        "extends = ",
        "inf",
        "nan",
        "1979-05-27",
        "0x10",
        "true",
        "[categories]",
        "[[categories.level1]]",
        "[[categories.level1.level2]]",
        "[values]",
        "[monitor]",
        "[ingest]",
        "max_pdf_pages = 0",
        "max_file_mb = -1",
        "default_comparator = ",
        "aliases = ",
        "name = ",
        "\n",
    ],
    [f"{k} = " for k in gen.PROFILE_KEYS],
)


# ---------------------------------------------------------------- runners

_CONTEXTS: tuple[dict[str, Any], ...] = (
    {},
    {"level1": "产出指标", "level2": "时效指标", "year": 2023},
    {"level1": "成本指标", "level2": "经济成本指标", "year": 2023},
    {"level2": "数量指标", "year": 1},
)


def _check_masked(target: Any, call: Callable[[], Any]) -> None:
    from jixiao.domain.values import _INTERNAL_NOTE

    if any(n.startswith(_INTERNAL_NOTE) for n in target.notes):
        try:
            call()
        except Exception as exc:
            raise MaskedError(f"内部错误被掩盖: {type(exc).__name__}: {exc}") from exc
        raise MaskedError(f"内部错误被掩盖: {target.notes}")


def run_value(data: bytes) -> object:
    from jixiao.domain import values

    text = _text(data)
    for ctx in _CONTEXTS:
        t = values.parse_target(text, **ctx)

        def again(ctx: dict[str, Any] = ctx) -> object:
            p, g = values._grammar(None)
            c = values._context(g, p, ctx.get("level1"), ctx.get("level2"), ctx.get("year"))
            return values._parse(g, text, c)

        _check_masked(t, again)
        values.format_target(t)
    return values.basis_code(text)


def run_value_columns(data: bytes) -> object:
    from jixiao.domain import values

    parts: list[str | None] = [p or None for p in _text(data).split("\x1f")[:3]]
    parts += [None] * (3 - len(parts))
    cmp, value, unit = parts
    for ctx in _CONTEXTS[:2]:
        t = values.parse_target_columns(cmp, value, unit, **ctx)

        def again(ctx: dict[str, Any] = ctx) -> object:
            p, g = values._grammar(None)
            c = values._context(g, p, ctx.get("level1"), ctx.get("level2"), ctx.get("year"))
            raw = " ".join(x.strip() for x in (cmp, value, unit) if x and x.strip())
            return values._parse_columns(g, c, cmp, value, unit, raw)

        _check_masked(t, again)
        values.format_target(t)
    return None


def run_text(data: bytes) -> object:
    from jixiao.ingest import parse_text

    return parse_text(_text(data), source_name="fuzz.txt", profile=_profile())


def _document(suffix: str) -> Callable[[bytes], object]:
    def run(data: bytes) -> object:
        from jixiao.ingest.files import parse_document

        return parse_document(_file(data, suffix), _profile())

    return run


# The table readers' targets carry on through the engine that uses what they read, to the
# report a user would see (monitoring report, self-evaluation, review): what a reader lets
# through must not break the arithmetic, the rounding or the printing behind it.

_AS_OF = date(2023, 7, 31)


def _codes() -> list[str]:
    """The project codes of the plan the monitoring targets run on (as run_monitor takes them)."""
    return [p.code for p in _plan().projects if p.code]


@cache
def _fixed_ledger() -> Any:
    """A small ledger of the seed's projects, for the progress and adjustments targets."""
    from jixiao.monitor.ledger import read_ledger

    path = _workdir() / "fixed-ledger.csv"  # not input.csv: the fuzzed file goes there
    path.write_text(
        "支付日期,项目编码,支付金额\n2023-03-01,103001001,500000\n2023-06-30,103001002,20000000\n",
        encoding="utf-8",
    )
    return read_ledger(path, project_codes=_codes(), as_of=_AS_OF, rules=_rules())


def _monitored(ledger: Any, progress: Any = None, adjustments: Any = None) -> object:
    from jixiao.domain import jsonio
    from jixiao.monitor.report import monitor_plan, report_to_dict

    report = monitor_plan(
        _plan(), as_of=_AS_OF, ledger=ledger, rules=_rules(), progress=progress,
        adjustments=adjustments,
    )  # fmt: skip
    return jsonio.dumps(report_to_dict(report))


def run_ledger(data: bytes) -> object:
    from jixiao.monitor.ledger import read_ledger

    path = _file(data, _table_suffix(data, ".csv"))
    return _monitored(read_ledger(path, project_codes=_codes(), as_of=_AS_OF, rules=_rules()))


def run_progress(data: bytes) -> object:
    from jixiao.monitor.progress import read_progress

    suffix = ".yaml" if _looks_yaml(data) else _table_suffix(data, ".csv")
    progress = read_progress(_file(data, suffix), _plan(), _rules())
    return _monitored(_fixed_ledger(), progress=progress)


def run_adjustments(data: bytes) -> object:
    from jixiao.monitor.adjustments import read_adjustments

    path = _file(data, _table_suffix(data, ".csv"))
    adjustments = read_adjustments(path, _plan(), _AS_OF, _rules())
    return _monitored(_fixed_ledger(), adjustments=adjustments)


def run_actuals(data: bytes) -> object:
    from jixiao.domain import jsonio
    from jixiao.evaluate.actuals import read_actuals
    from jixiao.evaluate.engine import evaluate_plan
    from jixiao.evaluate.report import evaluation_to_dict

    suffix = ".yaml" if _looks_yaml(data) else _table_suffix(data, ".csv")
    actuals = read_actuals(_file(data, suffix))
    return jsonio.dumps(evaluation_to_dict(evaluate_plan(_plan(), actuals, _profile())))


def run_plan_json(data: bytes) -> object:
    from jixiao.ingest.planfile import load_plan
    from jixiao.review.engine import review_plan

    plan = load_plan(_file(data, ".json"), _profile())
    return review_plan(plan, _profile()).to_dict()


def run_profile(data: bytes) -> object:
    from jixiao.domain.profile import load_profile
    from jixiao.domain.values import parse_target
    from jixiao.ingest.limits import ingest_limits
    from jixiao.monitor.rules import rules_from_profile

    path = _file(data, ".toml")
    profile = load_profile(path)
    profile.categories.find_level2("数量指标", "产出指标")
    parse_target("≥90%", level1="产出指标", level2="数量指标", year=2023, profile=profile)
    ingest_limits(profile)
    return rules_from_profile(profile)


# ---------------------------------------------------------------- inputs


def _value_inputs(c: Corpus) -> Strategy:
    seeds = [v.encode("utf-8") for v in c.values]
    structured = gen.target_values().map(lambda s: s.encode("utf-8", "surrogatepass"))
    return _mix(seeds, _text_mutator(VALUE_TOKENS), structured)


def _columns_inputs(c: Corpus) -> Strategy:
    def joined(t: tuple[str | None, str | None, str | None]) -> bytes:
        return "\x1f".join(x or "" for x in t).encode("utf-8", "surrogatepass")

    seeds = [
        f"{cmp}\x1f{v}\x1f{u}".encode()
        for cmp, v, u in (
            ("≥", "90", "%"),
            ("≤", "150", "万元"),
            ("定性", "优", ""),
            ("正向", "2023年12月底前", ""),
            ("", "15", "个"),
            ("=", "是", ""),
        )
    ]
    return _mix(seeds, _text_mutator([*VALUE_TOKENS, "\x1f"]), gen.target_columns().map(joined))


def _text_inputs(c: Corpus) -> Strategy:
    texts = c.texts
    seeds: list[bytes] = [t.encode("utf-8") for t in texts]
    # windows of the samples: smaller inputs, more of them per second, same structures
    for t in texts:
        lines = t.split("\n")
        for start in range(0, len(lines), 25):
            seeds.append("\n".join(lines[start : start + 40]).encode("utf-8"))
    structured = gen.documents().map(lambda s: s.encode("utf-8", "surrogatepass"))
    return _mix(seeds, _text_mutator(TEXT_TOKENS, texts), structured)


def _pdf_inputs(c: Corpus) -> Strategy:
    from jixiao.fuzz.mutate import inflate_pdf

    samples = c.by_suffix(".pdf")
    seeds = samples + [inflate_pdf(s) for s in samples if s.startswith(b"%PDF")]

    def mutate(rng: random.Random, data: bytes) -> bytes:
        return mutate_pdf(rng, data, tokens=PDF_TOKENS)

    return _mix(seeds, mutate, gen.pdf_files())


def _zip_inputs(seeds: Sequence[bytes], structured: Strategy) -> Strategy:
    def mutate(rng: random.Random, data: bytes) -> bytes:
        return mutate_zip(rng, data, tokens=_b(XML_TOKENS), text_tokens=XML_TOKENS)

    return _mix(seeds, mutate, structured)


def _xlsx_inputs(c: Corpus) -> Strategy:
    return _zip_inputs(c.by_suffix(".xlsx"), gen.xlsx_files())


def _xls_inputs(c: Corpus) -> Strategy:
    seeds = [s for s in c.by_suffix(".xls") if s.startswith(b"\xd0\xcf\x11\xe0")]
    structured = gen.xlsx_files()  # a workbook named .xls: sniffed by content
    return _mix(seeds, _byte_mutator(_b(CSV_TOKENS[:10])), structured)


def _docx_inputs(c: Corpus) -> Strategy:
    return _zip_inputs(c.by_suffix(".docx"), gen.docx_files())


def _html_inputs(c: Corpus) -> Strategy:
    seeds = c.by_suffix(".html", ".htm") + [s for s in c.by_suffix(".xls") if b"<" in s[:200]]

    def mutate(rng: random.Random, data: bytes) -> bytes:
        if rng.random() < 0.6:
            text = mutate_text(rng, _text(data), tokens=HTML_TOKENS)
            return text.encode("utf-8", "surrogatepass")
        return mutate_bytes(rng, data, tokens=_b(HTML_TOKENS))

    return _mix(seeds, mutate, gen.html_pages())


def _ledger_inputs(c: Corpus) -> Strategy:
    seeds = [s for s in c.ledgers if b"," in s]
    return _mix(seeds, _text_mutator(CSV_TOKENS), gen.ledgers())


def _progress_inputs(c: Corpus) -> Strategy:
    keys = [*gen.PROGRESS_KEYS, "progress", "__line__"]
    return _mix(c.yaml_progress, _tree_mutator("yaml", keys, YAML_TOKENS), gen.progress_docs())


def _adjustments_inputs(c: Corpus) -> Strategy:
    seeds = [
        "项目编码,调整后预算数(万元),调整日期,备注\n103001001,160,2023-05-10,追加\n".encode(),
        "项目编码,调整金额,调整日期\n103001002,-500,2023-06-01\n103001001,10,2023-09-01\n".encode(),
        b"pro_code,cur_amt,date\n103001001,1500000,2023/7/1\n",
    ]
    structured = gen.ledgers()
    return _mix(seeds, _text_mutator(CSV_TOKENS), structured)


def _actuals_inputs(c: Corpus) -> Strategy:
    table = "项目编码,三级指标,实际完成值,得分,全年执行数(万元)\n103001001,签约项目,20个,,147.6\n"
    seeds = [*c.yaml_actuals, table.encode()]
    return _mix(
        seeds, _tree_mutator("yaml", list(gen.ACTUALS_KEYS), YAML_TOKENS), gen.actuals_docs()
    )


def _plan_json_inputs(c: Corpus) -> Strategy:
    return _mix(
        c.plan_json, _tree_mutator("json", list(gen.PLAN_KEYS), JSON_TOKENS), gen.plan_jsons()
    )


def _profile_inputs(c: Corpus) -> Strategy:
    def as_user(data: bytes) -> bytes:  # a bundled concern file as a user's profile
        return b'extends = "national"\n' + data

    seeds = [as_user(b) for b in c.profiles]
    return _mix(seeds, _tree_mutator("toml", list(gen.PROFILE_KEYS), TOML_TOKENS), gen.profiles())


TARGETS: dict[str, FuzzTarget] = {
    t.name: t
    for t in (
        FuzzTarget("value", "指标值语法 parse_target", run_value, _value_inputs, 2.0, ".txt"),
        FuzzTarget(
            "value-columns",
            "指标性质/指标值/度量单位 parse_target_columns",
            run_value_columns,
            _columns_inputs,
            2.0,
            ".txt",
        ),
        FuzzTarget("text", "文本导入 parse_text", run_text, _text_inputs, 20.0, ".txt"),
        FuzzTarget("pdf", "PDF 导入", _document(".pdf"), _pdf_inputs, 30.0, ".pdf"),
        FuzzTarget("xlsx", "Excel 导入 (.xlsx)", _document(".xlsx"), _xlsx_inputs, 30.0, ".xlsx"),
        FuzzTarget(
            "xls", "Excel 97-2003 导入 (.xls)", _document(".xls"), _xls_inputs, 30.0, ".xls"
        ),
        FuzzTarget("docx", "Word 导入 (.docx)", _document(".docx"), _docx_inputs, 30.0, ".docx"),
        FuzzTarget("html", "网页导入 (.html)", _document(".html"), _html_inputs, 30.0, ".html"),
        FuzzTarget("ledger", "支付台账 read_ledger", run_ledger, _ledger_inputs, 20.0, ".csv"),
        FuzzTarget(
            "progress", "指标进度 read_progress", run_progress, _progress_inputs, 20.0, ".yaml"
        ),
        FuzzTarget(
            "adjustments",
            "预算调整 read_adjustments",
            run_adjustments,
            _adjustments_inputs,
            20.0,
            ".csv",
        ),
        FuzzTarget(
            "actuals", "实际完成情况 read_actuals", run_actuals, _actuals_inputs, 20.0, ".yaml"
        ),
        FuzzTarget(
            "plan-json", "计划 JSON load_plan", run_plan_json, _plan_json_inputs, 10.0, ".json"
        ),
        FuzzTarget("profile", "规则配置 load_profile", run_profile, _profile_inputs, 10.0, ".toml"),
    )
}


def target_names() -> list[str]:
    return list(TARGETS)


def get_target(name: str) -> FuzzTarget:
    try:
        return TARGETS[name]
    except KeyError:
        raise KeyError(f"没有名为 {name!r} 的模糊测试目标; 可用: {', '.join(TARGETS)}") from None
