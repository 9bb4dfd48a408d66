"""Read any supported file into a Plan (文件导入): sniff, read, assemble.

``parse_document(path)`` is the entry point for files: it decides the kind of the file by
its content (:mod:`jixiao.ingest.sniff`), reads it into blocks with locations (PDF, Excel,
Word, HTML readers; plain text as one block), and assembles the blocks into a Plan: the
tables through the table assembler of the text ingester, the running text (department
goal, sub-goals, measures; or a whole document without ruled tables) through the text
ingester. Every indicator keeps where its row came from (page/table/row/column, or sheet
and cell), every unplaced piece becomes a leftover, and a file that cannot be read gives
an :class:`~jixiao.domain.errors.InputError` in Chinese that says which file and why.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from jixiao.domain.errors import InputError
from jixiao.domain.model import Leftover, Plan, SourceRef
from jixiao.domain.profile import RuleProfile, load_profile
from jixiao.ingest.grid import Document, Grid, GridCell, TextBlock
from jixiao.ingest.limits import IngestLimits, check_text_length, ingest_limits, run_isolated
from jixiao.ingest.sniff import KIND_NAMES, FileKind, Sniffed, sniff

__all__ = ["grid_rows", "parse_document", "read_document", "read_text_file"]

_Reader = Callable[[Path, str, IngestLimits], Document]


def read_text_file(path: Path, name: str, limits: IngestLimits | None = None) -> Document:
    """A plain-text file as one text block (UTF-8 with or without BOM, GBK/GB18030, UTF-16)."""
    from jixiao.ingest.text import read_text

    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        text = read_text(data, name)  # the text ingester's own decoding, errors included
    if not text.strip():
        raise InputError("文本文件为空", SourceRef(file=name))
    check_text_length(text, limits or ingest_limits(), SourceRef(file=name))
    return Document([TextBlock(text, SourceRef(file=name))])


def _read_pdf(path: Path, name: str, limits: IngestLimits) -> Document:
    from jixiao.ingest.pdf import read_pdf

    return read_pdf(path, name=name, limits=limits)


def _read_sheet(path: Path, name: str, limits: IngestLimits) -> Document:
    from jixiao.ingest.xlsx import read_spreadsheet

    return read_spreadsheet(path, name=name, limits=limits)


def _read_docx(path: Path, name: str, limits: IngestLimits) -> Document:
    from jixiao.ingest.docx import read_docx

    return read_docx(path, name=name, limits=limits)


def _read_html(path: Path, name: str, limits: IngestLimits) -> Document:
    from jixiao.ingest.html import read_html

    return read_html(path, name=name, limits=limits)


_READERS: dict[FileKind, _Reader] = {
    FileKind.PDF: _read_pdf,
    FileKind.XLSX: _read_sheet,
    FileKind.XLS: _read_sheet,
    FileKind.ODS: _read_sheet,
    FileKind.DOCX: _read_docx,
    FileKind.HTML: _read_html,
    FileKind.TEXT: read_text_file,
}
# Read in a child process with memory and time limits (:func:`run_isolated`): libraries that
# inflate streams or build trees in memory. Spreadsheets isolate their own calamine step.
_ISOLATED = frozenset({FileKind.PDF, FileKind.DOCX, FileKind.HTML})


def read_document(
    path: str | Path, *, max_bytes: int | None = None, profile: RuleProfile | None = None
) -> tuple[Sniffed, Document]:
    """Sniff and read a file into blocks; :class:`InputError` for anything unreadable.

    The size limit is ``max_bytes``, else ``JIXIAO_MAX_FILE_MB``, else the profile's
    ``[ingest] max_file_mb``, else the national profile's (50 MB). The other limits of
    :mod:`jixiao.ingest.limits` (zip bombs, PDF pages, sheet size, text length) come from
    the profile too; PDF, Word and HTML files are read in a child process with the
    profile's memory and time limits.
    """
    p = Path(path)
    limits = ingest_limits(profile)
    found = sniff(p, max_bytes=max_bytes if max_bytes is not None else limits.max_file_bytes)
    where = SourceRef(file=p.name)
    if found.kind in _ISOLATED:
        document = run_isolated(
            _guarded_read, found, p, limits, where=where, limits=limits, what=KIND_NAMES[found.kind]
        )
    else:
        document = _guarded_read(found, p, limits)
    return found, document


def _guarded_read(found: Sniffed, p: Path, limits: IngestLimits) -> Document:
    """Run the reader of ``found.kind``; any failure of a reader library → InputError."""
    reader = _READERS[found.kind]
    try:
        return reader(p, p.name, limits)
    except InputError:
        raise
    except MemoryError as exc:
        raise InputError("文件内容过大, 内存不足以读取", SourceRef(file=p.name)) from exc
    except RecursionError as exc:
        raise InputError("文件结构嵌套过深, 无法读取", SourceRef(file=p.name)) from exc
    except Exception as exc:  # a reader library failing on damaged content
        what = KIND_NAMES[found.kind]
        raise InputError(
            f"{what}内容已损坏或格式异常, 无法读取 ({type(exc).__name__}: {str(exc)[:160]})",
            SourceRef(file=p.name),
        ) from exc


# ---------------------------------------------------------------- assembling a Plan


def grid_rows(grids: Sequence[Grid]) -> list[list[GridCell | None]]:
    """The rows of all tables in reading order, as the assembler takes them.

    A merged cell appears once, at its top-left position; the positions it covers are
    ``None`` (the assembler carries level cells down itself, and must not see a merged
    value twice).
    """
    return [row for g in grids for row in g.rows]


def _profile(profile: RuleProfile | str | Path | None) -> RuleProfile:
    if isinstance(profile, RuleProfile):
        return profile
    return load_profile(profile)


def parse_document(
    path: str | Path,
    profile: RuleProfile | str | Path | None = None,
    *,
    max_bytes: int | None = None,
) -> Plan:
    """The Plan in a file of any supported kind (PDF, Excel, Word, HTML, text).

    The kind is decided by content, not by the file name. Tables go to the assembler with
    their cells' locations; the text outside tables (department goal, sub-goals, measures,
    or a whole document without ruled tables) goes to the text ingester, and its line
    numbers are turned back into the file's own locations (page, paragraph, HTML line).
    A 项目汇总表 or a 部门整体支出绩效目标表 is taken out first and read by
    :mod:`jixiao.ingest.sheets`, then merged into the Plan (and checked against it).
    """
    from jixiao.ingest.assemble import assemble
    from jixiao.ingest.sheets import split_tables
    from jixiao.ingest.text import parse_text

    prof = _profile(profile)
    p = Path(path)
    sniffed, document = read_document(p, max_bytes=max_bytes, profile=prof)
    name = p.name
    if sniffed.kind is FileKind.TEXT:
        plan = parse_text(document.texts[0].text, source_name=name, profile=prof)
        plan.leftovers.extend(document.notes)
        return plan
    # 项目汇总表 and 部门整体支出绩效目标表 are not project tables: taken out first
    split = split_tables(document.blocks, profile=prof, file=name)
    text_plan: Plan | None = None
    if split.texts:
        combined, refs = _combine(split.texts)
        check_text_length(combined, ingest_limits(prof), SourceRef(file=name))
        text_plan = parse_text(combined, source_name=name, profile=prof)
        _remap(text_plan, refs, name)
    year = text_plan.year if text_plan is not None else None
    if year is None:
        year = split.year
    grids = split.grids
    if grids:
        assembly = assemble(grid_rows(grids), profile=prof, year=year, file=name)
        table_plan = assembly.to_plan(name)
        locate_indicators(table_plan, grids)
    else:
        table_plan = Plan(source_file=name)
    plan = _merge(text_plan, table_plan, name)
    split.apply(plan)
    plan.leftovers.extend(document.notes)
    return plan


def row_source(row: Sequence[GridCell | None], anchor: GridCell) -> SourceRef:
    """The location of a table row: page/table/row (PDF, Word, HTML) or the anchor's cell."""
    src = anchor.source
    if src.sheet is not None:
        return src
    return replace(src, column=None)


