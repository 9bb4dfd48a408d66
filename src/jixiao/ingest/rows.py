"""Indicator table bodies → rows (指标表行的还原).

The body of an indicator table arrives as *units* in reading order:

- a level name (一级/二级指标, re-joined if it was broken over lines) — it sets the
  context of the rows that follow, as a merged cell does;
- a row line holding several cells (``签约项目 全区完成亿元以上签约项目 15个``) — its
  cells are given columns by content, in the column order of the header, with a small
  dynamic programme (:meth:`RowBuilder.assign`): level names only fit the level columns,
  a value (``15个``, ``90%以上``) fits 指标值, a basis (``工作要求``) fits the basis column, and
  so on; an empty cell that vanished simply leaves its column empty;
- a fragment: a single cell alone on its line, either a whole cell (one cell per line,
  one cell per paragraph) or a piece of a cell that was broken over lines (``跨境电商交易``
  + ``额``).

Fragments between two row lines are placed where they complete something: the
basis the previous row lacks (``根据年初`` + ``工作安排`` after its row), the level-3 name of
the next row (``跨境电商交易`` + ``额`` before ``全区完成跨境电商交易额 26亿元 工作要求``: a
name and a description are usually alike), the start of a cell that continues on the row
line. Fragments that complete nothing are read as rows of their own, cell by cell in
column order (the only way when every cell is alone on its line).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from jixiao.domain.model import SourceRef
from jixiao.domain.profile import Categories
from jixiao.ingest.cells import BASIS_ENDINGS, Cell, CellTyper, dice, normalize, similarity
from jixiao.ingest.layout import join_pieces
from jixiao.ingest.vocab import Col, Vocabulary

NEG = -1e9

TEXT_COLS = (Col.L3, Col.DESC)
VALUE_COLS = (Col.VALUE, Col.LONG, Col.ACTUAL)


@dataclass(slots=True)
class Piece:
    """The content of one column of a row: text as written and the cells it came from."""

    text: str
    cells: list[Cell]

    @property
    def sources(self) -> list[SourceRef]:
        return [c.source for c in self.cells]


def _piece(cells: Sequence[Cell]) -> Piece:
    return Piece(join_pieces([c.text for c in cells]), list(cells))


@dataclass(slots=True)
class RowDraft:
    """One indicator row being built."""

    level1: Piece | None = None
    level2: Piece | None = None
    cols: dict[Col, Piece] = field(default_factory=dict)
    order: list[Col] = field(default_factory=list)  # columns in the order they were filled
    extra: list[Cell] = field(default_factory=list)  # cells that fit no column
    own_levels: list[Cell] = field(default_factory=list)  # level cells of the row line itself

    def filled(self, col: Col) -> bool:
        return col in self.cols and bool(self.cols[col].text)

    def text(self, col: Col) -> str | None:
        p = self.cols.get(col)
        return p.text if p and p.text else None

    def put(self, col: Col, cells: Sequence[Cell]) -> None:
        if col in self.cols:
            prev = self.cols[col]
            self.cols[col] = _piece([*prev.cells, *cells])
        else:
            self.cols[col] = _piece(cells)
            self.order.append(col)

    def cells(self) -> list[Cell]:
        out: list[Cell] = list(self.own_levels)
        for p in self.cols.values():
            out.extend(p.cells)
        return out

    @property
    def has_content(self) -> bool:
        return any(p.text for p in self.cols.values())


@dataclass(slots=True)
class Unit:
    """A body unit: a level name, a row line, or a fragment (one cell alone on its line)."""

    kind: str  # "level", "row", "frag"
    cells: list[Cell]
    positional: bool = False

    @property
    def text(self) -> str:
        return join_pieces([c.text for c in self.cells])


class RowBuilder:
    """Builds the rows of one table body for a given column order (the header)."""

    def __init__(
        self,
        schema: Sequence[Col],
        vocab: Vocabulary,
        typer: CellTyper,
        *,
        stream: bool,
        header_width: int | None = None,
        fit_cache: dict[tuple[tuple[Col, ...], str, bool], list[float]] | None = None,
    ):
        cols = list(schema)
        if Col.L3 not in cols:
            at = max(
                (cols.index(c) + 1 for c in (Col.L1, Col.L2, Col.PROJECT) if c in cols), default=0
            )
            cols.insert(at, Col.L3)
        if Col.L2 not in cols:
            cols.insert(cols.index(Col.L3), Col.L2)
        if Col.L1 not in cols:
            cols.insert(cols.index(Col.L2), Col.L1)
        self.cols = cols
        self.index = {c: i for i, c in enumerate(cols)}
        self.vocab = vocab
        self.cats: Categories = vocab.categories
        self.typer = typer
        self.stream = stream
        self.header_width = header_width
        self.has_desc = Col.DESC in cols
        self.l1: Piece | None = None
        self.l2: Piece | None = None
        self._fits: dict[tuple[tuple[Col, ...], str, bool], list[float]] = (
            fit_cache if fit_cache is not None else {}
        )
        self._cols_key = tuple(self.cols)

    # -- level context ---------------------------------------------------------------------

    def l2_under(self, l2: str, l1: str | None) -> bool:
        """Whether the level-2 name belongs under the level-1 name in the catalogue."""
        if not l1:
            return False
        return self.vocab.level2_under(l2, l1)

    def level_role(self, text: str, next_text: str | None) -> Col:
        """Whether a level name standing alone is a level 1 or a level 2."""
        is1 = self.vocab.level1(text)
        is2 = self.vocab.level2(text)
        if is1 and not is2:
            return Col.L1
        if is2 and not is1:
            return Col.L2
        if (
            next_text is not None
            and self.vocab.level2(next_text)
            and self.l2_under(next_text, text)
        ):
            return Col.L1
        cur1 = self.l1.text if self.l1 else None
        if cur1 and normalize(cur1) == normalize(text):
            return Col.L2
        if cur1 and self.l2_under(text, cur1):
            return Col.L2
        return Col.L1

    def set_level(self, col: Col, cells: Sequence[Cell]) -> None:
        p = _piece(cells)
        if col is Col.L1:
            self.l1, self.l2 = p, None
        else:
            self.l2 = p

    # -- fitting a text to a column --------------------------------------------------------

    def fit(self, text: str, col: Col, *, positional: bool = False) -> float:
        """How well a text fits a column (negative: badly; ``NEG``: impossible)."""
        if col is Col.L1 or col is Col.L2:
            return self._fit(text, col, positional)
        return self.fits(text, positional)[self.index[col]]

    def fits(self, text: str, positional: bool) -> list[float]:
        """The fit of a text to every column (levels with the current context)."""
        key = (self._cols_key, text, positional)
        vec = self._fits.get(key)
        if vec is None:
            vec = [
                0.0 if c is Col.L1 or c is Col.L2 else self._fit(text, c, positional)
                for c in self.cols
            ]
            if len(self._fits) > 20000:
                self._fits.clear()
            self._fits[key] = vec
        out = vec
        if self.vocab.is_level(text) or positional:
            out = list(vec)
            for c in (Col.L1, Col.L2):
                out[self.index[c]] = self._fit(text, c, positional)
        else:
            out = list(vec)
            out[self.index[Col.L1]] = NEG
            out[self.index[Col.L2]] = NEG
        return out

    def _fit(self, text: str, col: Col, positional: bool) -> float:
        t = self.typer
        if not text.strip():
            return 0.0
        if col is Col.L1:
            if not self.vocab.level1(text):
                return 0.2 if positional else NEG
            # a name that is also a level 2 of the current level 1 (成本指标 under 产出指标)
            cur = self.l1.text if self.l1 else None
            if cur and self.vocab.level2(text) and self.l2_under(text, cur):
                return 2.5
            return 3.0
        if col is Col.L2:
            if not self.vocab.level2(text):
                return 0.2 if positional else NEG
            cur = self.l1.text if self.l1 else None
            return 3.3 if cur and self.l2_under(text, cur) else 3.0
        if col is Col.L3:
            if self.vocab.is_level(text):
                return 0.2
            return t.text_score(text) - (0.7 if t.basis_score(text) >= 2.0 else 0.0)
        if col is Col.DESC:
            s = t.text_score(text) - (0.7 if t.basis_score(text) >= 2.0 else 0.0)
            return s - 0.2 if s > 0 else s - 0.3
        if col in VALUE_COLS:
            return t.value_score(text) - (0.3 if col is not Col.VALUE else 0.0)
        if col is Col.BASIS:
            return t.basis_score(text)
        if col is Col.CMP:
            return 3.0 if t.is_comparator(text) else NEG
        if col is Col.UNIT:
            return 2.5 if t.is_unit(text) else (-0.5 if positional else NEG)
        if col is Col.VTYPE:
            return 3.0 if t.is_vtype(text) else NEG
        if col in (Col.WEIGHT, Col.SCORE):
            return 2.0 if t.is_number(text) else NEG
        if col is Col.PROJECT_CODE:
            return 2.0 if any(ch.isdigit() for ch in text) and len(text) <= 30 else NEG
        if col is Col.PROJECT:
            return 0.1 if not self.vocab.is_level(text) else NEG
        if col is Col.UNKNOWN:
            return 0.05
        return 0.1  # NOTE, SCORING, REASON

    # -- one row line: columns by dynamic programming --------------------------------------

    def assign(self, cells: Sequence[Cell], positional: bool) -> list[Col | None]:
        """Columns for the cells of one row line, in header order (``None``: fits no column).

        ``dp[j]`` is the best score of the cells so far with the last one used in column
        ``j`` (``-1``: none yet); a cell may also be left over, at a cost.
        """
        n, m = len(cells), len(self.cols)
        texts = [c.text for c in cells]
        aligned = positional and self.header_width is not None and n == self.header_width
        offset = m - n if aligned else 0
        l3 = self.index[Col.L3]
        desc = self.index.get(Col.DESC)
        skip = -2.5
        dp = [NEG] * (m + 1)  # index j + 1 for column j; index 0 for "none yet"
        dp[0] = 0.0
        back: list[list[int]] = []
        for i in range(n):
            new = [NEG] * (m + 1)
            arg = [-2] * (m + 1)  # previous state index; -2: cell left over (same state)
            for k in range(m + 1):  # left over
                if dp[k] > NEG / 2 and dp[k] + skip > new[k]:
                    new[k], arg[k] = dp[k] + skip, -2
            run, run_k = NEG, -1
            row_fits = self.fits(texts[i], positional)
            for j in range(m):
                if dp[j] > run:  # states 0..j, i.e. last column < j
                    run, run_k = dp[j], j
                if run <= NEG / 2:
                    continue
                f = row_fits[j]
                if f <= NEG / 2:
                    continue
                if aligned and i + offset == j:
                    f += 1.5
                cand, cand_k = run, run_k
                if j == desc and i > 0 and l3 < j and dp[l3 + 1] > NEG / 2:
                    bonus = 0.8 * similarity(texts[i - 1], texts[i])
                    if len(texts[i]) < 0.6 * len(texts[i - 1]):
                        bonus -= 0.6  # a description much shorter than its name: a value
                    with_bonus = dp[l3 + 1] + bonus
                    if with_bonus > cand:
                        cand, cand_k = with_bonus, l3 + 1
                if cand + f > new[j + 1]:
                    new[j + 1], arg[j + 1] = cand + f, cand_k
            back.append(arg)
            dp = new
        state = max(range(m + 1), key=lambda k: dp[k])
        out: list[Col | None] = [None] * n
        for i in range(n - 1, -1, -1):
            prev = back[i][state]
            if prev == -2:
                out[i] = None
            else:
                out[i] = self.cols[state - 1]
                state = prev
        return out

    def row_from_cols(self, unit: Unit, cols: list[Col | None]) -> RowDraft:
        # level cells first: they set the context of this row
        for cell, col in zip(unit.cells, cols, strict=True):
            if col is Col.L1 and cell.text.strip():
                self.set_level(Col.L1, [cell])
            elif col is Col.L2 and cell.text.strip():
                self.set_level(Col.L2, [cell])
        row = RowDraft(level1=self.l1, level2=self.l2)
        row.own_levels = [
            cell
            for cell, col in zip(unit.cells, cols, strict=True)
            if col in (Col.L1, Col.L2) and cell.text.strip()
        ]
        for cell, col in zip(unit.cells, cols, strict=True):
            if col is None:
                if cell.text.strip():
                    row.extra.append(cell)
            elif col not in (Col.L1, Col.L2) and cell.text.strip():
                row.put(col, [cell])
        return row

    # -- fragments -------------------------------------------------------------------------

    def _attach_after(self, row: RowDraft | None, text: str) -> tuple[float, Col | None]:
        """Score of placing a fragment text into an empty column of the row above it."""
        if row is None or not text:
            return NEG, None
        t = self.typer
        options: list[tuple[float, Col | None]] = []
        last = max((self.index.get(c, 0) for c in row.order), default=-1)
        for col in self.cols:
            if col in (Col.L1, Col.L2, Col.PROJECT, Col.PROJECT_CODE) or row.filled(col):
                continue
            f = self.fit(text, col)
            if f <= NEG / 2 or (col in (*VALUE_COLS, Col.BASIS) and f < 1.0):
                continue
            if col in TEXT_COLS:
                other = row.text(Col.DESC if col is Col.L3 else Col.L3)
                f += 0.8 * similarity(text, other) if other else 0.0
                if col is Col.L3 and row.filled(Col.DESC):
                    f -= 0.3
            if self.index[col] < last:
                f -= 0.2  # written out of column order (a tall cell)
            options.append((f, col))
        # continuation of the row's last text cell (a wrapped cell whose tail comes after)
        if row.order:
            tail = row.order[-1]
            tail_text = row.text(tail) or ""
            joined = tail_text + text
            score = 0.2 + (0.6 if t.is_tiny_piece(text) else 0.0)
            if tail is Col.BASIS:
                nt, nj = normalize(tail_text), normalize(joined)
                if not nt.endswith(BASIS_ENDINGS) and nj.endswith(BASIS_ENDINGS):
                    score += 1.2  # 根据上年度实 / 际完成情况
                elif nt.endswith(BASIS_ENDINGS) and t.basis_score(tail_text) >= 2.0:
                    score -= 0.7  # the basis is complete: 计划标准 does not continue
                score += max(0.0, t.basis_score(joined) - t.basis_score(tail_text))
                options.append((score, None))
            elif tail in TEXT_COLS:
                other = row.text(Col.DESC if tail is Col.L3 else Col.L3)
                if other:
                    score += 2.0 * max(0.0, dice(joined, other) - dice(tail_text, other))
                if len(normalize(text)) <= 6 or score > 0.5:
                    options.append((score, None))
        if not options:
            return NEG, None
        return max(options, key=lambda o: o[0])

    def _attach_before(self, row: RowDraft | None, text: str) -> tuple[float, str]:
        """Score of placing a fragment text at the start of the row below it."""
        if row is None or not text:
            return NEG, ""
        l3, desc = row.text(Col.L3), row.text(Col.DESC)
        options: list[tuple[float, str]] = []
        if self.fit(text, Col.L3) > 0:
            if l3 is None and desc is None:
                options.append((1.0, "l3"))
            elif l3 is None and desc is not None:
                options.append((1.0 + 2.0 * similarity(text, desc), "l3"))
            elif l3 is not None and desc is None and self.has_desc:
                sim = similarity(text, l3)
                if len(normalize(text)) > len(normalize(l3)) + 2:
                    # a longer text before the row: its wrapped description
                    options.append((1.0 + 2.0 * sim, "desc"))
                else:
                    # the row line's one text is the description; the fragment is the name
                    options.append((1.0 + 2.0 * sim, "shift"))
            if l3 is not None and desc is not None:
                joined = text + l3
                gain = dice(joined, desc) - dice(l3, desc)
                if gain > 0.15:
                    options.append((1.0 + 2.0 * gain, "prepend"))
            if l3 is not None and desc is None and not self.has_desc:
                options.append((0.4, "prepend"))
        value = row.text(Col.VALUE)
        if l3 is None and desc is None and value and self.typer.value_score(value) < 1.5:
            # the row line's one text was read as a qualitative value; a name like it
            # before it says it is the description and the value cell is empty
            sim = similarity(text, value)
            if sim >= 0.5:
                options.append((1.0 + 2.0 * sim, "shift_value"))
        v = self.typer.value_score(text)
        if v >= 1.5 and not row.filled(Col.VALUE) and Col.VALUE in self.index:
            options.append((0.6 * v, "value"))
        if not options:
            return NEG, ""
        return max(options, key=lambda o: o[0])

    def _chunks(self, frags: Sequence[Cell]) -> list[list[Cell]]:
        """Group fragments into cells: tiny tails join the piece before; in a flattened PDF
        (not a stream of whole cells) a piece no longer than the one before continues it."""
        chunks: list[list[Cell]] = []
        for cell in frags:
            if not chunks:
                chunks.append([cell])
                continue
            prev = chunks[-1]
            pt = normalize(prev[-1].text)
            ct = normalize(cell.text)
            first = normalize(prev[0].text)
            if self.typer.is_tiny_piece(cell.text) and not self.vocab.is_level(cell.text):
                prev.append(cell)
                continue
            if (
                not self.stream
                and len(pt) >= 3
                and len(ct) <= len(pt)
                and abs(len(pt) - len(first)) <= 1
                and self.typer.value_score(cell.text) < 1.5
                and not ct.startswith(("根据", "依据", "按照"))
                and self.typer.value_score(prev[-1].text) < 1.5
                and ct != pt
            ):
                prev.append(cell)
                continue
            chunks.append([cell])
        return chunks

    def place_fragments(
        self, frags: list[Cell], before: RowDraft | None, after: RowDraft | None
    ) -> list[RowDraft]:
        """Place fragments found between the row ``before`` (above) and ``after`` (below).

        Returns the rows the fragments made on their own (to be put between the two).
        """
        if not frags:
            return []
        chunks = self._chunks(frags)
        if self.stream:
            return self._stream_rows(chunks, before)
        n = len(frags)
        best: tuple[float, int, Col | None, str] | None = None
        # a long run is whole cells, not the pieces of one: no search (and no quadratic time)
        if (before is not None or after is not None) and n <= 12:
            for k in range(n + 1):
                left, right = frags[:k], frags[k:]
                score = 0.0
                lcol: Col | None = None
                how = ""
                if left:
                    s, lcol = self._attach_after(before, join_pieces([c.text for c in left]))
                    if s <= NEG / 2:
                        continue
                    score += s - 0.15 * (len(left) - 1)
                if right:
                    s2, how = self._attach_before(after, join_pieces([c.text for c in right]))
                    if s2 <= NEG / 2:
                        continue
                    score += s2 - 0.15 * (len(right) - 1)
                if 0 < k < n and self._continues(frags[k - 1].text, frags[k].text):
                    score -= 0.6  # a split between a piece and its likely continuation
                if best is None or score > best[0]:
                    best = (score, k, lcol, how)
        alone_score, _ = self._simulate(chunks)
        if best is not None and best[0] >= alone_score:
            _, k, lcol, how = best
            if k > 0 and before is not None:
                self._do_after(before, frags[:k], lcol)
            if k < n and after is not None:
                self._do_before(after, frags[k:], how)
            return []
        return self._stream_rows(chunks, None)

    def _continues(self, a: str, b: str) -> bool:
        """Whether line ``b`` looks like the wrapped continuation of line ``a``."""
        na, nb = normalize(a), normalize(b)
        if not na or not nb:
            return False
        if self.typer.is_tiny_piece(b):
            return True
        return (
            len(na) >= 3
            and len(nb) <= len(na)
            and self.typer.value_score(b) < 1.5
            and self.typer.value_score(a) < 1.5
            and not nb.startswith(("根据", "依据", "按照"))
        )

    def _do_after(self, row: RowDraft, cells: list[Cell], col: object) -> None:
        if isinstance(col, Col):
            row.put(col, cells)
        elif row.order:
            row.put(row.order[-1], cells)
        else:
            row.extra.extend(cells)

    def _do_before(self, row: RowDraft, cells: list[Cell], how: str) -> None:
        if how == "l3":
            piece = _piece(cells)
            if Col.L3 in row.cols:
                existing = row.cols[Col.L3]
                row.cols[Col.L3] = _piece([*cells, *existing.cells])
            else:
                row.cols[Col.L3] = piece
                row.order.insert(0, Col.L3)
        elif how == "shift":
            moved = row.cols.pop(Col.L3)
            row.order = [c for c in row.order if c is not Col.L3]
            row.cols[Col.L3] = _piece(cells)
            row.cols[Col.DESC] = moved
            row.order = [Col.L3, Col.DESC, *row.order]
        elif how == "desc":
            row.cols[Col.DESC] = _piece(cells)
            row.order.insert(row.order.index(Col.L3) + 1 if Col.L3 in row.order else 0, Col.DESC)
        elif how == "shift_value" and self.has_desc:
            moved = row.cols.pop(Col.VALUE)
            row.order = [c for c in row.order if c is not Col.VALUE]
            row.cols[Col.L3] = _piece(cells)
            row.cols[Col.DESC] = moved
            row.order = [Col.L3, Col.DESC, *row.order]
        elif how == "shift_value":
            moved = row.cols.pop(Col.VALUE)
            row.order = [c for c in row.order if c is not Col.VALUE]
            row.cols[Col.L3] = _piece([*cells, *moved.cells])
            row.order = [Col.L3, *row.order]
        elif how == "prepend":
            existing = row.cols[Col.L3]
            row.cols[Col.L3] = _piece([*cells, *existing.cells])
        elif how == "value":
            row.put(Col.VALUE, cells)
        else:
            row.extra.extend(cells)

    # -- fragments as rows of their own (a stream of whole cells) --------------------------

    def _stream_choice(self, row: RowDraft | None, text: str) -> tuple[float, Col, bool]:
        """Best column for the next cell of a stream: in the current row, or a new row."""
        best: tuple[float, Col, bool] = (NEG, Col.L3, True)
        if row is not None and row.level1 is self.l1 and row.level2 is self.l2:
            last = max((self.index[c] for c in row.order if c in self.index), default=-1)
            for j in range(last + 1, len(self.cols)):
                col = self.cols[j]
                if col in (Col.L1, Col.L2, Col.PROJECT):
                    continue
                f = self.fit(text, col)
                if f <= NEG / 2:
                    continue
                skipped = [c for c in self.cols[last + 1 : j] if c not in (Col.L1, Col.L2)]
                f -= sum(0.9 if c is Col.VALUE else 0.25 for c in skipped)
                if col is Col.DESC and row.text(Col.L3):
                    f += 0.8 * similarity(text, row.text(Col.L3))
                if f > best[0]:
                    best = (f, col, False)
        start = self.index[Col.L3]
        for j in range(start, len(self.cols)):
            col = self.cols[j]
            f = self.fit(text, col)
            if f <= NEG / 2:
                continue
            f -= 0.3 + 0.25 * (j - start)
            if f > best[0]:
                best = (f, col, True)
        return best

    def _simulate(self, chunks: list[list[Cell]]) -> tuple[float, int]:
        """Score of reading the chunks as rows of their own (no row changed)."""
        score = 0.0
        rows = 0
        row: RowDraft | None = None
        for ch in chunks:
            text = join_pieces([c.text for c in ch])
            s, col, new = self._stream_choice(row, text)
            if new or row is None:
                row = RowDraft(level1=self.l1, level2=self.l2)
                rows += 1
            row.put(col, ch)
            score += s
        return score - 0.5 * rows - 0.4, rows

    def _stream_rows(self, chunks: list[list[Cell]], before: RowDraft | None) -> list[RowDraft]:
        made: list[RowDraft] = []
        row = before
        for ch in chunks:
            text = join_pieces([c.text for c in ch])
            _, col, new = self._stream_choice(row, text)
            if new or row is None:
                row = RowDraft(level1=self.l1, level2=self.l2)
                made.append(row)
            row.put(col, ch)
        return made

    # -- the whole body --------------------------------------------------------------------

    def build(self, units: Sequence[Unit]) -> list[RowDraft]:
        """Rows for a body, in order."""
        out: list[RowDraft] = []
        cur: RowDraft | None = None
        frags: list[Cell] = []
        for idx, unit in enumerate(units):
            if unit.kind == "level":
                out.extend(self.place_fragments(frags, cur, None))
                frags = []
                follows = idx + 1 < len(units) and units[idx + 1].kind == "level"
                role = self.level_role(unit.text, units[idx + 1].text if follows else None)
                self.set_level(role, unit.cells)
                cur = None
            elif unit.kind == "frag":
                frags.append(unit.cells[0])
            else:
                cols = self.assign(unit.cells, unit.positional)
                own = any(
                    c in (Col.L1, Col.L2)
                    for c, cell in zip(cols, unit.cells, strict=True)
                    if cell.text.strip()
                )
                if own and frags:
                    # fragments before a row that names its own levels belong above it
                    out.extend(self.place_fragments(frags, cur, None))
                    frags = []
                row = self.row_from_cols(unit, cols)
                made = self.place_fragments(frags, cur, row)
                frags = []
                out.extend(made)
                out.append(row)
                cur = row
        out.extend(self.place_fragments(frags, cur, None))
        return out
