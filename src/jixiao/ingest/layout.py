"""Flat text → rows of cells with line numbers (文本版面 → 单元格行).

Text extracted from a PDF, a Word file or a web page keeps a table only as line breaks,
spaces and sometimes ``|`` characters. This module decides how a document separates its
cells and turns its lines into :class:`~jixiao.ingest.cells.CellRow` objects, each cell
with the line (or lines) it came from. The layouts (:class:`LayoutMode`):

``LINES``
    One line is one row or a piece of one: cells separated by tabs, by ``|``, by runs of
    two or more spaces (``pdftotext -layout``) or by single spaces (``pdftotext``); a
    number and its unit stay together (``150 万元``), and so do spaced-out characters
    (``产 出 指 标``). A cell broken over several lines arrives as several rows; the
    assembler re-joins it.
``PIPE_END``
    Web pages copied as text: every cell ends with `` |``, a lone ``|`` is an empty cell,
    and a line without the closing ``|`` continues on the next line.
``PIPE_SEPARATED``
    Cells separated by a line holding only ``|``.
``PARAGRAPHS``
    One cell per paragraph, paragraphs separated by blank lines.

In every mode but ``LINES`` a cell is complete (its lines are joined here) and rows are
unknown, so the assembler reads the cells as a stream.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from jixiao.domain.model import SourceRef
from jixiao.domain.text import fix_radicals
from jixiao.ingest.cells import Cell, CellRow, CellTyper, normalize
from jixiao.ingest.vocab import TITLE_PATTERN, Vocabulary

# Tokens are re-joined into one cell only while that cell is short: every merge looks at the
# whole cell again, so an unbounded cell (an unclosed bracket absorbing a whole page) would
# make the merging quadratic. Real merged cells (150 万元, ≥ 90%, 项目资金(万元)) are short.
_MAX_MERGED_CELL = 256

class LayoutMode(StrEnum):
    LINES = "lines"
    PIPE_END = "pipe_end"
    PIPE_SEPARATED = "pipe_separated"
    PARAGRAPHS = "paragraphs"


@dataclass(frozen=True, slots=True)
class TextLine:
    """One input line: its 1-based number and its text (radicals repaired, right-stripped)."""

    number: int
    text: str
    blank: bool = False

    @classmethod
    def of(cls, number: int, text: str) -> TextLine:
        return cls(number, text, not text.strip())


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ufffe\uffff]")


_RADICALS = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")


# A ruling line and nothing else: the |---|:---:| row under a Markdown table's header, the
# +----+----+ borders of a text grid, a ----- or ===== rule. Drawing, not content. (A
# short run of dashes alone, or em-dashes ——, may be a cell meaning "none": kept.)
_RULING = re.compile(
    r"^(?=[^|｜+]*[|｜+])(?=.*[-=─━]{3})[-=─━\s|｜+:]+$"  # with a | or +: a table's ruling
    r"|^\s*(?:-{5,}|={5,}|[─━]{3,})\s*$"  # a rule across the line
)


_HEADING = re.compile(r"^#{1,6}[ \t]+(?=\S)")  # a Markdown heading's marker: "## 标题"


def split_lines(text: str) -> list[TextLine]:
    """Lines of a document, numbered from 1; control characters become spaces, CJK radicals
    the ideographs they stand for (⽬ → 目); ruling lines (Markdown ``|---|---|``, text-grid
    borders ``+---+``) become blank lines, so they are neither cells nor glued to one, and a
    Markdown heading loses its ``#`` marker."""
    text = _CONTROL.sub(" ", text)
    if _RADICALS.search(text):
        text = fix_radicals(text)
    return [
        TextLine.of(i, "" if _RULING.match(line) else _HEADING.sub("", line).rstrip())
        for i, line in enumerate(re.split(r"\r\n|\r|\n|\u2028|\u2029|\x85", text), start=1)
    ]


# --------------------------------------------------------------------------------------------
# Mode detection
# --------------------------------------------------------------------------------------------

_PIPES = "|｜"


def _has_pipe(s: str) -> bool:
    return "|" in s or "｜" in s


def _is_lone_pipe(s: str) -> bool:
    if not _has_pipe(s):
        return False
    t = s.strip()
    return bool(t) and not t.replace("|", "").replace("｜", "").strip()


def _ends_with_pipe(s: str) -> bool:
    t = s.rstrip()
    return bool(t) and t[-1] in _PIPES and not _is_lone_pipe(t)


_INNER_SPACE = re.compile(r"\S\s+\S")


