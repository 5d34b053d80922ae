"""逐家族审核 (the review streamed family by family): the cross-document rules run as the
documents arrive, and only what their index needs is held: the documents' digests
(:mod:`jixiao.domain.review.digest`, all the rules read of a document).

The cross-document rules (APP-02/03, :mod:`jixiao.domain.review.rules.history`) match a target
table only with the self-evaluations of its own department family (部门家族: the first three digits
of the unit code, the code found by the department's name on another document when the table has
none, else the name) and the year before. So the findings of a table are final as soon as that
family's self-evaluations and the department codes are: a :class:`FamilyStream` keeps the
self-evaluations (the index) and the codes by name, holds the tables until the documents move on
to another family (a province's files come department by department) or more than ``hold`` of them
wait (the oldest family's are then reviewed: memory stays bounded), and hands back each document's
finding rows (:mod:`~jixiao.domain.review.finding_row`) — its single-document findings
(:func:`~jixiao.domain.review.engine.review_alone`, as rows, e.g. from the sandbox worker that read
it) with the cross-document ones merged in, named by the keys of the whole stream — the same
findings as :func:`~jixiao.domain.review.engine.review` of all the documents at once.

A document that would change a family already reviewed (last year's self-evaluation of a table
reviewed earlier, or a department code that places a table or self-evaluation reviewed earlier in
another family) raises :class:`LateDocument`: the stream cannot know such a family was not complete,
and the caller reviews the documents at once instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jixiao.domain.review.digest import Digest
from jixiao.domain.review.engine import cross_document_scopes, review_across
from jixiao.domain.review.finding_row import Row, renamed
from jixiao.domain.review.profile import Profile

__all__ = ["FamilyStream", "LateDocument", "Reviewed"]

#: a document's position in the stream (0-based) and its finding rows
Reviewed = tuple[int, list[Row]]


class LateDocument(ValueError):
    """A document that would change the findings of a family already reviewed."""


@dataclass(frozen=True)
class _Held:
    """A document (its digest) waiting for its family's cross-document review, with its own
    finding rows."""

    position: int
    key: str
    document: Digest
    alone: Sequence[Row]


class FamilyStream:
    """Review documents file by file, family by family (see the module); use :meth:`add` for each
    file's documents (their digests) and their single-document findings, then :meth:`finish`."""

    def __init__(self, profile: Profile, hold: int = 2000) -> None:
        self.profile = profile
        self.hold = hold
        self._across = cross_document_scopes(profile)
        self._position = 0
        self._seen: set[str] = set()  # the keys given so far (document_keys over the stream)
        self._codes: dict[str, str] = {}  # department name → its code (the last one given)
        self._resolved: dict[str, str | None] = {}  # names a family was looked up by, and what
        self._evaluations: dict[str, list[tuple[int, Digest]]] = {}  # with a code: by family
        self._unnamed: dict[str, list[tuple[int, Digest]]] = {}  # without: by name
        self._names: dict[str, set[str]] = {}  # family → the names whose code is in it
        self._reviewed: set[tuple[int | None, str]] = set()  # (year, family) of tables reviewed
        self._held: dict[str, list[_Held]] = {}  # by family as known when added, oldest first
        self._waiting = 0

    def add(self, documents: Sequence[Digest], alone: Sequence[Sequence[Row]]) -> list[Reviewed]:
        """Take one file's documents (their digests, :func:`~jixiao.domain.review.digest.digest`
        of each read in context) with their single-document finding rows; the rows of the
        documents whose review is complete now (in no particular order: sort by position)."""
        done: list[Reviewed] = []
        for document, own in zip(documents, alone, strict=True):
            held = _Held(self._position, self._key(document), document, own)
            self._position += 1
            self._learn(document)
            if document.scope == "self_evaluation":
                self._index(held.position, document)
            if document.scope not in self._across:
                done.append((held.position, renamed(own, held.key)))
                continue
            family = self._family(document, record=False)
            if self._held and family not in self._held:  # the documents moved on: review those
                done.extend(self._release(list(self._held)))
            self._held.setdefault(family, []).append(held)
            self._waiting += 1
            if self._waiting > self.hold:
                done.extend(self._release([next(iter(self._held))]))
        return done

    def finish(self) -> list[Reviewed]:
        """The findings of the documents still held."""
        return self._release(list(self._held))

    def _key(self, document: Digest) -> str:
        """The document's key as :func:`~jixiao.domain.review.identity.document_keys` gives it
        over the whole stream."""
        key = document.id if document.id and document.id not in self._seen else f"#{self._position}"
        self._seen.add(key)
        return key

    def _learn(self, document: Digest) -> None:
        """Note the document's department code by name (the last one given counts, as in the
        rules' index); one that changes a name already looked up is late."""
        code, name = document.code, document.name
        if not code:
            return
        if name in self._resolved and self._resolved[name] != code:
            raise LateDocument(f"{name} 的单位编码 {code} 在其部门家族审核之后才出现")
        before = self._codes.get(name)
        if before == code:
            return
        if any(self._was_reviewed(e, code[:3]) for _, e in self._unnamed.get(name, ())):
            raise LateDocument(f"{name} 的单位编码 {code} 在其部门家族审核之后才出现")
        if before is not None:
            self._names[before[:3]].discard(name)
        self._names.setdefault(code[:3], set()).add(name)
        self._codes[name] = code

    def _index(self, position: int, evaluation: Digest) -> None:
        if self._was_reviewed(evaluation, self._family(evaluation, record=False)):
            raise LateDocument(
                f"{evaluation.name} 的 {evaluation.year} 年自评表在下一年的目标表审核之后才出现"
            )
        kept = (position, evaluation)
        if evaluation.code:
            family = self._family(evaluation, record=False)
            self._evaluations.setdefault(family, []).append(kept)
        else:  # its family is known by the codes of its name, which may come later
            self._unnamed.setdefault(evaluation.name, []).append(kept)

    def _was_reviewed(self, evaluation: Digest, family: str) -> bool:
        """Whether tables of the year after ``evaluation`` in ``family`` were reviewed already."""
        return evaluation.year is not None and (evaluation.year + 1, family) in self._reviewed

    def _family(self, document: Digest, *, record: bool) -> str:
        """The family (first three digits of the code, else the name) of the department of
        ``document`` by the codes known now; ``record``: remember the name was looked up (its
        code may not change)."""
        code = document.code or self._codes.get(document.name)
        if not document.code and record:
            self._resolved[document.name] = code
        return code[:3] if code else document.name

    def _release(self, families: list[str]) -> list[Reviewed]:
        """Review the held documents of ``families`` with their families' self-evaluations."""
        held = [h for family in families for h in self._held.pop(family)]
        self._waiting -= len(held)
        if not held:
            return []
        groups = set()
        for h in held:
            family = self._family(h.document, record=True)
            groups.add(family)
            if h.document.scope == "target_table":
                self._reviewed.add((h.document.year, family))
        index = self._index_of(groups, {h.position for h in held})
        documents = [self._coded(e) for _, e in index] + [self._coded(h.document) for h in held]
        alone: list[Sequence[Row]] = [[] for _ in index]
        alone += [h.alone for h in held]
        keys = [f"#{p}" for p, _ in index] + [h.key for h in held]  # the index's are not kept
        found = review_across(documents, self.profile, alone, keys)[len(index) :]
        return [(h.position, rows) for h, rows in zip(held, found, strict=True)]

    def _index_of(self, families: set[str], held: set[int]) -> list[tuple[int, Digest]]:
        """The self-evaluations of ``families`` (not among the ``held`` positions), in order."""
        found: dict[int, Digest] = {}
        for family in families:
            found.update(self._evaluations.get(family, ()))
            for name in [family, *self._names.get(family, ())]:  # a family may be a name
                found.update(self._unnamed.get(name, ()))
        for evaluation in found.values():
            self._family(evaluation, record=True)
        return sorted((p, e) for p, e in found.items() if p not in held)

    def _coded(self, document: Digest) -> Digest:
        """The document with its department's code filled in from the codes known now (the
        rules look a missing code up by name among the documents reviewed together)."""
        code = self._codes.get(document.name)
        if document.code or code is None:
            return document
        return document._replace(code=code)
