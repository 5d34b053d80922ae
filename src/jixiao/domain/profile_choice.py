"""The one place that picks the profiles (口径) for a document: review and scoring.

Review runs one profile over the documents read together: the one their template or region
calls for (:func:`jixiao.domain.review.detect.detect_profile`, when the documents agree), else
``tianjin``. Scoring picks
by the document's scope: a 项目支出 self-evaluation or monitoring report gets the project profile
(``central_2020``, 财预〔2020〕10号), a 整体支出 one the department profile (``tianjin_dept``).
Each default can be overridden by a profile name or a ``.toml`` path; the CLI's ``--profile``
options and the web settings (``JIXIAO_REVIEW_PROFILE``, ``JIXIAO_SCORING_PROFILE_*``) do so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from jixiao.domain.model import Document, MonitoringReport, SelfEvaluation
from jixiao.domain.review.detect import detect_profile

Scope = Literal["department", "project"]

DEFAULT_REVIEW = "tianjin"
DEFAULT_SCORING: Mapping[Scope, str] = {"project": "central_2020", "department": "tianjin_dept"}


@dataclass(frozen=True)
class ProfileChoice:
    """The review profile and the scoring profile of each scope (names or .toml paths)."""

    review: str | None = None  # None: detected from the documents (review_for)
    scoring: Mapping[Scope, str] = field(default_factory=lambda: dict(DEFAULT_SCORING))

    @classmethod
    def overridden(
        cls, review: str | None = None, scoring: Mapping[Scope, str | None] | None = None
    ) -> ProfileChoice:
        """The defaults, with every override that is given (None or "" keeps the default)."""
        chosen = dict(DEFAULT_SCORING)
        chosen.update({scope: name for scope, name in (scoring or {}).items() if name})
        return cls(review or None, chosen)

    def review_for(self, documents: Sequence[Document]) -> str:
        """The review profile of documents read together: the override, else the one their
        template or region calls for when they agree on it, else the default."""
        return self.review_of(map(detect_profile, documents))

    def review_of(self, detected: Iterable[str | None]) -> str:
        """:meth:`review_for` of documents whose :func:`detect_profile` gave ``detected``."""
        if self.review:
            return self.review
        names = {name for name in detected if name}
        return names.pop() if len(names) == 1 else DEFAULT_REVIEW

    def scoring_for(self, document: SelfEvaluation | MonitoringReport) -> str:
        """The scoring profile of ``document``, by its scope (项目支出 or 整体支出)."""
        return self.scoring[document.scope]
