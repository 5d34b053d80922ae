"""The review engine (绩效目标审核): documents in → findings out, and a grade per table (§4.4)."""

from __future__ import annotations

import logging
import pickle
from collections.abc import Iterable, Iterator, Sequence
from itertools import repeat
from typing import Literal, NamedTuple

from jixiao.domain.disclosure import Disclosure
from jixiao.domain.model import Document, SelfEvaluation, TargetTable
from jixiao.domain.review import finding_row
from jixiao.domain.review.digest import Digest, digest
from jixiao.domain.review.finding import Finding, Made, Stamp, stamp, stamped_all, stamped_values
from jixiao.domain.review.helpers import indicators, with_context
from jixiao.domain.review.identity import document_keys, label
from jixiao.domain.review.profile import ORIGINAL, GradePolicy, Profile, load_profile
from jixiao.domain.review.registry import RULES, Context, Hit, Rule, Scope

logger = logging.getLogger(__name__)

Grade = Literal["优", "良", "中", "差"]
Reviewed = TargetTable | SelfEvaluation | Disclosure
#: a document as a rule reads it: the document (read in context), or its digest (the
#: cross-document rules', :mod:`jixiao.domain.review.digest`)
Subject = Reviewed | Digest
_WHAT = {"target_table": "此表", "self_evaluation": "此自评表", "disclosure": "此公开说明"}


def review(
    documents: Iterable[Document | Disclosure],
    profile: str | Profile = "tianjin",
    *,
    workers: int = 1,
) -> list[Finding]:
    """Review target tables, self-evaluations and the 预算绩效管理情况 of disclosure reports
    (:class:`~jixiao.domain.disclosure.Disclosure`) together (so cross-document rules can match them).

    Values are read in their context first (``60万`` in a cost row is 万元, a date without a year
    gets the budget year: :func:`helpers.with_context`).
    Findings come in document order, then by source line, then by severity. Each names its
    document by key (:func:`~jixiao.domain.review.identity.document_keys`), never by title.
    Each rule runs on each document in isolation: a rule that fails on a document yields one
    internal finding (“规则 CMP-07 无法检查此表”, see :func:`_failed`) and the others go on.

    With ``workers`` > 1 and at least :data:`PARALLEL_FROM` documents, the documents are reviewed
    in that many forked worker processes, in consecutive shares, where forking is safe (no other
    thread running; else here); the cross-document indexes (APP-02/03: last year's
    self-evaluations by department family) are built here over all the documents first and
    inherited by every worker (:mod:`jixiao.domain.review.parallel`). The findings are the
    same, in the same order, as in one process.

    The cross-document rules read each document's digest (:func:`~jixiao.domain.review.digest.digest`
    of it read in context), the others the document (:func:`review_pairs`).

    :func:`review_across` gives the same findings as rows when the single-document findings were
    worked out already (by the sandbox workers that read the documents).
    """
    chosen = load_profile(profile) if isinstance(profile, str) else profile
    given = list(documents)
    paired = [  # each digest made right after its document is read in context (its rows' views)
        (key, read, None if isinstance(read, Disclosure) else digest(read))
        for key, d in zip(document_keys(given), given, strict=True)
        if isinstance(d, TargetTable | SelfEvaluation | Disclosure)
        for read in [d if isinstance(d, Disclosure) else with_context(d)]
    ]
    digests = tuple(g for _, _, g in paired if g is not None)  # what cross-document rules read
    memo: dict[object, object] = {}  # cross-document indexes, built once per call
    if workers > 1 and len(paired) >= PARALLEL_FROM:
        from jixiao.domain.review import parallel

        if parallel.can_fork():
            prepare(chosen, digests, memo)
            return parallel.review_shares(paired, chosen, memo, workers)
    return review_pairs(paired, split(checks(chosen, digests, memo)))


#: the fewest documents reviewed in worker processes (fewer: starting them costs more than it saves)
PARALLEL_FROM = 2000


