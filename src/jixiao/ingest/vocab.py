"""The words of published target tables (表格用语): labels, column headers, section names.

A published 项目支出绩效目标表 is recognised by its *labels*, not by its layout: the
key-value block at the top (项目编码, 项目名称, 项目资金, 主要用途, 年度绩效目标 …) and the
column headers of the indicator table (一级指标, 二级指标, 三级指标, 指标值 …). This module
holds those vocabularies and looks words up on their matching form:

- :func:`label_key` normalises a cell (radicals fixed, punctuation folded, white space, a
  leading ``*`` and a trailing ``:`` removed, ``其中:`` dropped) and splits off bracketed
  notes such as ``(万元)`` or ``(%)``, which often carry the unit of the values that follow;
- :class:`Vocabulary` maps a key to a :class:`Label`: a project field (:class:`Field`), an
  indicator column (:class:`Col`), a table title, a section marker or a known field that
  jixiao does not use (kept in the leftovers with its value).

Level names (产出指标, 数量指标 …) are not listed here: they come from the rule profile's
category catalogue (``profile.categories``). A profile may add spellings with an ``[ingest]``
section::

    [ingest.fields]
    goal = ["年度绩效目标(必填)"]
    [ingest.columns]
    value = ["年度目标值"]
    [ingest]
    ignore = ["项目联系人"]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from jixiao.domain.profile import RuleProfile, category_key, load_profile
from jixiao.ingest.cells import normalize


class Field(StrEnum):
    """A field of the project's key-value block (项目基本信息)."""

    CODE = "code"  # 项目编码
    NAME = "name"  # 项目名称
    PARENT_NAME = "parent_name"  # 一级项目名称 (the project's parent)
    DEPARTMENT = "department"  # 主管部门
    DEPARTMENT_CODE = "department_code"  # 主管部门编码
    UNIT = "unit"  # 实施单位
    FUNDS = "funds"  # 项目资金 (a group label: the amounts follow)
    TOTAL = "total"  # 年度资金总额 / 预算数
    FISCAL = "fiscal"  # 财政拨款
    OTHER_FUNDS = "other_funds"  # 其他资金
    PURPOSE = "purpose"  # 主要用途
    OVERVIEW = "overview"  # 项目概况 (used as the purpose when there is no 主要用途)
    SPENDING_PLAN = "spending_plan"  # 资金支出计划(%)
    GOAL = "goal"  # 年度绩效目标
    LONG_GOAL = "long_goal"  # 长期目标
    DEPT_NAME = "dept_name"  # 部门(单位)名称 of a department-level table
    DEPT_GOAL = "dept_goal"  # 年度总体绩效目标 of a department-level table
    INDICATORS = "indicators"  # 绩效指标 (a section marker before the indicator table)
    LONG_INDICATORS = "long_indicators"  # 长期绩效指标 (the next table holds long-term values)
    YEAR_INDICATORS = "year_indicators"  # 年度绩效指标
    IGNORED = "ignored"  # a known field jixiao does not use (项目负责人, 联系电话 …)
    END = "end"  # a field that ends a table (填报人, 单位负责人, 审核意见 …)


class Col(StrEnum):
    """A column of the indicator table (绩效指标表的列)."""

    PROJECT = "project"  # 项目名称 in a wide table of several projects
    PROJECT_CODE = "project_code"
    L1 = "level1"  # 一级指标
    L2 = "level2"  # 二级指标
    L3 = "level3"  # 三级指标 / 指标名称
    DESC = "description"  # 绩效指标描述
    VTYPE = "value_type"  # 指标值类型 (定量/定性)
    CMP = "comparator"  # 指标性质 / 指标方向 (≥ ≤ =, 正向/反向)
    VALUE = "value"  # 指标值 / 年度指标值
    UNIT = "unit"  # 度量单位 / 计量单位
    LONG = "long_term"  # 长期指标值
    BASIS = "basis"  # 指标值确定依据
    WEIGHT = "weight"  # 分值 / 权重
    SCORING = "scoring"  # 评(扣)分标准
    NOTE = "note"  # 备注
    ACTUAL = "actual"  # 全年实际完成值 (self-evaluation tables)
    REASON = "reason"  # 偏差原因 (self-evaluation tables)
    SCORE = "score"  # 得分 (self-evaluation tables)
    UNKNOWN = "unknown"  # a header cell jixiao does not know (kept, its cells left over)


