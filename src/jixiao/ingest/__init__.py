"""Ingestion (导入): documents and tables → :class:`~jixiao.domain.model.Plan`.

- :func:`parse_text` / :func:`parse_file`: the text of a published performance document
  (text extracted from a PDF, Word file or web page; see ``docs/ingest.md``).
- :func:`assemble` / :func:`assemble_plan`: rows of cells with locations (from any
  reader) → projects, indicators and leftovers, by the meaning of labels and columns.
- :mod:`jixiao.ingest.tabular`: simple CSV/XLSX row readers (payments, actuals).
"""

from jixiao.ingest.assemble import Assembly, Placement, assemble, assemble_plan, infer_year
from jixiao.ingest.cells import Cell, CellRow
from jixiao.ingest.sniff import SUPPORTED_SUFFIXES
from jixiao.ingest.text import TextIngest, ingest_text, parse_file, parse_text

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Assembly",
    "Cell",
    "CellRow",
    "Placement",
    "TextIngest",
    "assemble",
    "assemble_plan",
    "infer_year",
    "ingest_text",
    "parse_file",
    "parse_text",
]