class Enabled(NamedTuple):
    """An enabled rule with its context and what its findings share under the profile (its
    wording worked out once per rule, not once per finding)."""

    rule: Rule
    context: Context
    shared: Stamp
    #: the profile's 提示语 with {原文} for the rule's own message (``ORIGINAL``: none)
    template: str


Checks = dict[Scope, list[Enabled]]
#: a document read in context with its key and its digest (None: none of the cross-document
#: rules reads it, a disclosure)
Paired = tuple[str, Reviewed, Digest | None]


def review_pairs(paired: Sequence[Paired], both: tuple[Checks, Checks]) -> list[Finding]:
    """The findings of documents read in context, each with its key and digest (see
    :func:`review`): ``both`` are the single-document checks, run on each document, and the
    cross-document checks, run on its digest (:func:`split`); a document's findings sorted as
    :func:`review_keyed` sorts them (equal keys come from one rule, so from one side)."""
    alone, across = both
    findings: list[Finding] = []
    for key, document, digested in paired:
        found = review_keyed([(key, document)], alone)
        if digested is not None and across[scope_of(digested)]:
            more = review_keyed([(key, digested)], across)
            if more:
                found = sorted([*found, *more], key=_order)
        findings.extend(found)
    return findings


def review_keyed(keyed: Sequence[tuple[str, Subject]], checks: Checks) -> list[Finding]:
    """The findings of documents read in context (or digests, for the cross-document checks),
    each with its key (see :func:`review`)."""
    findings: list[Finding] = []
    for key, document in keyed:
        hits = _hits(document, checks)
        if hits:
            made = stamped_all(key, _label(document), _made(hits))
            if len(made) > 1:
                made.sort(key=_order)
            findings += made
    return findings


def _hits(document: Subject, checks: Checks) -> list[tuple[Enabled, Hit]]:
    """What each rule of ``checks`` for the document's kind finds in ``document``, each hit with
    its rule."""
    hits: list[tuple[Enabled, Hit]] = []
    for enabled in checks[scope_of(document)]:
        try:  # each rule in isolation, run here (no frame of its own: 29 rules a document)
            found = list(enabled.rule.check(document, enabled.context))
        except Exception as exc:  # one faulty rule must not abort the batch
            found = _failed(enabled.rule, document, exc)
        if found:  # most rules find nothing in most documents
            hits += zip(repeat(enabled), found)
    return hits


def review_alone(
    documents: Iterable[Document | Disclosure], profile: Profile
) -> list[list[Finding]]:
    """The findings of the rules that read one document only (no ``prepare``: every rule but the
    cross-document ones) for each document, in the order :func:`review` gives them.

    Each document is reviewed on its own, so this runs where the documents are read (the
    sandbox's workers, :mod:`jixiao.ingest.sandbox`); the findings name their document by its
    identity (``""`` without one): :func:`review_across` keys them over the whole batch and adds
    the cross-document findings.
    """
    return [found for _, found in _alone_read(documents, profile)]


def review_rows(
    documents: Iterable[Document | Disclosure], profile: Profile
) -> list[list[finding_row.Row]]:
    """:func:`review_alone`'s findings of each document as their rows
    (:func:`~jixiao.domain.review.finding_row.rows` of them and the document's indicators), made
    from the rules' hits without making the findings' models: what a reader worker sends."""
    return [found for _, found in _alone_rows(documents, profile)]


def review_digested(
    documents: Iterable[Document | Disclosure], profile: Profile
) -> list[tuple[Digest, list[finding_row.Row]]]:
    """:func:`review_rows` of each document with its digest
    (:func:`~jixiao.domain.review.digest.digest` of it read in context, as it was reviewed): all
    the cross-document rules read of it (:func:`review_across`), so that where the documents are
    read (the sandbox's workers) nothing else of them need be sent when nothing is stored."""
    return [(digest(read), found) for read, found in _alone_rows(documents, profile)]