class LabelKind(StrEnum):
    FIELD = "field"
    COLUMN = "column"
    TITLE = "title"  # 项目支出绩效目标表 …: starts a new table


@dataclass(frozen=True, slots=True)
class Label:
    """A recognised label: its kind and meaning, the matching key and any bracketed note."""

    kind: LabelKind
    field: Field | None = None
    col: Col | None = None
    key: str = ""
    note: str | None = None  # "万元", "%", "元" …

    @property
    def unit_note(self) -> str | None:
        """The money unit a note names (``(万元)`` → 万元), if any."""
        if self.note is None:
            return None
        n = self.note.replace("单位:", "").replace("单位", "")
        for unit in ("亿元", "万元", "元"):
            if n == unit:
                return unit
        return None


# --- default vocabularies (matching keys: normalised, no brackets, no trailing colon) ------

FIELD_WORDS: dict[Field, tuple[str, ...]] = {
    Field.CODE: (
        "项目编码",
        "项目代码",
        "项目编号",
        "预算项目编码",
        "项目库编码",
        "项目识别码",
        "项目id",
        "编码",
    ),
    Field.NAME: (
        "项目名称",
        "预算项目名称",
        "项目名",
        "二级项目名称",
        "转移支付项目名称",
        "转移支付名称",
        "专项名称",
        "专项资金名称",
        "项目支出名称",
        "项目专项名称",
        "政策名称",
        "政策项目名称",
    ),
    Field.PARENT_NAME: ("一级项目名称", "一级项目"),
    Field.DEPARTMENT: (
        "主管部门",
        "主管部门及代码",
        "主管部门名称",
        "预算部门",
        "主管单位",
        "中央主管部门",
        "地方主管部门",
        "主管部门代码及名称",
        "部门名称及代码",
    ),
    Field.DEPARTMENT_CODE: ("主管部门编码", "主管部门代码", "部门编码", "部门代码"),
    Field.UNIT: (
        "实施单位",
        "项目实施单位",
        "预算单位",
        "资金使用单位",
        "项目单位",
        "执行单位",
        "实施主体",
        "实施单位及代码",
        "预算单位名称",
        "单位名称及代码",
        "填报单位",
    ),
    Field.FUNDS: (
        "项目资金",
        "资金情况",
        "项目资金申请",
        "资金总额及构成",
        "投入目标",
        "资金来源",
        "预算情况",
        "资金投入情况",
        "项目资金情况",
        "资金构成",
        "年度资金情况",
        "项目资金来源",
        "资金安排情况",
        "预算安排情况",
        "项目预算情况",
        "年初安排金额",
        "申请金额",
        "资金",
    ),
    Field.TOTAL: (
        "年度资金总额",
        "资金总额",
        "预算数",
        "预算金额",
        "预算总额",
        "总额",
        "项目总金额",
        "年度预算数",
        "全年预算数",
        "预算申报数",
        "年度预算",
        "当年预算",
        "年初预算数",
        "本年预算",
        "合计",
        "项目预算数",
        "预算安排",
        "总金额",
        "年度预算金额",
        "年度资金总额合计",
        "项目预算",
        "项目预算金额",
        "预算资金",
        "本年预算数",
        "年度预算资金",
        "当年预算数",
        "预算数合计",
    ),
    Field.FISCAL: (
        "财政拨款",
        "财政资金",
        "财政拨款数",
        "一般公共预算",
        "一般公共预算拨款",
        "本级财政拨款",
        "财政拨款资金",
        "当年财政拨款",
        "财政拨款收入",
        "一般公共预算财政拨款",
        "财政性资金",
        "财政专项资金",
        "本年财政拨款",
        "中央财政资金",
        "省级财政资金",
        "市级财政资金",
        "县级财政资金",
        "区级财政资金",
        "本级财政资金",
        "上级财政资金",
        "中央补助",
        "中央补助安排",
        "省级财政安排",
        "市级财政安排",
        "地方财政资金",
        "上级补助",
        "上级补助收入",
        "政府性基金",
        "政府性基金预算",
        "国有资本经营预算",
        "上级专项资金",
        "财政专户管理资金",
    ),
    Field.OTHER_FUNDS: (
        "其他资金",
        "其他",
        "自有资金",
        "单位自筹",
        "单位自筹资金",
        "事业收入",
        "经营收入",
        "经营性收入",
        "上年结转",
        "上年结转资金",
        "结转资金",
        "非财政拨款",
        "其他收入",
        "社会资金",
        "银行贷款",
        "地方资金",
        "单位资金",
        "自筹资金",
        "其他来源",
    ),
    Field.PURPOSE: (
        "主要用途",
        "资金用途",
        "项目用途",
        "用途",
        "资金主要用途",
        "项目资金用途",
        "项目资金主要用途",
    ),
    Field.OVERVIEW: (
        "项目概况",
        "项目内容",
        "主要内容",
        "项目主要内容",
        "实施内容",
        "基本情况",
        "项目基本情况",
        "项目简介",
        "项目概述",
        "项目主要内容及用途",
        "项目实施内容",
    ),
    Field.SPENDING_PLAN: (
        "资金支出计划",
        "支出计划",
        "资金使用计划",
        "预算执行计划",
        "支出进度计划",
        "资金支出进度计划",
        "分月支出计划",
        "用款计划",
        "资金支出进度",
        "预算支出进度计划",
        "支出进度",
        "资金执行计划",
        "预算执行进度计划",
    ),
    Field.GOAL: (
        "绩效目标",
        "年度绩效目标",
        "年度目标",
        "项目年度绩效目标",
        "年度预期目标",
        "预期目标",
        "本年度绩效目标",
        "当年绩效目标",
        "项目绩效目标",
        "总体目标",
        "年度总体目标",
        "预期绩效目标",
        "目标",
        "项目年度目标",
        "年度绩效目标值",
    ),
    Field.LONG_GOAL: (
        "长期目标",
        "长期绩效目标",
        "中长期目标",
        "中长期绩效目标",
        "实施期目标",
        "实施期绩效目标",
        "项目长期绩效目标",
        "项目中长期绩效目标",
        "整体目标",
        "实施期总目标",
    ),
    Field.DEPT_NAME: ("部门单位名称", "部门名称", "单位名称", "预算部门名称"),
    Field.DEPT_GOAL: (
        "年度总体绩效目标",
        "部门年度总体绩效目标",
        "部门整体绩效目标",
        "部门年度绩效目标",
        "年度履职目标",
        "部门总体目标",
        "整体绩效目标",
        "部门整体支出绩效目标",
        "单位年度总体绩效目标",
        "年度整体绩效目标",
    ),
    Field.INDICATORS: ("绩效指标", "年度绩效指标值", "项目绩效指标", "绩效指标表"),
    Field.LONG_INDICATORS: ("长期绩效指标", "中长期绩效指标", "实施期绩效指标", "长期指标"),
    Field.YEAR_INDICATORS: ("年度绩效指标", "年度指标", "本年度绩效指标"),
    Field.IGNORED: (
        "项目负责人",
        "联系电话",
        "联系人",
        "项目属性",
        "项目类型",
        "项目类别",
        "项目性质",
        "项目分类",
        "项目期",
        "项目来源",
        "项目起止时间",
        "项目开始日期",
        "项目完成日期",
        "项目开始时间",
        "项目完成时间",
        "归口科室",
        "单位职能概述",
        "立项依据",
        "项目立项情况",
        "项目立项的依据",
        "项目申报的可行性",
        "项目申报的必要性",
        "项目实施进度计划",
        "资金性质",
        "政策依据",
        "其他依据",
        "项目责任人",
        "单位盖章",
        "项目实施计划",
        "组织实施单位",
        "监督管理单位",
        "资金管理情况",
        "全年执行数",
        "预算执行率",
        "部门单位职责",
        "部门职责",
        "单位职责",
        "职能职责",
        "年度主要任务",
        "任务名称",
        "项目立项必要性",
        "保证项目实施的制度措施",
        "需要说明的其他问题",
        "项目总投资",
        "主管部门编码及名称",
        "项目级次",
        "年度",
        "绩效目标类型",
        "执行期限",
        "实施期限",
        "项目周期",
        "起止年限",
        "评价方式",
        "项目主管科室",
        "业务主管处室",
        "资金管理办法",
        "部门职能",
    ),
    Field.END: (
        "填报人",
        "单位负责人",
        "填报日期",
        "其他说明的问题",
        "其他需要说明的问题",
        "审核意见",
        "主管部门审核意见",
        "财政部门审核意见",
        "财务负责人",
        "经办人",
        "审核人",
        "制表人",
        "备注说明",
    ),
}