def detect_mode(lines: Sequence[TextLine]) -> LayoutMode:
    """How this text separates its cells (see :class:`LayoutMode`)."""
    text_lines = [ln for ln in lines if not ln.blank]
    n = len(text_lines)
    if n == 0:
        return LayoutMode.LINES
    end_pipe = sum(1 for ln in text_lines if _ends_with_pipe(ln.text))
    lone = sum(1 for ln in text_lines if _is_lone_pipe(ln.text))
    inner_pipe = sum(
        1 for ln in text_lines if _has_pipe(ln.text) and _has_pipe(ln.text.strip().strip(_PIPES))
    )
    if end_pipe >= 0.4 * n and end_pipe > inner_pipe:
        return LayoutMode.PIPE_END
    if lone >= 0.15 * n and inner_pipe <= 0.05 * n and end_pipe <= 0.05 * n:
        return LayoutMode.PIPE_SEPARATED
    # paragraphs: blank-line separated, some paragraphs wrap over several lines, and lines
    # almost never hold several space-separated cells
    spaced = sum(1 for ln in text_lines if _INNER_SPACE.search(ln.text.strip()))
    paragraphs = _paragraphs(lines)
    multi = sum(1 for p in paragraphs if len(p) > 1)
    blanks = sum(1 for ln in lines if ln.blank)
    if (
        multi >= 1
        and len(paragraphs) >= 4
        and blanks >= 0.5 * len(paragraphs)
        and spaced <= 0.05 * n
        and inner_pipe == 0
    ):
        return LayoutMode.PARAGRAPHS
    return LayoutMode.LINES


def _paragraphs(lines: Sequence[TextLine]) -> list[list[TextLine]]:
    out: list[list[TextLine]] = []
    cur: list[TextLine] = []
    for ln in lines:
        if ln.blank:
            if cur:
                out.append(cur)
                cur = []
        else:
            cur.append(ln)
    if cur:
        out.append(cur)
    return out


# --------------------------------------------------------------------------------------------
# Joining wrapped lines of one cell
# --------------------------------------------------------------------------------------------

_ASCII_END = re.compile(r"[A-Za-z]$")
_ASCII_START = re.compile(r"^[A-Za-z]")


def join_pieces(pieces: Sequence[str]) -> str:
    """Join the lines of a wrapped cell: Chinese directly, Latin words with a space."""
    if len(pieces) == 1:
        return pieces[0].strip()
    out = ""
    for p in pieces:
        p = p.strip()
        if not p:
            continue
        if out and _ASCII_END.search(out) and _ASCII_START.search(p):
            out += " " + p
        else:
            out += p
    return out


def _ref(file: str | None, first: int, last: int | None = None) -> SourceRef:
    return SourceRef(file=file, line=first, line_end=last if last and last != first else None)


# --------------------------------------------------------------------------------------------
# Splitting one line into cells
# --------------------------------------------------------------------------------------------

_WIDE_GAP = re.compile(r"\s{2,}|\t|\u3000+")
_LEAD_NUM = re.compile(r"^[+-]?[\d.,]*\d[\d.,]*$")
_SINGLE_CJK = re.compile(r"^[\u3400-\u9fff]$")
_BRACKET_ONLY = re.compile(r"^[(（][^()（）]{1,12}[)）]$")
_OPEN_BRACKET = re.compile(r"[(（][^)）]*$")
_GLUED_VALUE = re.compile(
    r"(?:[=＝≥≤<>≧≦]|二(?=\d)|大于等于|小于等于|不低于|不少于|不超过|不高于)+\s*\d"
    r"|(?<![\d.])\d+(?:\.\d+)?\s*(?:%|％|个|人|次|天|元|万元|项|家|户)"
)
_TITLE_TAIL = re.compile(r"\s*[(（][^()（）]{1,16}[)）]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]{2}")