def _alone_read(
    documents: Iterable[Document | Disclosure], profile: Profile
) -> Iterator[tuple[Document | Disclosure, list[Finding]]]:
    """Each document read in context, with its findings by the single-document rules."""
    alone = _alone(profile)
    for document, read in _in_context(documents):
        if read is None:
            yield document, []
        else:
            yield read, review_keyed([(document.id or "", read)], alone)


def _alone_rows(
    documents: Iterable[Document | Disclosure], profile: Profile
) -> Iterator[tuple[Document | Disclosure, list[finding_row.Row]]]:
    """:func:`_alone_read` with each document's findings as their rows, sorted as
    :func:`review_keyed` sorts the findings."""
    alone = _alone(profile)
    for document, read in _in_context(documents):
        if read is None:
            yield document, []
            continue
        hits = _hits(read, alone)
        if not hits:
            yield read, []
            continue
        values = stamped_values(document.id or "", _label(read), _made(hits))
        # the rows' views the rules read (kept for the document): the same sources, in order
        views = () if isinstance(read, Disclosure) else indicators(read)
        rows = finding_row.valued(values, views)
        if len(rows) > 1:
            rows.sort(key=finding_row.row_order)
        yield read, rows


def _in_context(
    documents: Iterable[Document | Disclosure],
) -> Iterator[tuple[Document | Disclosure, Reviewed | None]]:
    """Each document with itself read in context (:func:`helpers.with_context`), or None when
    no rule reviews its kind."""
    for document in documents:
        if isinstance(document, Disclosure):
            yield document, document
        elif isinstance(document, TargetTable | SelfEvaluation):
            yield document, with_context(document)
        else:
            yield document, None


def _alone(profile: Profile) -> Checks:
    """The single-document checks of ``profile``, kept for the last profile asked about: a
    reader worker reviews file after file with one profile, and these rules keep nothing in their
    context (their ``memo`` is the cross-document rules'). The worker gets that profile unpickled
    anew with each file, so a profile other than the kept object is the same one when its
    pickled bytes are (equal values of equal types; ``==`` takes 1 for 1.0)."""
    kept = _kept_alone[0]
    if kept is not None and kept[0] is profile:
        return kept[2]
    pickled = pickle.dumps(profile, pickle.HIGHEST_PROTOCOL)
    if kept is None or kept[1] != pickled:
        kept = _kept_alone[0] = (profile, pickled, split(checks(profile, (), {}, sealed=True))[0])
    return kept[2]


_kept_alone: list[tuple[Profile, bytes, Checks] | None] = [None]


def cross_document_scopes(profile: Profile) -> set[Scope]:
    """The kinds of document (scopes) that enabled cross-document rules of ``profile`` check."""
    return {scope for scope, found in split(checks(profile, (), {}))[1].items() if found}


def split(all_checks: Checks) -> tuple[Checks, Checks]:
    """The checks of the single-document rules and those of the cross-document rules (a rule
    that reads other documents builds its indexes in ``prepare``: :class:`Rule`)."""
    alone = {s: [e for e in found if e.rule.prepare is None] for s, found in all_checks.items()}
    across = {s: [e for e in found if e.rule.prepare is not None] for s, found in all_checks.items()}  # fmt: skip
    return alone, across