COLUMN_WORDS: dict[Col, tuple[str, ...]] = {
    Col.PROJECT: ("项目名称", "预算项目名称"),
    Col.PROJECT_CODE: ("项目编码", "项目代码"),
    Col.L1: ("一级指标", "一级指标名称"),
    Col.L2: ("二级指标", "二级指标名称"),
    Col.L3: (
        "三级指标",
        "三级指标名称",
        "指标名称",
        "指标内容",
        "具体指标",
        "绩效指标名称",
        "三级指标内容",
        "明细指标",
    ),
    Col.DESC: (
        "绩效指标描述",
        "指标描述",
        "指标说明",
        "指标解释",
        "指标定义",
        "指标内涵",
        "指标值说明",
        "绩效指标说明",
        "指标计算方法",
    ),
    Col.VTYPE: ("指标值类型", "指标类型", "指标属性", "定量定性"),
    Col.CMP: ("指标性质", "指标方向", "计算符号", "符号", "比较符", "运算符号", "指标值方向"),
    Col.VALUE: (
        "指标值",
        "目标值",
        "年度指标值",
        "年度目标值",
        "预期指标值",
        "当年预期实现值",
        "绩效指标值",
        "指标目标值",
        "年度预期目标值",
        "预期目标值",
        "预期值",
        "指标值年度",
        "年度预期指标值",
        "本年度指标值",
        "绩效目标值",
        "计划指标值",
        "年度绩效指标值",
        "年初目标值",
        "全年目标值",
        "目标值标准",
    ),
    Col.UNIT: ("度量单位", "计量单位", "单位", "指标值单位"),
    Col.LONG: (
        "长期指标值",
        "中长期指标值",
        "实施期指标值",
        "长期目标值",
        "实施期目标值",
        "中长期目标值",
        "长期预期指标值",
    ),
    Col.BASIS: (
        "指标值确定依据",
        "指标值设定依据",
        "确定依据",
        "设定依据",
        "目标值确定依据",
        "指标值确认依据",
        "指标来源",
        "指标值依据",
        "依据",
    ),
    Col.WEIGHT: ("分值", "权重", "指标权重", "分值权重", "权重分值", "指标分值"),
    Col.SCORING: (
        "评扣分标准",
        "评分标准",
        "扣分标准",
        "计分方法",
        "评分规则",
        "评分方法",
        "评价标准",
    ),
    Col.NOTE: ("备注", "说明"),
    Col.ACTUAL: ("全年实际完成值", "实际完成值", "实际完成情况", "完成值", "实际值", "全年完成值"),
    Col.REASON: ("未完成原因和改进措施", "偏差原因分析及改进措施", "偏差原因", "未完成原因"),
    Col.SCORE: ("得分", "自评得分"),
}