def locate_indicators(plan: Plan, grids: Sequence[Grid]) -> None:
    """Give each indicator the location of its own table row.

    The assembler's row location can mix a row with the merged level cell it inherits
    (which may sit on an earlier page); the grid knows exactly which row holds the
    indicator's own cells. Rows are matched in document order by the indicator's own
    texts (name, description, basis; and the target value where one cell holds it whole,
    which is not so when comparator, value and unit stand in columns of their own); an
    indicator no row matches keeps the location the assembler gave it.

    Rows are found through an index of cell texts, so the work grows with the number of
    rows, not with its square (a 10,000-indicator workbook is located in well under a
    second).
    """
    from jixiao.domain.text import normalize

    rows = [row for g in grids for row in g.rows]
    cell_texts: list[set[str]] = []
    where: dict[str, list[int]] = {}
    for k, row in enumerate(rows):
        texts = {normalize(c.text) for c in row if c is not None and c.text}
        texts.discard("")
        cell_texts.append(texts)
        for t in texts:
            where.setdefault(t, []).append(k)
    pointer = 0
    for project in plan.projects:
        for ind in project.indicators:
            own_texts = (ind.level3, ind.description, ind.basis)
            required = [n for n in (normalize(t) for t in own_texts if t) if n]
            raw = normalize(ind.target.raw) if ind.target.raw else ""
            if not required and not raw:
                continue
            key = required[0] if required else raw
            found = _first_row(where.get(key, []), pointer, cell_texts, required, raw)
            if found is None:
                continue
            own = [c for c in rows[found] if c is not None and c.text]
            anchor = next((c for c in own if normalize(c.text) == key), own[0])
            ind.source = row_source(rows[found], anchor)
            pointer = found + 1


