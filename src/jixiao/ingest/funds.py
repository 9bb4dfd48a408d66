"""Money, fund sources, spending plans and codes as written in target tables (资金与编码).

- :func:`parse_amount` reads ``150 万元``, ``854万``, ``10000万元``, ``1,000.00`` or
  ``3,309,840.00`` (元) into :class:`~jixiao.domain.money.Money`, with the unit the cell,
  its label (``项目资金(万元)``) or the document (``单位：元``) states.
- :func:`parse_funds_text` reads a sentence such as ``预算数 150 万元。全部为财政资金。
  主要用于…`` into a total, fund lines and the sentences that are not about money.
- :func:`parse_spending_plan` reads checkpoints (``3月底 6月底 … / 10% 50% …``).
- :func:`split_code` separates a code fused with a name (``51000021R000000019951-工资性支出``,
  ``[015001]单位名``, ``(433)乌海市供销社``, ``813-某局``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from jixiao.domain.model import Checkpoint, FundLine
from jixiao.domain.money import Money, MoneyUnit
from jixiao.ingest.cells import normalize

_AMOUNT = re.compile(
    r"(?P<num>[+-]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?)\s*(?P<unit>亿元|万元|亿|万|元)?"
)
_AMOUNT_FULL = re.compile(
    r"^\s*(?P<num>[+-]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?)\s*(?P<unit>亿元|万元|亿|万|元)?"
    r"\s*(?:人民币)?\s*[。.;；,，]?\s*$"
)


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None


def _unit(written: str | None, default: str | None, number: str) -> MoneyUnit:
    if written:
        return MoneyUnit.parse(written)
    if default:
        return MoneyUnit.parse(default)
    # no unit anywhere: tables state amounts in 万元; a long amount with thousands
    # separators and cents (3,309,840.00) is in 元
    if ("," in number or "，" in number) and re.search(r"\.\d{2}$", number):
        value = _decimal(number)
        if value is not None and value >= 100000:
            return MoneyUnit.YUAN
    return MoneyUnit.WAN


def parse_amount(text: str | None, default_unit: str | None = None) -> Money | None:
    """An amount that is the whole cell (``150万元``, ``1,000.00``), else ``None``."""
    if not text:
        return None
    m = _AMOUNT_FULL.match(normalize(text).replace(" ", ""))
    if not m:
        return None
    value = _decimal(m.group("num"))
    if value is None:
        return None
    return Money(value, _unit(m.group("unit"), default_unit, m.group("num")))


def first_amount(text: str, default_unit: str | None = None) -> tuple[Money, int, int] | None:
    """The first amount in a text with its span (``预算数 150 万元。…`` → 150 万元)."""
    for m in _AMOUNT.finditer(text):
        num = m.group("num")
        # a year (2023年) or a month/percent is not an amount
        after = text[m.end("num") : m.end("num") + 2]
        if after[:1] in ("年", "月", "日", "%", "％", "个", "人", "次", "项"):
            continue
        value = _decimal(num)
        if value is None:
            continue
        return Money(value, _unit(m.group("unit"), default_unit, num)), m.start(), m.end()
    return None


# --- fund sentences ------------------------------------------------------------------------

_TOTAL_WORDS = (
    "预算数",
    "资金总额",
    "年度资金总额",
    "预算金额",
    "预算总额",
    "总额",
    "合计",
    "共计",
    "总计",
    "安排资金",
    "预算资金",
    "项目资金",
    "年度预算",
    "预算为",
    "预算",
)
_FISCAL_WORDS = ("财政拨款", "财政资金", "一般公共预算", "本级财政", "财政")
_OTHER_WORDS = ("其他资金", "自有资金", "单位自筹", "自筹", "事业收入", "上年结转", "其他")
_ALL_FISCAL = re.compile(
    r"(?:全部|均|全额|都)(?:为|是|来源于|由)?(?:本级)?财政(?:拨款|资金|安排)?"
    r"|(?:资金)?来源(?:为|于|是)?(?:本级)?财政(?:拨款|资金)"
)
_SENTENCE = re.compile(r"(?:[^。；;，,]|(?<=\d),(?=\d{3}))+[。；;，,]?")

GENERIC_FISCAL = frozenset(
    {
        "财政拨款",
        "财政资金",
        "财政拨款数",
        "一般公共预算",
        "一般公共预算拨款",
        "财政拨款资金",
        "当年财政拨款",
        "财政拨款收入",
        "一般公共预算财政拨款",
        "财政性资金",
        "本年财政拨款",
        "本级财政拨款",
        "其中财政拨款",
    }
)
GENERIC_OTHER = frozenset({"其他资金", "其他"})


def fund_source_name(label_text: str, fiscal: bool) -> str:
    """The name a fund line is stored under: 财政拨款 / 其他资金 for the generic spellings,
    the label as written (without ``其中:``, colon and notes) otherwise."""
    key = normalize(label_text)
    key = re.sub(r"^[*★]+", "", key)
    if key.startswith("其中"):
        key = key[2:].lstrip(":")
    key = re.sub(r"\(.*?\)", "", key).rstrip(":")
    if fiscal and key in GENERIC_FISCAL:
        return "财政拨款"
    if not fiscal and key in GENERIC_OTHER:
        return "其他资金"
    return key or ("财政拨款" if fiscal else "其他资金")


def parse_funds_text(
    text: str, default_unit: str | None = None, *, total_label: bool = False
) -> tuple[Money | None, list[FundLine], list[str]]:
    """Read money sentences: the total, the fund lines, and the sentences left over.

    ``total_label``: the text is the value of a total label (预算数, 年度资金总额), so a
    leading amount without a word before it is the total.
    """
    total: Money | None = None
    lines: list[FundLine] = []
    rest: list[str] = []
    all_fiscal = False
    for i, m in enumerate(_SENTENCE.finditer(text)):
        sentence = m.group(0).strip()
        if not sentence:
            continue
        s = normalize(sentence)
        found = first_amount(sentence, default_unit)
        used = False
        if found is not None:
            money, start, _ = found
            before = normalize(sentence[:start])
            if any(w in before for w in _OTHER_WORDS) and not any(
                w in before for w in _TOTAL_WORDS[:8]
            ):
                lines.append(FundLine("其他资金" if "其他" in before else _word(before), money))
                used = True
            elif any(w in before for w in _FISCAL_WORDS) and not any(
                w in before for w in _TOTAL_WORDS[:8]
            ):
                lines.append(FundLine("财政拨款", money))
                used = True
            elif total is None and (
                any(w in before for w in _TOTAL_WORDS) or (total_label and i == 0 and not before)
            ):
                total = money
                used = True
                if _ALL_FISCAL.search(s):
                    all_fiscal = True
        if not used and _ALL_FISCAL.search(s) and len(s) <= 20:
            all_fiscal = True
            used = True
        if not used:
            rest.append(sentence)
    if all_fiscal and total is not None and not any(fl.source == "财政拨款" for fl in lines):
        lines.insert(0, FundLine("财政拨款", total))
    return total, lines, rest


def _word(before: str) -> str:
    for w in _OTHER_WORDS:
        if w in before:
            return {"自筹": "单位自筹"}.get(w, w)
    return "其他资金"


# --- spending plan -------------------------------------------------------------------------

_CN_MONTH = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
}
_CHECKPOINT = re.compile(
    r"(?P<label>(?:(?:19|20)\d{2}年)?(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月(?:底|末|份|前)?"
    r"|第?(?P<q>[一二三四1-4])季度(?:末|底)?|(?P<h>上半年|下半年|全年|年底|年末))"
)
_PERCENT = re.compile(r"(?<![\d.])(?P<num>\d+(?:\.\d+)?)\s*[%％]")  # from a run's start: linear


def _checkpoint_month(m: re.Match[str]) -> int | None:
    if m.group("m"):
        g = m.group("m")
        return int(g) if g.isdigit() else _CN_MONTH.get(g)
    if m.group("q"):
        q = m.group("q")
        n = int(q) if q.isdigit() else "一二三四".index(q) + 1
        return n * 3
    h = m.group("h")
    return 6 if h == "上半年" else 12


def parse_spending_plan(texts: list[str]) -> tuple[list[Checkpoint], list[str]]:
    """Checkpoints from the cells after 资金支出计划: labels and percentages in order.

    Handles ``3月底 6月底 …`` followed by ``10% 50% …`` and the paired form
    ``3月底10%``. Returns the checkpoints and the texts that were not used.
    """
    joined = " ".join(texts)
    labels = list(_CHECKPOINT.finditer(joined))
    numbers = [m.group("num") for m in _PERCENT.finditer(joined)]
    if len(numbers) != len(labels):
        # 资金支出计划(%) with bare numbers: the numbers outside the checkpoint labels
        rest = _CHECKPOINT.sub(" ", joined)
        numbers = re.findall(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)(?![\d.])", rest)
    if not labels or len(labels) != len(numbers):
        return [], [t for t in texts if t.strip()]
    out: list[Checkpoint] = []
    for lm, num in zip(labels, numbers, strict=True):
        month = _checkpoint_month(lm)
        value = _decimal(num)
        if month is None or value is None:
            return [], [t for t in texts if t.strip()]
        if value > 100:
            return [], [t for t in texts if t.strip()]
        out.append(Checkpoint(label=lm.group("label"), month=month, percent=value))
    return out, []


# --- codes fused with names ----------------------------------------------------------------

_CODE_PREFIX = re.compile(
    r"^\s*(?:[\[【(（](?P<b>[0-9A-Za-z][0-9A-Za-z._-]{1,40})[\]】)）]"
    r"|(?P<c>[0-9A-Za-z]*\d{3,}[0-9A-Za-z]*(?:[._][0-9A-Za-z]+)*)\s*[-—－_:：、]\s*"
    r"|(?P<d>\d{6,}[0-9A-Za-z]*)\s+)\s*(?P<name>\S.*)$"
)


# A leading run of code characters longer than this is not a project code (codes have at
# most 21 characters); checking it first keeps _CODE_PREFIX's backtracking bounded.
_CODE_RUN = re.compile(r"\s*[\[【(（]?[0-9A-Za-z._-]*")
_MAX_CODE_RUN = 64


def split_code(text: str) -> tuple[str | None, str]:
    """``51000021R000000019951-工资性支出`` → (``51000021R000000019951``, ``工资性支出``)."""
    run = _CODE_RUN.match(text)
    if run is not None and run.end() > _MAX_CODE_RUN:
        return None, text.strip()
    m = _CODE_PREFIX.match(text)
    if not m:
        return None, text.strip()
    code = m.group("b") or m.group("c") or m.group("d")
    name = m.group("name").strip()
    if not code or not name or not re.search(r"\d", code):
        return None, text.strip()
    return code, name