TITLE_PATTERN = re.compile(
    r"(绩效目标表|绩效目标申报表|绩效目标批复表|绩效目标审核表|绩效自评表|绩效目标表[(（]|"
    r"绩效目标申报|绩效目标公开表|绩效指标表)"
)

_BRACKETS = re.compile(r"\(([^()]*)\)")
_LEADING = re.compile(r"^[*★※△▲●◆■□☆#]+")
_ORDINAL = re.compile(r"^(?:\d+|[一二三四五六七八九十]+)[.,、)]")


def label_key(text: str) -> tuple[str, str | None]:
    """The matching key of a label cell and its bracketed note.

    ``"项目资金\\n（万元）"`` → ``("项目资金", "万元")``; ``"*指标值"`` → ``("指标值", None)``;
    ``"其中：财政拨款"`` → ``("财政拨款", None)``;
    ``"资金支出计划（%）"`` → ``("资金支出计划", "%")``.
    """
    s = normalize(text)
    if not s:
        return "", None
    s = _LEADING.sub("", s)
    s = s.rstrip(":;,.")
    if s.startswith("其中"):
        s = s[2:].lstrip(":,")
    note: str | None = None
    if "(" in s:
        notes = _BRACKETS.findall(s)
        if notes:
            note = notes[-1] or None
            s = _BRACKETS.sub("", s)
    s = s.rstrip(":;,.").lstrip(":")
    return s, note


