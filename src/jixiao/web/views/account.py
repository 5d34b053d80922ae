"""账户 (Account): change the password; list, create and revoke one's API tokens.

A password change ends every other session of the user (Django's session hash) and invalidates
every API token issued before it (:mod:`jixiao.web.auth`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jixiao.web.auth import MAX_TOKEN_DAYS, issue_token, tokens_of, valid


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100, required=False)
    days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"), min_value=1, max_value=MAX_TOKEN_DAYS
    )


def account(request: HttpRequest) -> HttpResponse:
    """GET: the user's tokens. POST: a new token, shown once."""
    form = TokenForm(request.POST or None, initial={"days": settings.JIXIAO_TOKEN_DAYS})
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        context["token"], _stored = issue_token(
            request.user, form.cleaned_data["name"], form.cleaned_data["days"]
        )
        context["form"] = TokenForm(initial={"days": settings.JIXIAO_TOKEN_DAYS})
    tokens = tokens_of(request.user)
    context["tokens"] = [{"token": t, "valid": valid(t)} for t in tokens]
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "jixiao/account.html", context, status=status)


@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(tokens_of(request.user), pk=pk).delete()
    messages.success(request, _("The token was revoked."))
    return redirect("account")


class PasswordChange(auth_views.PasswordChangeView):
    """Django's password change (old password, new one twice, the validators of settings)."""

    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(
            self.request, _("Your password was changed; your earlier API tokens no longer work.")
        )
        return response
