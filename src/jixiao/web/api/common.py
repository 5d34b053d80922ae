"""What the API's areas share: the refusal answer, the visibility check, the finding schema."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Schema, Status

from jixiao.domain.workflow import Action, Denied
from jixiao.web import models, params, permissions


class Refusal(Schema):
    """A refusal: the reason in Chinese and its code (login, hidden, role, state, reason, invalid)."""

    detail: str
    code: str


REFUSALS: dict[int, Any] = {
    400: Refusal,
    401: Refusal,
    403: Refusal,
    404: Refusal,
    409: Refusal,
    422: Refusal,
}


def refusal(denied: Denied) -> Status[dict[str, str]]:
    return Status(denied.http_status, {"detail": denied.reason, "code": denied.code})


def visible(request: HttpRequest, model: Any, pk: int) -> Any:
    """The row ``pk`` if the user may see it; 404 (absent or hidden) otherwise."""
    row = model.objects.filter(pk=params.check_id(pk)).first()
    if row is None or not permissions.allowed(request.user, Action.VIEW, row):
        raise Http404("未找到该文档，或您无权查看")
    return row


class FindingOut(Schema):
    """A stored finding; ``indicator_position`` is the 0-based row of the indicator table."""

    id: int
    rule: str
    severity: str
    category: str
    title: str
    message: str
    message_en: str
    suggestion: str
    field: str
    indicator: str
    document: str  # 文档标识 of the reviewed document
    indicator_position: int | None
    source_file: str
    source_line: int | None
    source_cell: str
    dismissed: bool
    dismiss_reason: str

    @staticmethod
    def resolve_dismissed(obj: models.Finding) -> bool:
        return obj.dismissed_at is not None