class Vocabulary:
    """Look-ups of labels and level names for one rule profile."""

    def __init__(self, profile: RuleProfile):
        self.profile = profile
        self._field_cache: dict[str, Label | None] = {}
        self._column_cache: dict[str, Label | None] = {}
        self._level_cache: dict[str, tuple[bool, bool]] = {}
        self._under_cache: dict[tuple[str, str], bool] = {}
        self.categories = profile.categories
        extra = profile.section("ingest")
        self.fields: dict[str, Field] = {}
        for fld, words in FIELD_WORDS.items():
            for w in (*words, *_strs(_get(extra, "fields", fld.value))):
                self.fields.setdefault(label_key(w)[0], fld)
        for w in _strs(extra.get("ignore")):
            self.fields.setdefault(label_key(w)[0], Field.IGNORED)
        self.columns: dict[str, Col] = {}
        for col, words in COLUMN_WORDS.items():
            for w in (*words, *_strs(_get(extra, "columns", col.value))):
                self.columns.setdefault(label_key(w)[0], col)
        # keys of every word a broken cell may be re-joined into (labels and level names)
        names: set[str] = set(self.fields) | set(self.columns)
        for l1 in self.categories.level1:
            for n in (l1.name, *l1.aliases):
                names.add(normalize(n))
            for l2 in l1.level2:
                for n in (l2.name, *l2.aliases):
                    names.add(normalize(n))
        self.joinable = frozenset(k for k in names if len(k) >= 2)
        self.max_join_len = max((len(k) for k in self.joinable), default=0) + 8
        prefixes: set[str] = set()
        for k in self.joinable:
            k = _prefix_key(k)
            for end in range(1, len(k) + 1):
                prefixes.add(k[:end])
        self.prefixes = frozenset(prefixes)
        # words that may be found inside glued text (label and value with no separator)
        glue: set[str] = {w for w in self.fields if len(w) >= 4}
        glue |= {w for w in self.columns if len(w) >= 4 or w in ("指标值", "目标值")}
        for l1 in self.categories.level1:
            for n in (l1.name, *l1.aliases):
                if len(normalize(n)) >= 4:
                    glue.add(normalize(n))
            for l2 in l1.level2:
                for n in (l2.name, *l2.aliases):
                    if len(normalize(n)) >= 4 and "(" not in normalize(n):
                        glue.add(normalize(n))
        self._glue_by_first: dict[str, tuple[str, ...]] = {}
        for w in sorted(glue, key=len, reverse=True):
            self._glue_by_first[w[0]] = (*self._glue_by_first.get(w[0], ()), w)
        self._prefix_cache: dict[str, bool] = {}

    def glue_hits(self, text: str) -> list[tuple[int, int, str]]:
        """Vocabulary words inside a glued text: (start, end, word), leftmost-longest,
        outside brackets."""
        hits: list[tuple[int, int, str]] = []
        by_first = self._glue_by_first
        depth = 0
        i = 0
        n = len(text)
        while i < n:
            ch = text[i]
            if ch in "(（[【":
                depth += 1
            elif ch in ")）]】" and depth:
                depth -= 1
            elif depth == 0 and ch in by_first:
                for w in by_first[ch]:
                    if text.startswith(w, i):
                        hits.append((i, i + len(w), w))
                        i += len(w)
                        break
                else:
                    i += 1
                continue
            i += 1
        return hits

    def is_prefix(self, text: str) -> bool:
        """Whether a (partial) text could still grow into a word of the vocabulary."""
        hit = self._prefix_cache.get(text)
        if hit is None:
            k = _prefix_key(normalize(text))
            hit = bool(k) and k in self.prefixes
            if len(self._prefix_cache) > 50000:
                self._prefix_cache.clear()
            self._prefix_cache[text] = hit
        return hit

    # -- labels ----------------------------------------------------------------------------

    def field(self, text: str) -> Label | None:
        """The project field this cell names (``项目编码``, ``年度资金总额:`` …), if any."""
        if text in self._field_cache:
            return self._field_cache[text]
        found = self._field(text)
        if len(self._field_cache) > 50000:
            self._field_cache.clear()
        self._field_cache[text] = found
        return found

    def _field(self, text: str) -> Label | None:
        key, note = label_key(text)
        if not key:
            return None
        fld = self.fields.get(key)
        if fld is None and note is not None:
            # the bracket is part of the name: 单位(盖章), 转移支付(项目)名称
            whole = label_key(
                text.replace("(", "").replace(")", "").replace("（", "").replace("）", "")
            )[0]
            fld = self.fields.get(whole)
            if fld is not None:
                key, note = whole, None
        if fld is None:
            key2 = _ORDINAL.sub("", key)
            fld = self.fields.get(key2) if key2 != key else None
        if fld is None:
            return None
        return Label(LabelKind.FIELD, field=fld, key=key, note=note)

    def column(self, text: str) -> Label | None:
        """The indicator column this header cell names (``一级指标``, ``指标值确定依据`` …)."""
        if text in self._column_cache:
            return self._column_cache[text]
        found = self._column(text)
        if len(self._column_cache) > 50000:
            self._column_cache.clear()
        self._column_cache[text] = found
        return found

    def _column(self, text: str) -> Label | None:
        key, note = label_key(text)
        if not key:
            return None
        col = self.columns.get(key)
        if col is None:
            return None
        if col is Col.VALUE and note and ("长期" in note or "实施期" in note):
            col = Col.LONG
        return Label(LabelKind.COLUMN, col=col, key=key, note=note)

    def title(self, text: str) -> bool:
        """A table title (``项目支出绩效目标表``, ``…绩效目标申报表(2023年度)``)."""
        if "表" not in text and "申报" not in text:
            return False
        s = normalize(text)
        return 4 <= len(s) <= 80 and TITLE_PATTERN.search(s) is not None

    def is_department_title(self, text: str) -> bool:
        s = normalize(text)
        return "整体" in s and TITLE_PATTERN.search(s) is not None

    # -- level names -----------------------------------------------------------------------

    def _levels(self, text: str) -> tuple[bool, bool]:
        hit = self._level_cache.get(text)
        if hit is None:
            shape = _level_shape(text)
            hit = (
                shape and self.categories.find_level1(text) is not None,
                shape and self.categories.find_level2(text) is not None,
            )
            if len(self._level_cache) > 50000:
                self._level_cache.clear()
            self._level_cache[text] = hit
        return hit

    def level1(self, text: str) -> bool:
        """Whether a text names a level-1 category (一级指标) of the profile."""
        return self._levels(text)[0]

    def level2(self, text: str) -> bool:
        """Whether a text names a level-2 category (二级指标) of the profile."""
        return self._levels(text)[1]

    def level2_under(self, l2: str, l1: str) -> bool:
        """Whether the level-2 name belongs under the level-1 name in the catalogue."""
        key = (l2, l1)
        hit = self._under_cache.get(key)
        if hit is None:
            d1 = self.categories.find_level1(l1)
            d2 = self.categories.find_level2(l2, l1)
            hit = d1 is not None and d2 is not None and d2 in d1.level2
            if len(self._under_cache) > 50000:
                self._under_cache.clear()
            self._under_cache[key] = hit
        return hit

    def is_level(self, text: str) -> bool:
        a, b = self._levels(text)
        return a or b

    def joinable_word(self, text: str) -> bool:
        """Whether a re-joined text is a whole word of the vocabulary."""
        key = normalize(text)
        if key in self.joinable:
            return True
        k2, _ = label_key(text)
        if k2 in self.fields or k2 in self.columns:
            return True
        return bool(key) and category_key(key) != key and self.is_level(text)


