"""The rule registry (审核规则目录): every rule is a small function with a stable code.

A rule is registered with :func:`rule`; it receives one document and a :class:`Context` and yields
:class:`Hit` objects (message + where). The engine turns hits into :class:`Finding` objects with the
rule's metadata and the profile's severity. ``RULES`` maps code → :class:`Rule`, in code order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeVar

from jixiao.domain.disclosure import Disclosure
from jixiao.domain.model import Document, SelfEvaluation, Source, TargetTable
from jixiao.domain.review.finding import Category, Field, Severity

if TYPE_CHECKING:
    from jixiao.domain.review.digest import Digest

T = TypeVar("T")
Scope = Literal["target_table", "self_evaluation", "disclosure"]
TABLES: tuple[Scope, ...] = ("target_table",)
BOTH: tuple[Scope, ...] = ("target_table", "self_evaluation")
SELF_EVALUATIONS: tuple[Scope, ...] = ("self_evaluation",)
DISCLOSURES: tuple[Scope, ...] = ("disclosure",)  # 预算绩效管理情况 of a disclosure report


class Hit(NamedTuple):
    """What a rule found: the message (zh/en), where, and optionally a severity for this case.

    A named tuple (immutable, made in one call: the rules make thousands a second — a frozen
    dataclass sets each field through ``object.__setattr__``)."""

    message: str
    message_en: str
    source: Source
    field: Field = "indicator"
    indicator: str | None = None
    severity: Severity | None = None  # overrides the rule's severity for this one case
    internal: bool = False  # the rule failed (engine._failed): a profile's wording never hides it


@dataclass(frozen=True)
class Context:
    """What a rule may look at besides its document: its parameters and the other documents.

    A rule that looks across documents reads their digests (``documents``, and the document it
    checks is a digest too: :mod:`jixiao.domain.review.digest`) through an index built once per review() call
    (:meth:`shared`) and builds that index in its ``prepare`` function too (:func:`rule`): a
    review run in worker processes (``review(…, workers=2)``) builds the indexes over all the
    documents first, and the workers, which hold only their share of the documents, read them
    (``sealed``: an index that was not prepared is an error, never one built over a share)."""

    params: Mapping[str, Any]
    documents: Sequence[Digest] = ()  # the documents reviewed together (cross-document rules)
    memo: dict[object, object] = field(default_factory=dict)  # shared by one review() call
    sealed: bool = False  # the indexes are all in ``memo``; ``documents`` is not all of them

    def param(self, name: str) -> Any:
        return self.params[name]

    def shared(self, key: object, build: Callable[[], T]) -> T:
        """An index over ``documents`` built once per review() call (``key`` names it)."""
        if key not in self.memo:
            if self.sealed:
                raise LookupError(f"index {key!r} was not prepared (the rule's prepare)")
            self.memo[key] = build()
        return self.memo[key]  # type: ignore[return-value]


Check = Callable[[Any, Context], Iterable[Hit]]
Prepare = Callable[[Context], object]


@dataclass(frozen=True)
class Rule:
    """One rule of the catalogue and the explanation a reviewer reads with its findings."""

    code: str
    category: Category
    severity: Severity
    title: str
    explanation: str  # why it matters, with the regulatory basis
    basis: str  # short citation of the basis (88号 第二十四条, seeds, …)
    suggestion: str
    example: str  # a faulty example
    scope: tuple[Scope, ...]
    check: Check
    params: Mapping[str, Any] = field(default_factory=dict)  # defaults; profiles override
    #: builds the cross-document indexes it reads (Context.shared); a rule that has one checks
    #: a document's digest, not the document (:mod:`jixiao.domain.review.digest`)
    prepare: Prepare | None = None

    def applies_to(self, document: Document | Disclosure) -> bool:
        if isinstance(document, TargetTable):
            return "target_table" in self.scope
        if isinstance(document, Disclosure):
            return "disclosure" in self.scope
        return isinstance(document, SelfEvaluation) and "self_evaluation" in self.scope


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    *,
    category: Category,
    severity: Severity,
    title: str,
    explanation: str,
    basis: str,
    suggestion: str,
    example: str,
    scope: tuple[Scope, ...] = TABLES,
    params: Mapping[str, Any] | None = None,
    prepare: Prepare | None = None,
) -> Callable[[Check], Check]:
    """Register the decorated function as rule ``code``; a rule that reads other documents
    names the function that builds its indexes (``prepare``, see :class:`Context`)."""

    def register(check: Check) -> Check:
        if code in RULES:
            raise ValueError(f"rule {code} registered twice")
        RULES[code] = Rule(
            code, category, severity, title, explanation, basis, suggestion, example, scope,
            check, dict(params or {}), prepare,
        )  # fmt: skip
        return check

    return register


_PREFIX_ORDER = ("CMP", "REL", "APP", "FEA", "SE", "DIS")


def sort_catalogue() -> None:
    """Put ``RULES`` in catalogue order: 完整性, 相关性, 适当性, 可行性, the self-evaluation rules,
    then the disclosure rules."""
    ordered = sorted(
        RULES.values(), key=lambda r: (_PREFIX_ORDER.index(r.code.split("-")[0]), r.code)
    )
    RULES.clear()
    RULES.update((r.code, r) for r in ordered)