def review_across(
    digests: Sequence[Digest],
    profile: Profile,
    alone: Sequence[Sequence[finding_row.Row]],
    keys: Sequence[str],
) -> list[list[finding_row.Row]]:
    """The finding rows of each document of a batch (:mod:`~jixiao.domain.review.finding_row`),
    given by its digest (:mod:`~jixiao.domain.review.digest`, of the document read in context),
    whose single-document findings are ``alone`` (:func:`review_alone` made into rows, e.g. by the
    sandbox worker that read it, under the same profile), each document named by its key in
    ``keys`` (:func:`~jixiao.domain.review.identity.document_keys` over the batch): the same
    findings as :func:`review`'s, as rows. The cross-document rules run here (over the digests of
    the target tables and self-evaluations, as in :func:`review`) and their findings join the
    document's own, sorted as :func:`review_keyed` sorts them (equal keys come from one rule, so
    from one side, in its order); a document no rule reviews (a monitoring report) has none."""
    if not len(alone) == len(keys) == len(digests):
        raise ValueError(f"{len(alone)} lists of findings for {len(digests)} documents")
    read = tuple(g for g in digests if g.scope in _ACROSS)
    across = checks(profile, read, {}, across=True)
    found: list[list[finding_row.Row]] = []
    for key, digested, own in zip(keys, digests, alone, strict=True):
        if digested.scope is None:
            found.append([])
            continue
        mine = finding_row.renamed(own, key)
        if across[digested.scope]:
            more = review_keyed([(key, digested)], across)
            if more:
                at = {(r.line, r.cell): r.position for r in digested.rows}  # same sources
                mine = sorted([*mine, *finding_row.placed(more, at)], key=finding_row.row_order)
        found.append(mine)
    return found


#: the kinds of document the cross-document rules read (not disclosures)
_ACROSS = ("target_table", "self_evaluation")


def _order(finding: Finding) -> tuple[int, int, str]:
    values = finding.__dict__  # one read of the model, not three
    return finding_row.order(values["source"].line, values["severity"], values["rule"])


def prepare(profile: Profile, documents: Sequence[Digest], memo: dict[object, object]) -> None:
    """Build every cross-document index the enabled rules read, over the digests of ``documents``
    (:mod:`~jixiao.domain.review.digest`), into ``memo``."""
    for rule, context in _contexts(profile, documents, memo):
        if rule.prepare is not None:
            rule.prepare(context)


def _contexts(
    profile: Profile,
    documents: Sequence[Digest],
    memo: dict[object, object],
    sealed: bool = False,
    across: bool = False,
) -> list[tuple[Rule, Context]]:
    return [
        (rule, Context(profile.params(rule), documents, memo, sealed))
        for rule in RULES.values()
        if profile.enabled(rule) and (rule.prepare is not None or not across)
    ]


def checks(
    profile: Profile,
    documents: Sequence[Digest],
    memo: dict[object, object],
    *,
    sealed: bool = False,
    across: bool = False,
) -> Checks:
    """The enabled rules for each kind of document, in catalogue order, each with its context
    (worked out once per call: :meth:`Rule.applies_to` by kind); ``documents``: the digests the
    cross-document rules read. ``sealed``: the indexes are
    prepared in ``memo`` and ``documents`` is only a share (:class:`Context`). ``across``: the
    cross-document rules only (those of :func:`split`'s second half; the stream asks for them
    once per department family)."""
    contexts = _contexts(profile, documents, memo, sealed, across)
    enabled = [_enabled(profile, rule, context) for rule, context in contexts]
    return {scope: [e for e in enabled if scope in e.rule.scope] for scope in _SCOPES.values()}


def _enabled(profile: Profile, rule: Rule, context: Context) -> Enabled:
    """``rule`` with its context and the wording of its findings under ``profile``."""
    shared = stamp(
        rule.code, profile.severity(rule), rule.category, rule.title, profile.suggestion(rule)
    )
    return Enabled(rule, context, shared, profile.message(rule, ORIGINAL))


_SCOPES: dict[type, Scope] = {
    TargetTable: "target_table",
    SelfEvaluation: "self_evaluation",
    Disclosure: "disclosure",
}


def scope_of(document: Subject) -> Scope:
    """The scope (kind) of a reviewed document (or of its digest), as rules name it."""
    found = _SCOPES.get(type(document))  # its class itself, but for a subclass
    if found is not None:
        return found
    if isinstance(document, Digest):
        if document.scope is None:
            raise ValueError(f"no rule reviews document {document.id}")
        return document.scope
    return next(scope for kind, scope in _SCOPES.items() if isinstance(document, kind))