class LineSplitter:
    """Splits the lines of a ``LINES`` document into cells."""

    def __init__(self, vocab: Vocabulary, typer: CellTyper, *, wide_gaps: bool = False):
        self.vocab = vocab
        self.typer = typer
        self.wide_gaps = wide_gaps
        self._unit_start = typer.unit_start

    def split(self, text: str) -> tuple[list[str], bool]:
        """The cells of one line, and whether they keep column positions (pipes, tabs)."""
        s = text.strip()
        if not s:
            return [], False
        if len(s) < 6 and " " not in s and "\t" not in s and not _has_pipe(s):
            return [s], False
        if _has_pipe(s):
            parts = [p.strip() for p in re.split(r"[|｜]", s)]
            if parts and parts[0] == "" and s[0] in _PIPES and s[-1] in _PIPES:
                # "| a | b |": the outer pipes frame the row; a leading "| a" without
                # the closing pipe marks an empty first cell
                parts = parts[1:]
            while parts and parts[-1] == "":
                parts.pop()
            # a cell of a pipe row may itself hold several space-separated pieces only when
            # it is a label with its value; keep cells whole
            return [self._tidy(p) for p in parts], True
        if "\t" in s:
            parts = [p.strip() for p in text.rstrip().lstrip(" ").split("\t")]
            while parts and parts[-1] == "":
                parts.pop()
            return [self._tidy(p) for p in parts], True
        if self.wide_gaps and _WIDE_GAP.search(s):
            parts = [p for p in _WIDE_GAP.split(s) if p]
            out: list[str] = []
            for p in parts:
                tokens = p.split()
                vocab = self.vocab
                if self._spaced_chars(p) or (
                    len(tokens) > 1
                    and any(vocab.is_level(t) or vocab.field(t) or vocab.column(t) for t in tokens)
                ):
                    # 产 出 指 标, or two cells that came within one space of each other
                    out.extend(self._merge_tokens(self._unglue(tokens)))
                else:
                    out.append(p)
            return out, False
        return self._merge_tokens(self._unglue(s.split())), False

    @staticmethod
    def _tidy(p: str) -> str:
        return " ".join(p.split())

    @staticmethod
    def _spaced_chars(p: str) -> bool:
        toks = p.split()
        return len(toks) > 1 and all(_SINGLE_CJK.match(t) for t in toks)

    def _unglue(self, tokens: list[str]) -> list[str]:
        """Split tokens where labels and values run together (``资金总额222.45``,
        ``一级指标二级指标三级指标指标值产出指标数量指标免费开放天数=300天…``)."""
        out: list[str] = []
        for tok in tokens:
            if len(tok) < 6:
                out.append(tok)
                continue
            title = TITLE_PATTERN.search(tok)
            if title is not None:
                end = title.end()
                close = _TITLE_TAIL.match(tok, end)
                if close:
                    end = close.end()
                out.append(tok[:end])
                if end < len(tok):
                    out.extend(self._unglue([tok[end:]]))
                continue
            hits = self.vocab.glue_hits(tok)
            if not hits:
                out.append(tok)
                continue
            start, end, word = hits[0]
            if len(hits) == 1 and start == 0:
                rest = tok[end:]
                is_field = self.vocab.field(word) is not None
                if (
                    (rest and rest[0] in ":：")
                    or rest[:1].isdigit()
                    or (is_field and len(rest) >= 6 and rest[0] not in "(（[【")
                ):
                    out.append(word)
                    out.append(rest.lstrip(":："))
                else:
                    out.append(tok)
                continue
            if len(hits) < 2 or len(tok) < 12:
                out.append(tok)
                continue
            pos = 0
            for start, end, word in hits:
                if start > pos:
                    out.extend(self._split_name_value(tok[pos:start]))
                out.append(word)
                pos = end
            if pos < len(tok):
                out.extend(self._split_name_value(tok[pos:]))
        if len(out) == 1:
            return out
        # between glued labels a colon is a separator, not a cell
        return [t.lstrip(":：") or t for t in out if t.strip(":： ")] or out

    def _split_name_value(self, piece: str) -> list[str]:
        """``免费开放天数=300天`` → ``免费开放天数``, ``=300天``."""
        m = _GLUED_VALUE.search(piece)
        if m and m.start() >= 2 and _CJK_RUN.search(piece[: m.start()]):
            return [piece[: m.start()], piece[m.start() :]]
        return [piece]

    def _merge_tokens(self, tokens: list[str]) -> list[str]:
        """Re-join tokens that belong to one cell: ``150`` + ``万元``, ``≥`` + ``90%``,
        ``产 出 指 标``, ``项目资金`` + ``(万元)``, ``一级`` + ``指标``."""
        out: list[str] = []
        i = 0
        n = len(tokens)
        while i < n:
            tok = tokens[i]
            # spaced-out characters: 产 出 指 标
            if _SINGLE_CJK.match(tok):
                j = i
                while j + 1 < n and _SINGLE_CJK.match(tokens[j + 1]):
                    j += 1
                if j > i:
                    out.append("".join(tokens[i : j + 1]))
                    i = j + 1
                    continue
            if out and len(out[-1]) <= _MAX_MERGED_CELL:
                prev = out[-1]
                if (
                    self.typer.is_comparator(prev)
                    and not self.typer.is_comparator(tok)
                    and (tok[:1].isdigit() or tok[:1] in "零一二三四五六七八九十百两")
                    and len(normalize(prev)) <= 2
                ):
                    out[-1] = prev + " " + tok
                    i += 1
                    continue
                if _LEAD_NUM.match(normalize(prev)) and self._starts_with_unit(tok):
                    out[-1] = prev + " " + tok
                    i += 1
                    continue
                if _BRACKET_ONLY.match(tok) or _OPEN_BRACKET.search(prev):
                    out[-1] = prev + tok if _BRACKET_ONLY.match(tok) else prev + " " + tok
                    i += 1
                    continue
                if (
                    len(prev) <= 4
                    and len(tok) <= 6
                    and self.vocab.joinable_word(prev + tok)
                    and not self.vocab.joinable_word(prev)
                ):
                    out[-1] = prev + tok
                    i += 1
                    continue
            out.append(tok)
            i += 1
        return out

    def _starts_with_unit(self, tok: str) -> bool:
        t = normalize(tok)
        if not t:
            return False
        if t[0] in "%‰":
            return True
        if self._unit_start.match(t):
            return True
        return t.startswith(("以上", "以下", "以内", "左右"))


