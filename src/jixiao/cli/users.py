"""``jixiao users``: list users with their role and department; create a user or change one.

The command line acts for the operator (:data:`jixiao.web.permissions.OPERATOR`, an
administrator); every change is the action :func:`jixiao.web.actions.save_user` with its audit row.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console

from jixiao.cli.serve import setup_django

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

app = typer.Typer(help="Users: role (角色) and department (单位).", no_args_is_help=True)

ROLE_HELP = (
    "unit_editor (预算单位填报人), department_reviewer (主管部门审核人), "
    "finance_reviewer (财政局审核人), auditor (第三方评价/审计), administrator (系统管理员)"
)


@app.command("list")
def list_users() -> None:
    """Every user: name, role, department."""
    setup_django()
    from django.contrib.auth import get_user_model

    from jixiao.domain.workflow import ROLE_LABELS
    from jixiao.web import bootstrap, models, permissions

    bootstrap.migrate()
    memberships = {m.user_id: m for m in models.Membership.objects.select_related("department")}
    for user in get_user_model().objects.order_by("username"):
        who = permissions.actor(user)
        role = f"{who.role} ({ROLE_LABELS[who.role]})" if who else "— (无角色)"
        found = memberships.get(user.pk)
        department = str(found.department) if found and found.department else "—"
        typer.echo(f"{user.get_username()}\t{role}\t{department}")


@app.command("create")
def create(
    username: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[str, typer.Option(help=ROLE_HELP)],
    department: Annotated[
        str, typer.Option(help="Budget code (or exact name) of the user's department.")
    ] = "",
    password_env: Annotated[
        str, typer.Option(help="Environment variable holding the password (never an argument).")
    ] = "JIXIAO_USER_PASSWORD",
) -> None:
    """Create a user (or change its role and department); the password comes from the environment."""
    setup_django()
    from jixiao.domain.workflow import Refused
    from jixiao.web import actions, bootstrap, models, permissions

    bootstrap.migrate()
    found = None
    if department.strip():
        text = department.strip()
        found = (
            models.Department.objects.filter(code=text).first()
            or models.Department.objects.filter(name=text).first()
        )
        if found is None:
            err.print(f"[bold red]error:[/] no department with code or name {text!r}")
            raise typer.Exit(2)
    password = os.environ.get(password_env) or None
    try:
        user = actions.save_user(
            actions.Actor(permissions.OPERATOR, "cli"), username, role, found, password
        )
    except Refused as refused:
        err.print(f"[bold red]error:[/] {refused.denied.reason}")
        raise typer.Exit(2) from None
    made = "password set" if password else f"no password (set {password_env} to give one)"
    out.print(f"saved {user.get_username()}: {role}, {found or '—'}; {made}", markup=False)
