"""The indicator library (指标库): what published targets say, reusable for new projects.

``build_library(OUTDIR)`` groups the level-3 indicators of a batch dataset by level-2
category and normalised name, with their typical units, comparators, value ranges and
example projects; ``suggest(text, library, k)`` proposes indicators for a new project from
its name and goal (character n-gram TF-IDF similarity). ``save_library`` / ``load_library``
keep a library in a file. See ``docs/batch.md``.
"""

from jixiao.library.build import build_library, build_library_from_rows, name_key
from jixiao.library.model import (
    Example,
    IndicatorLibrary,
    LibraryEntry,
    LibraryProject,
    ValueRange,
    load_library,
    save_library,
)
from jixiao.library.suggest import Suggestion, cached_library, suggest, suggest_for_project

__all__ = [
    "Example",
    "IndicatorLibrary",
    "LibraryEntry",
    "LibraryProject",
    "Suggestion",
    "ValueRange",
    "build_library",
    "build_library_from_rows",
    "cached_library",
    "load_library",
    "name_key",
    "save_library",
    "suggest",
    "suggest_for_project",
]