_CANDIDATES = 200  # rows holding an indicator's first text that are tried, at most


def _first_row(
    candidates: list[int],
    pointer: int,
    cell_texts: list[set[str]],
    required: list[str],
    raw: str,
) -> int | None:
    """Among the rows from ``pointer`` on that hold the indicator's first text: the first
    that holds every required text and the whole target value, else the first that holds
    every required text (the value split over columns), else None."""
    start = bisect_left(candidates, pointer)
    fallback: int | None = None
    for k in candidates[start : start + _CANDIDATES]:
        texts = cell_texts[k]
        if all(t in texts for t in required):
            if not raw or raw in texts:
                return k
            if fallback is None:
                fallback = k
    return fallback


def _combine(blocks: Sequence[TextBlock]) -> tuple[str, list[SourceRef]]:
    """Join text blocks into one text; ``refs[n - 1]`` locates line ``n`` of that text."""
    lines: list[str] = []
    refs: list[SourceRef] = []
    page_lines: dict[int, int] = {}
    for block in blocks:
        src = block.source
        for k, line in enumerate(block.text.split("\n")):
            lines.append(line)
            if src.page is not None:
                page_lines[src.page] = page_lines.get(src.page, 0) + 1
                refs.append(replace(src, line=page_lines[src.page]))
            elif src.sheet is not None:
                refs.append(src)
            elif src.line is not None:
                refs.append(src)  # a paragraph (Word) or the element's HTML line
            else:
                refs.append(replace(src, line=k + 1))
    return "\n".join(lines), refs


def _mapped(src: SourceRef | None, refs: Sequence[SourceRef], name: str) -> SourceRef | None:
    if src is None or src.line is None:
        return src
    if not 1 <= src.line <= len(refs):
        return src
    first = refs[src.line - 1]
    if src.line_end is None or not 1 <= src.line_end <= len(refs):
        return first
    last = refs[src.line_end - 1]
    same_place = (last.page, last.sheet, last.cell) == (first.page, first.sheet, first.cell)
    if same_place and last.line is not None and last.line != first.line:
        return replace(first, line_end=last.line)
    return first


def _remap(plan: Plan, refs: Sequence[SourceRef], name: str) -> None:
    """Turn the text ingester's line numbers into the file's own locations."""
    for goal in plan.sub_goals:
        goal.source = _mapped(goal.source, refs, name)
        for ind in goal.targets:
            ind.source = _mapped(ind.source, refs, name)
    for measure in plan.measures:
        measure.source = _mapped(measure.source, refs, name)
    for project in plan.projects:
        project.source = _mapped(project.source, refs, name)
        for ind in project.indicators:
            ind.source = _mapped(ind.source, refs, name)
    plan.leftovers = [
        Leftover(lo.text, _mapped(lo.source, refs, name), lo.reason) for lo in plan.leftovers
    ]


def _page_of(src: SourceRef | None) -> int:
    return src.page if src is not None and src.page is not None else 0


def _merge(text_plan: Plan | None, table_plan: Plan, name: str) -> Plan:
    """One Plan from the running text's and the tables' parts (text first where equal)."""
    if text_plan is None:
        return table_plan
    projects = sorted(
        [*text_plan.projects, *table_plan.projects], key=lambda pr: _page_of(pr.source)
    )
    return Plan(
        year=text_plan.year if text_plan.year is not None else table_plan.year,
        department=text_plan.department or table_plan.department,
        unit=text_plan.unit or table_plan.unit,
        overall_goal=text_plan.overall_goal or table_plan.overall_goal,
        sub_goals=[*text_plan.sub_goals, *table_plan.sub_goals],
        measures=[*text_plan.measures, *table_plan.measures],
        projects=projects,
        leftovers=[*text_plan.leftovers, *table_plan.leftovers],
        source_file=name,
    )
