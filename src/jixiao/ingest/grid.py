"""Tables and text blocks read from files, with the location of every cell (表格与文字块).

Every file reader (PDF, Excel, Word, HTML) turns a document into a list of *blocks* in
reading order: :class:`TextBlock` for running text (paragraphs, page text outside tables)
and :class:`Grid` for a table. A grid is rectangular: ``rows[r][c]`` is the
:class:`GridCell` whose top-left corner is at that position, or ``None`` where the position
is covered by a merged cell (合并单元格) that starts above or to the left. The origin cell
carries ``rowspan``/``colspan``; :meth:`Grid.filled` repeats it over the covered positions
(the "carry down" view that column-oriented assemblers want).

Cell text is stored as written, except for the two repairs every reader applies through
:func:`clean_cell_text`: lines of a wrapped cell (自动换行) joined, and CJK radicals /
compatibility ideographs that PDF extraction produces mapped to the ideographs they stand
for (⽬ → 目). Whole-string NFKC is never applied.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from jixiao.domain.model import Leftover, SourceRef
from jixiao.domain.text import fix_radicals, normalize

__all__ = [
    "Block",
    "Document",
    "Grid",
    "GridCell",
    "TextBlock",
    "clean_cell_text",
    "join_wrapped_lines",
]


@dataclass(frozen=True, slots=True)
class GridCell:
    """One table cell (单元格): its text and where it is (file, page/sheet, table, row, column)."""

    text: str
    source: SourceRef
    rowspan: int = 1
    colspan: int = 1

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()


@dataclass(slots=True)
class Grid:
    """A table as a rectangle of cells; ``None`` marks a position covered by a merge.

    ``source`` locates the table as a whole (file and page / sheet, table number).
    ``continued_from`` lists the page numbers of the parts a table continued across
    pages was joined from (跨页表格), empty for a table in one piece.
    """

    rows: list[list[GridCell | None]]
    source: SourceRef
    continued_from: list[int] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    @property
    def height(self) -> int:
        return len(self.rows)

    def filled(self) -> list[list[GridCell | None]]:
        """Rows with every covered position holding its merged cell's origin (carry down/right).

        A position that no cell covers at all (a ragged row) stays ``None``.
        """
        width = self.width
        out: list[list[GridCell | None]] = [
            [*row, *([None] * (width - len(row)))] for row in self.rows
        ]
        for r, row in enumerate(self.rows):
            for c, cell in enumerate(row):
                if cell is None or (cell.rowspan == 1 and cell.colspan == 1):
                    continue
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        rr, cc = r + dr, c + dc
                        if (dr or dc) and rr < len(out) and cc < width and out[rr][cc] is None:
                            out[rr][cc] = cell
        return out

    def texts(self, *, filled: bool = True) -> list[list[str]]:
        """The cell texts ('' for none), merged cells repeated when ``filled``."""
        rows = self.filled() if filled else self.rows
        return [[c.text if c is not None else "" for c in row] for row in rows]

    def cells(self) -> Iterator[GridCell]:
        """Every origin cell, row by row."""
        for row in self.rows:
            for cell in row:
                if cell is not None:
                    yield cell


@dataclass(frozen=True, slots=True)
class TextBlock:
    """Running text outside tables (段落/页面文字): one paragraph or one page region."""

    text: str
    source: SourceRef


Block = TextBlock | Grid


@dataclass(slots=True)
class Document:
    """What a file reader returns: the blocks in reading order, and what it could not read.

    ``notes`` are parts of the file the reader saw but could not turn into text (a page
    that is only an image, an embedded object); they become leftovers of the Plan so that
    nothing is dropped silently.
    """

    blocks: list[Block]
    notes: list[Leftover] = field(default_factory=list)

    @property
    def grids(self) -> list[Grid]:
        return [b for b in self.blocks if isinstance(b, Grid)]

    @property
    def texts(self) -> list[TextBlock]:
        return [b for b in self.blocks if isinstance(b, TextBlock)]


_ASCII_WORD = re.compile(r"[0-9A-Za-z%.,;:)\]]")
_ASCII_START = re.compile(r"[0-9A-Za-z(\[]")


def join_wrapped_lines(text: str) -> str:
    """Join the lines of a wrapped cell (``跨境电商交易\\n额`` → ``跨境电商交易额``).

    A line break inside a cell is layout, not content: Chinese text is joined directly;
    a space is kept only where a break falls between two Latin words or numbers
    (``150\\n万元`` → ``150万元`` but ``Total\\namount`` → ``Total amount``).
    """
    if "\n" not in text and "\r" not in text:
        return text.strip()
    parts = [p.strip() for p in re.split(r"\r\n|\r|\n", text)]
    parts = [p for p in parts if p]
    if not parts:
        return ""
    out = parts[0]
    for p in parts[1:]:
        if _ASCII_WORD.match(out[-1]) and _ASCII_START.match(p[0]) and out[-1].isalpha():
            out += " " + p
        else:
            out += p
    return out


def clean_cell_text(text: str | None) -> str:
    """A cell's stored text: wrapped lines joined, radicals repaired, ends stripped."""
    if not text:
        return ""
    return join_wrapped_lines(fix_radicals(text))


def header_key(cells: list[GridCell | None]) -> tuple[str, ...]:
    """A row's matching key (normalised texts of its cells), for header-repeat detection."""
    return tuple(normalize(c.text) for c in cells if c is not None and c.text.strip())
