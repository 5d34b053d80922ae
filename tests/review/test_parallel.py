"""The findings of a year are the same whether it is reviewed at once, department family by
department family, in shares with the cross-document indexes built beforehand, or in worker
processes (``review(…, workers=2)``, :mod:`jixiao.domain.review.parallel`)."""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict

import pytest

from jixiao.demo import seed_paths
from jixiao.domain.model import Department, Document, SelfEvaluation, TargetTable
from jixiao.domain.review import (
    Finding,
    engine,
    finding_row,
    load_profile,
    parallel,
    review,
    stream,
)
from jixiao.domain.review.digest import Digest, digest, digest_of
from jixiao.domain.review.helpers import with_context
from jixiao.domain.review.identity import document_keys
from jixiao.domain.review.profile import Profile
from jixiao.domain.review.registry import Context
from jixiao.ingest import read_path
from jixiao.ingest.answers import digested


def _seeds() -> list[Document]:
    """Seed 000's tables, the self-evaluation (seed 001), then seed 003's and 004's tables."""
    read = {path.name[:3]: read_path(path) for path in seed_paths()}
    return [*read["000"], *read["001"], *read["003"], *read["004"]]


@pytest.fixture(scope="module")
def seeds() -> list[Document]:
    return _seeds()


def _department(i: int) -> Department:
    """Department ``i // 10``: five departments to a family (主管部门 ``FFF101``, units ``FFF2NN``)."""
    family, unit = 100 + i // 50, (i // 10) % 5
    code = f"{family}101" if unit == 0 else f"{family}2{unit:02d}"
    return Department(code=code, name=f"第{family}号局第{unit}单位")


@pytest.fixture(scope="module")
def year(seeds: list[Document]) -> list[Document]:
    return _year(seeds)


def _year(seeds: list[Document]) -> list[Document]:
    """The seeds, then 2,000 copies of their tables over 200 departments in 40 families, each
    family with last year's self-evaluation of its 主管部门 (APP-02/03 match across a family)."""
    tables = [d for d in seeds if isinstance(d, TargetTable)]
    (evaluation,) = [d for d in seeds if isinstance(d, SelfEvaluation)]
    out = list(seeds)
    for i in range(2000):
        department = _department(i)
        if i % 50 == 0:
            out.append(
                evaluation.model_copy(update={"department": department, "id": f"evaluation-{i}"})
            )
        table = tables[i % len(tables)]
        out.append(table.model_copy(update={"department": department, "id": f"table-{i}"}))
    return out


def _by_document(findings: list[Finding]) -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        found[finding.document].append(finding)
    return dict(found)


def test_the_generated_year_has_cross_document_findings(year: list[Document]) -> None:
    findings = review(year)
    assert len(year) > engine.PARALLEL_FROM
    matched = {f.document for f in findings if f.rule in ("APP-02", "APP-03")}
    units = {d.id for d in year if d.department.code and not d.department.code.endswith("101")}
    assert len(matched & units) > 100  # units' tables matched with their 主管部门's evaluation


def test_family_by_family_is_the_same_as_at_once(year: list[Document]) -> None:
    """Family as APP-02/03 match it: the unit code's first three digits (the code found by the
    department's name on another document when its own has none), else the name."""
    at_once = review(year)
    codes = {d.department.name: d.department.code for d in year if d.department.code}
    families: dict[str, list[Document]] = defaultdict(list)
    for document in year:
        code = document.department.code or codes.get(document.department.name)
        families[code[:3] if code else document.department.name].append(document)
    assert len(families) > 40
    apart = [f for documents in families.values() for f in review(documents)]
    assert _by_document(apart) == _by_document(at_once)
    assert len(apart) == len(at_once)


def test_shares_with_prepared_indexes_are_the_same_as_at_once(seeds: list[Document]) -> None:
    """What each worker does: its share reviewed with the indexes built over all documents'
    digests."""
    profile = load_profile("tianjin")
    read = [with_context(d) for d in seeds if isinstance(d, TargetTable | SelfEvaluation)]
    assert len(read) == len(seeds)
    paired = [(key, d, digest(d)) for key, d in zip(document_keys(read), read, strict=True)]
    memo: dict[object, object] = {}
    engine.prepare(profile, tuple(g for _, _, g in paired), memo)
    sealed = engine.split(engine.checks(profile, (), memo, sealed=True))
    shares = [paired[i : i + 7] for i in range(0, len(paired), 7)]
    apart = [f for share in shares for f in engine.review_pairs(share, sealed)]
    assert apart == review(seeds)
    assert any(f.rule == "APP-02" for f in apart)
    assert not any("无法检查" in f.message for f in apart)


def test_a_sealed_context_refuses_an_index_not_prepared() -> None:
    context = Context({}, (), {}, sealed=True)
    with pytest.raises(LookupError):
        context.shared("an index", dict)


