"""检索: search projects by Chinese text with an index, whitespace-insensitive, ranked.

The text of each project version is kept normalised in :class:`~jixiao.web.models.SearchText`
(one row for its name, one for its purpose and indicator text), so that “大气 污染” and
“大气污染” are the same query. Substrings are found by trigrams — no word segmenter is needed
for Chinese: PostgreSQL matches ``LIKE '%…%'`` through a ``pg_trgm`` GIN index, SQLite through an
FTS5 table with the ``trigram`` tokenizer (both fall back to a scan for queries shorter than
three characters). :func:`search` keeps the matching projects and annotates ``search_rank``:
0 when the name matches, 1 when only the other text does.

The match runs once: the projects are joined to their matching rows and grouped, each keeping
its best rank (``MIN``), so a common phrase that matches thousands of projects is neither matched
again per project to rank it nor a second time to count it (the lists count with the page:
:class:`jixiao.web.paging.Counted`).
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Min, Q, QuerySet
from django.db.models.expressions import RawSQL

from jixiao.domain import model as domain
from jixiao.domain.records import normalise_name
from jixiao.web import models

__all__ = ["FTS_TABLE", "NAME", "TEXT", "normalise_name", "rows", "search"]

NAME, TEXT = 0, 1  # ranks: the project's name comes before its other text
FTS_TABLE = "jixiao_searchtext_fts"  # SQLite only (migration 0003)
_SEPARATOR = "|"  # between the pieces of text, so that no match spans two of them


def rows(document: domain.TargetTable) -> list[dict[str, object]]:
    """The columns of the search rows of a target table (their project is set by the writer)."""
    pieces = [document.purpose or ""]
    for ind in document.indicators:
        pieces += [ind.level3, ind.target.raw, ind.description or ""]
    return [
        {"rank": NAME, "text": normalise_name(document.project.name)},
        {"rank": TEXT, "text": _SEPARATOR.join(normalise_name(p) for p in pieces)},
    ]


def search(projects: QuerySet[models.Project], query: str) -> QuerySet[models.Project]:
    """The projects among ``projects`` whose text contains ``query``, with ``search_rank``."""
    needle = normalise_name(query)
    if not needle:
        return projects
    # filter, then annotate: the minimum is over the joined rows that match (one join, grouped)
    return projects.filter(_hits(needle)).annotate(search_rank=Min("search_texts__rank"))


def _hits(needle: str) -> Q:
    """The condition on a project's search rows (``search_texts``) that they contain ``needle``,
    found through the trigram index."""
    if connection.vendor != "sqlite":
        return Q(search_texts__text__contains=needle)
    if len(needle) >= 3:  # a phrase of trigrams: the index finds it
        sql, param = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", _phrase(needle)
    else:  # too short for a trigram: a scan
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE text LIKE %s ESCAPE '\\'"
        param = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return Q(search_texts__id__in=RawSQL(sql, [param]))


def _phrase(needle: str) -> str:
    """An FTS5 query matching ``needle`` literally (a quoted string, quotes doubled)."""
    return '"' + needle.replace('"', '""') + '"'
