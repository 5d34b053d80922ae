"""Security headers: a Content-Security-Policy (内容安全策略) on every response.

Scripts, styles, images and connections come from the server itself only; no inline script or
style, no ``eval``, no plugins, no framing, forms post only here. The pages are built for it: the
JavaScript lives in ``static/jixiao/*.js``, data reaches it as JSON (``json_script``), and HTMX is
configured (``<meta name="htmx-config">``) not to inject styles nor evaluate code. Django's
SecurityMiddleware adds the others (nosniff, Referrer-Policy, HSTS with ``JIXIAO_SECURE=1``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response