def _prefix_key(key: str) -> str:
    key = _LEADING.sub("", key)
    if key.startswith("其中"):
        key = key[2:].lstrip(":")
    cut = key.find("(")
    if cut >= 0:
        key = key[:cut]
    return key.rstrip(":")


def _level_shape(text: str) -> bool:
    """Level names are short; a long sentence that happens to end in a category is not one."""
    return 0 < len(normalize(text)) <= 24


def _strs(v: Any) -> tuple[str, ...]:
    if v is None:
        return ()
    if isinstance(v, str):
        return (v,)
    if isinstance(v, Iterable):
        return tuple(str(x) for x in v)
    return ()


def _get(section: Mapping[str, Any], table: str, key: str) -> Any:
    sub = section.get(table)
    return sub.get(key) if isinstance(sub, Mapping) else None


_CACHE: dict[int, tuple[RuleProfile, Vocabulary]] = {}


@lru_cache(maxsize=1)
def default_profile() -> RuleProfile:
    """The default rule profile, loaded once."""
    return load_profile()


def vocabulary(profile: RuleProfile) -> Vocabulary:
    """The (cached) vocabulary of a profile."""
    hit = _CACHE.get(id(profile))
    if hit is not None and hit[0] is profile:
        return hit[1]
    if len(_CACHE) > 16:
        _CACHE.clear()
    vocab = Vocabulary(profile)
    _CACHE[id(profile)] = (profile, vocab)
    return vocab