def _label(document: Subject) -> str:
    """:func:`~jixiao.domain.review.identity.label` of a document (its digest has it)."""
    return document.label if isinstance(document, Digest) else label(document)


def _failed(rule: Rule, document: Subject, exc: Exception) -> list[Hit]:
    """The one internal hit of a rule that raised ``exc`` on ``document`` (called in the
    ``except`` of :func:`review_keyed`, which runs each rule: a failing rule gives this instead
    of its hits).

    The failure is logged with its traceback for developers; the reviewer reads that the rule
    could not check this document (severity info, so the grade is not lowered by our fault).
    """
    logger.exception("review rule %s failed on %s", rule.code, _label(document))
    what = _WHAT[scope_of(document)]
    return [
        Hit(
            f"规则 {rule.code} 无法检查{what}（内部错误 {type(exc).__name__}），请人工复核此项",
            f"rule {rule.code} could not check this document ({type(exc).__name__})",
            document.source,
            "document",
            severity="info",
            internal=True,
        )
    ]


def _made(hits: list[tuple[Enabled, Hit]]) -> list[Made]:
    """What the findings of one document's hits are made of, each with its rule: the rule's
    shared values and the hit's own (the profile's 提示语 in place of the message, but never of
    an internal one), for :func:`~jixiao.domain.review.finding.stamped_all` (or
    :func:`~jixiao.domain.review.finding.stamped_values`), which makes them together with the
    document's key and label: no Python call per finding here."""
    return [
        (
            shared, severity or shared.severity,
            message if internal or template == ORIGINAL else template.replace(ORIGINAL, message),
            message_en, source, field, indicator,
        )
        for (_, _, shared, template), (
            message, message_en, source, field, indicator, severity, internal,
        ) in hits
    ]  # fmt: skip


def grade(findings: Sequence[Finding], policy: GradePolicy | str | None = None) -> Grade:
    """The suggested review grade (优/良/中/差) of one document from its findings (§4.4).

    差 when a finding of ``poor_rules`` is present (e.g. the target text is missing) or the errors
    reach ``poor_errors``; 中 when errors reach ``fair_errors`` or warnings ``fair_warnings``;
    良 when warnings reach ``good_warnings``; otherwise 优. Info findings never lower the grade.
    The reviewer keeps the final word (88号 第二十五条 defines the grades, not the scoring).
    """
    return graded([(f.rule, f.severity) for f in findings], policy)


def graded(marks: Sequence[tuple[str, str]], policy: GradePolicy | str | None = None) -> Grade:
    """:func:`grade` of one document's findings given by their rule and severity (what a grade
    is made of: :func:`~jixiao.domain.review.finding_row.marks` of its rows)."""
    if policy is None or isinstance(policy, str):
        policy = load_profile(policy or "tianjin").grade
    errors = sum(severity == "error" for _, severity in marks)
    warnings = sum(severity == "warning" for _, severity in marks)
    if any(rule in policy.poor_rules and severity == "error" for rule, severity in marks):
        return "差"
    if _reached(errors, policy.poor_errors):
        return "差"
    if _reached(errors, policy.fair_errors) or _reached(warnings, policy.fair_warnings):
        return "中"
    if _reached(warnings, policy.good_warnings):
        return "良"
    return "优"


def _reached(count: int, threshold: int) -> bool:
    return threshold > 0 and count >= threshold


def grades(
    findings: Sequence[Finding], policy: GradePolicy | str | None = None
) -> dict[str, Grade]:
    """The grade of every document key in ``findings`` (documents without findings are 优)."""
    by_document: dict[str, list[Finding]] = {}
    for finding in findings:
        by_document.setdefault(finding.document, []).append(finding)
    return {name: grade(found, policy) for name, found in by_document.items()}