# --------------------------------------------------------------------------------------------
# Lines → rows, per mode
# --------------------------------------------------------------------------------------------


def rows_from_lines(
    lines: Sequence[TextLine],
    mode: LayoutMode,
    splitter: LineSplitter,
    file: str | None = None,
) -> list[CellRow]:
    """Rows of cells for the (table) lines of a document, in reading order."""
    if mode is LayoutMode.PIPE_END:
        return _rows_pipe_end(lines, splitter, file)
    if mode is LayoutMode.PIPE_SEPARATED:
        return _rows_pipe_separated(lines, file)
    if mode is LayoutMode.PARAGRAPHS:
        return _rows_paragraphs(lines, file)
    rows: list[CellRow] = []
    for ln in lines:
        if ln.blank:
            continue
        texts, positional = splitter.split(ln.text)
        if not texts:
            continue
        ref = _ref(file, ln.number)
        rows.append(CellRow([Cell(t, ref) for t in texts], ref, positional=positional))
    return rows


def _single(text: str, first: int, last: int, file: str | None) -> CellRow:
    ref = _ref(file, first, last)
    return CellRow([Cell(text, ref)], ref, positional=False)


def _rows_pipe_end(
    lines: Sequence[TextLine], splitter: LineSplitter, file: str | None
) -> list[CellRow]:
    rows: list[CellRow] = []
    pending: list[TextLine] = []
    for ln in lines:
        if ln.blank:
            continue
        if not _ends_with_pipe(ln.text) and not _is_lone_pipe(ln.text):
            pending.append(ln)
            continue
        first = pending[0].number if pending else ln.number
        if _is_lone_pipe(ln.text):
            if pending:
                rows.append(
                    _single(join_pieces([p.text for p in pending]), first, pending[-1].number, file)
                )
                pending = []
            # every pipe on a lone-pipe line closes one empty cell
            count = sum(1 for c in ln.text if c in _PIPES)
            for _ in range(count):
                rows.append(_single("", ln.number, ln.number, file))
            continue
        parts = [p.strip() for p in re.split(r"[|｜]", ln.text.rstrip())][:-1]
        if parts and pending:
            parts[0] = join_pieces([*(p.text for p in pending), parts[0]])
        pending = []
        ref = _ref(file, first, ln.number)
        cells = [Cell(" ".join(p.split()), ref) for p in parts]
        rows.append(CellRow(cells, ref, positional=len(cells) > 1))
    if pending:
        rows.append(
            _single(
                join_pieces([p.text for p in pending]), pending[0].number, pending[-1].number, file
            )
        )
    return rows


def _rows_pipe_separated(lines: Sequence[TextLine], file: str | None) -> list[CellRow]:
    rows: list[CellRow] = []
    pending: list[TextLine] = []
    last_sep: int | None = None
    for ln in lines:
        if ln.blank:
            continue
        if _is_lone_pipe(ln.text):
            if pending:
                rows.append(
                    _single(
                        join_pieces([p.text for p in pending]),
                        pending[0].number,
                        pending[-1].number,
                        file,
                    )
                )
                pending = []
            elif last_sep is not None:
                rows.append(_single("", ln.number, ln.number, file))
            last_sep = ln.number
            continue
        pending.append(ln)
    if pending:
        rows.append(
            _single(
                join_pieces([p.text for p in pending]), pending[0].number, pending[-1].number, file
            )
        )
    return rows


def _rows_paragraphs(lines: Sequence[TextLine], file: str | None) -> list[CellRow]:
    return [
        _single(join_pieces([ln.text for ln in para]), para[0].number, para[-1].number, file)
        for para in _paragraphs(lines)
    ]


def uses_wide_gaps(lines: Sequence[TextLine]) -> bool:
    """``pdftotext -layout`` style: cells separated by runs of spaces, words by one space."""
    multi = [ln for ln in lines if not ln.blank and _INNER_SPACE.search(ln.text.strip())]
    if len(multi) < 3:
        return False
    wide = sum(1 for ln in multi if _WIDE_GAP.search(ln.text.strip()))
    return wide >= 0.6 * len(multi)
