"""Proposing indicators for a new project (指标推荐) from its name and goal.

:func:`suggest` compares the text of a new project (its name, goal, purpose — any text) with
the projects and indicators of an :class:`~jixiao.library.model.IndicatorLibrary`, using
character n-gram TF-IDF vectors and cosine similarity (scikit-learn), which suits Chinese
text without word segmentation. Each library entry gets two kinds of evidence:

- *similar projects*: among the ``neighbours`` projects most similar to the text, the share
  that used the indicator, each project weighted by its similarity (0–1), times the best
  similarity found (so that votes of only faintly similar projects count for little);
- *the indicator itself*: the similarity of the text to the entry's name and descriptions.

``score = project_weight × votes + (1 − project_weight) × own similarity``. Suggestions come
best first, each with the similar projects that used it, so a user sees why it was proposed.
The web form calls the same function; :func:`cached_library` loads a library file once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.domain.text import normalize
from jixiao.library.model import IndicatorLibrary, LibraryEntry, load_library

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

__all__ = ["Suggestion", "cached_library", "suggest", "suggest_for_project"]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposed indicator, its score (0–1) and the evidence for it."""

    entry: LibraryEntry
    score: float
    project_votes: float
    name_similarity: float
    similar_projects: tuple[tuple[str, float], ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON (the web form, ``jixiao suggest --json``)."""
        e = self.entry
        return {
            "name": e.name,
            "level1": e.level1,
            "level2": e.level2,
            "score": round(self.score, 4),
            "typical_target": e.typical_target,
            "units": e.units,
            "comparators": e.comparators,
            "ranges": [r.describe() for r in e.ranges[:2]],
            "descriptions": e.descriptions,
            "uses": e.count,
            "documents": e.documents,
            "similar_projects": [
                {"name": n, "similarity": round(s, 4)} for n, s in self.similar_projects
            ],
        }


class _Index:
    """TF-IDF vectors of the library's projects and entries (built once per library)."""

    def __init__(self, library: IndicatorLibrary, ngram_range: tuple[int, int]):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.projects = [normalize(p.text()) for p in library.projects]
        self.entries = [normalize(e.text()) for e in library.entries]
        corpus = self.projects + self.entries
        self.vectorizer = TfidfVectorizer(
            analyzer="char", ngram_range=ngram_range, sublinear_tf=True, lowercase=False
        )
        if any(corpus):
            matrix = self.vectorizer.fit_transform(corpus)
            self.p_matrix: csr_matrix | None = matrix[: len(self.projects)]
            self.e_matrix: csr_matrix | None = matrix[len(self.projects):]
        else:
            self.p_matrix = self.e_matrix = None

    def similarities(self, text: str) -> tuple[list[float], list[float]]:
        if self.p_matrix is None or self.e_matrix is None:
            return [], []
        q = self.vectorizer.transform([normalize(text)])
        p = (self.p_matrix @ q.T).toarray().ravel().tolist()
        e = (self.e_matrix @ q.T).toarray().ravel().tolist()
        return p, e


def _index(library: IndicatorLibrary, ngram_range: tuple[int, int]) -> _Index:
    cached = library._index
    if isinstance(cached, _Index) and cached.vectorizer.ngram_range == ngram_range:
        return cached
    idx = _Index(library, ngram_range)
    library._index = idx
    return idx


def suggest(
    text: str,
    library: IndicatorLibrary,
    k: int = 10,
    *,
    neighbours: int = 20,
    project_weight: float = 0.7,
    max_per_level2: int | None = None,
    ngram_range: tuple[int, int] = (1, 3),
) -> list[Suggestion]:
    """The ``k`` library entries that best fit a project described by ``text`` (see module).

    ``max_per_level2`` caps how many suggestions one level-2 category may take, so that a
    form gets proposals across 数量/质量/时效/效益/满意度 rather than ten of one kind.
    An empty text or an empty library gives no suggestions.
    """
    if k <= 0 or not normalize(text) or not library.entries:
        return []
    if not 0.0 <= project_weight <= 1.0:
        raise ValueError("project_weight must be between 0 and 1")
    idx = _index(library, ngram_range)
    p_sim, e_sim = idx.similarities(text)
    if not e_sim:
        return []
    ranked = sorted(range(len(p_sim)), key=lambda i: (-p_sim[i], i))
    near = [i for i in ranked[:neighbours] if p_sim[i] > 0]
    total = sum(p_sim[i] for i in near)
    best = p_sim[near[0]] if near else 0.0
    votes = [0.0] * len(library.entries)
    evidence: dict[int, list[tuple[str, float]]] = {}
    for i in near:
        proj = library.projects[i]
        weight = p_sim[i] / total * best
        for eid, n in proj.entries.items():
            votes[eid] += weight * n / proj.occurrences
            evidence.setdefault(eid, []).append((proj.name, p_sim[i]))
    scored = []
    for eid, entry in enumerate(library.entries):
        score = project_weight * votes[eid] + (1 - project_weight) * e_sim[eid]
        if score <= 0:
            continue
        scored.append((score, entry.count, -eid, eid))
    scored.sort(reverse=True)
    out: list[Suggestion] = []
    per_level2: dict[str | None, int] = {}
    for score, _, _, eid in scored:
        entry = library.entries[eid]
        if max_per_level2 is not None:
            if per_level2.get(entry.level2, 0) >= max_per_level2:
                continue
            per_level2[entry.level2] = per_level2.get(entry.level2, 0) + 1
        seen: dict[str, float] = {}
        for name, sim in evidence.get(eid, []):
            seen[name] = max(seen.get(name, 0.0), sim)
        similar = tuple(sorted(seen.items(), key=lambda kv: -kv[1])[:3])
        out.append(Suggestion(entry, score, votes[eid], e_sim[eid], similar))
        if len(out) >= k:
            break
    return out


def suggest_for_project(
    name: str, goal: str | None, library: IndicatorLibrary, k: int = 10, **options: Any
) -> list[Suggestion]:
    """:func:`suggest` for a project's name and annual goal (the web form's fields)."""
    return suggest(" ".join(x for x in (name, goal) if x), library, k, **options)


@lru_cache(maxsize=4)
def _cached(path: str, mtime_ns: int, size: int) -> IndicatorLibrary:
    return load_library(path)


def cached_library(path: str | Path) -> IndicatorLibrary:
    """A library file, read once and kept while the file is unchanged (for the web app)."""
    p = Path(path)
    try:
        st = p.stat()
    except OSError:
        return load_library(p)  # raises the user's error (missing, unreadable)
    return _cached(str(p.resolve()), st.st_mtime_ns, st.st_size)