def test_worker_processes_give_the_same_findings_in_the_same_order(year: list[Document]) -> None:
    if not parallel.can_fork():  # threads left by other tests: compare in a fresh process
        done = subprocess.run([sys.executable, __file__], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == ["same", "same"]
        return
    assert _compared(year) == ["same", "same"]


def _alone(file: list[Document], profile: Profile) -> list[list[finding_row.Row]]:
    """What a sandbox worker sends for a file: :func:`engine.review_alone` of its documents (with
    their own ids), as rows."""
    found = engine.review_alone(file, profile)
    return [finding_row.rows(f, d.indicators) for d, f in zip(file, found, strict=True)]


def _digests(documents: list[Document]) -> list[Digest]:
    """The documents' digests as the import makes them (:func:`digest_of`)."""
    return [digest_of(d) for d in documents]


def _rows(documents: list[Document], findings: list[Finding]) -> list[list[finding_row.Row]]:
    """The rows of ``findings`` (of ``documents`` reviewed together), per document."""
    mine: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        mine[f.document].append(f)
    keys = document_keys(documents)
    return [finding_row.rows(mine[k], d.indicators) for d, k in zip(documents, keys, strict=True)]


def test_rules_alone_where_read_then_across_are_the_same_as_at_once(
    year: list[Document],
) -> None:
    """What the sandbox's workers do (:func:`engine.review_alone` of each file's documents, with
    their own ids, as rows) and then the reviewing process (:func:`engine.review_across`: the
    cross-document rules, the keys over the whole batch): the same rows as at once, also for
    documents without an identity or given twice (keys ``#<position>``) and with the
    self-evaluations after the tables."""
    profile = load_profile("tianjin")
    (table, *_) = [d for d in year if isinstance(d, TargetTable)]
    odd = [table.model_copy(update={"id": None}), year[0], year[-1]]  # no id; twice; twice
    for documents, odd_keys in ((year + odd, True), (year[::-1], False)):
        files = [documents[i : i + 34] for i in range(0, len(documents), 34)]
        alone = [found for file in files for found in _alone(file, profile)]
        at_once = review(documents, profile)
        keys = document_keys(documents)
        across = engine.review_across(_digests(documents), profile, alone, keys)
        assert across == _rows(documents, at_once)
        assert any(f.rule == "APP-02" for f in at_once)
        assert any(f.document.startswith("#") for f in at_once) == odd_keys
    assert {f.rule for f in at_once} - set(
        rule for found in alone for rule, _ in finding_row.marks(found)
    ) >= {"APP-02"}


def test_rules_alone_refuse_findings_of_another_batch(seeds: list[Document]) -> None:
    with pytest.raises(ValueError):
        engine.review_across(_digests(seeds), load_profile("tianjin"), [[]], document_keys(seeds))


def _streamed(documents: list[Document], hold: int = 2000) -> list[finding_row.Row]:
    """What the province benchmark does: files of 34 documents, each with its documents' digests
    and single-document findings as rows (what a sandbox worker sends,
    :func:`~jixiao.ingest.answers.digested`), through a :class:`stream.FamilyStream`; the rows in
    document order."""
    profile = load_profile("tianjin")
    family_stream = stream.FamilyStream(profile, hold=hold)
    done: dict[int, list[finding_row.Row]] = {}
    for i in range(0, len(documents), 34):
        sent = digested(documents[i : i + 34], profile)
        done.update(family_stream.add(sent.digests, sent.findings))
    done.update(family_stream.finish())
    assert sorted(done) == list(range(len(documents)))
    return [f for position in sorted(done) for f in done[position]]


def _at_once(documents: list[Document]) -> list[finding_row.Row]:
    """The rows of the documents reviewed at once, in document order."""
    return [row for found in _rows(documents, review(documents)) for row in found]


def _uncoded(documents: list[Document]) -> list[Document]:
    """The self-evaluations without a unit code (their family is known by their name from the
    tables' codes, as in the province corpus)."""
    return [
        d.model_copy(update={"department": Department(name=d.department.name)})
        if isinstance(d, SelfEvaluation)
        else d
        for d in documents
    ]


@pytest.mark.parametrize("hold", [2000, 40])
def test_streamed_family_by_family_is_the_same_as_at_once(year: list[Document], hold: int) -> None:
    """Families reviewed as the files come (when the documents move on to another family, or
    when more than ``hold`` tables wait), with odd keys and self-evaluations without a code."""
    (table, *_) = [d for d in year if isinstance(d, TargetTable)]
    odd = [table.model_copy(update={"id": None}), year[0], year[-1]]  # no id; twice; twice
    for documents in (year + odd, _uncoded(year)):
        at_once = _at_once(documents)
        assert _streamed(documents, hold) == at_once
        assert sum(rule == "APP-02" for rule, _ in finding_row.marks(at_once)) > 100


def test_a_self_evaluation_after_its_family_was_reviewed_is_late(year: list[Document]) -> None:
    """Within its family, last year's self-evaluation may come after the tables (they are held
    until the documents move on); after other families, it is late."""
    assert _streamed(year[::-1]) == _at_once(year[::-1])
    (evaluation,) = [d for d in year if d.id == "evaluation-1000"]
    with pytest.raises(stream.LateDocument):
        _streamed([d for d in year if d is not evaluation] + [evaluation])


def test_a_code_that_moves_a_self_evaluation_into_a_reviewed_family_is_late(
    year: list[Document],
) -> None:
    """A self-evaluation without a code, whose code comes with a table after its family's other
    tables were reviewed (at once, it would have been matched with them)."""
    uncoded = _uncoded(year)
    (evaluation,) = [d for d in uncoded[: len(year) // 2] if isinstance(d, SelfEvaluation)][-1:]
    name = evaluation.department.name
    first = next(
        i for i, d in enumerate(uncoded) if d.department.name == name and d is not evaluation
    )
    late = [d for d in uncoded if d.department.name != name or d is evaluation]
    late.append(uncoded[first])  # the only document that gives the code, after everything
    with pytest.raises(stream.LateDocument):
        _streamed(late)


def _compared(year: list[Document]) -> list[str]:
    """Whether review in worker processes gives what review here gives, for the year as it is
    and reversed (the self-evaluations after the tables)."""
    assert parallel.can_fork()  # else review(…, workers=2) would run here, proving nothing
    return [
        "same" if review(documents, workers=2) == review(documents) else "different"
        for documents in (year, year[::-1])
    ]


if __name__ == "__main__":
    print(*_compared(_year(_seeds())))
