"""`recordkeeper serve` (the web UI and API) and `recordkeeper user` (accounts)."""

from __future__ import annotations

import getpass
import sys
from typing import Annotated

import typer
from rich.console import Console

from pipeline.catalog.accounts import Accounts
from pipeline.settings import Settings
from pipeline.workspace import Workspace

out = Console()
user_app = typer.Typer(help="Staff accounts: add, change password, issue API tokens.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.add_typer(user_app, name="user")


def serve(ctx: typer.Context, host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535)] = 8080) -> None:
    """Serve the web UI and the HTTP API (/api/v1, spec at /api/v1/openapi.json)."""
    run_server(ctx.obj, host, port)


def run_server(settings: Settings, host: str, port: int) -> None:
    import uvicorn

    from pipeline.web.app import create_app

    Workspace.open(settings, create=True).close()
    out.print(f"Recordkeeper at http://{host}:{port}/  (Ctrl-C to stop)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


def _password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        raise typer.BadParameter("the passwords differ")
    return first


@user_app.command("add")
def user_add(ctx: typer.Context, username: str,
             role: Annotated[str, typer.Option(help="viewer, technician, records_manager or admin")] = "viewer",
             clearance: Annotated[str | None, typer.Option(
                 help="Highest access level seen: public, internal, confidential, restricted "
                      "(default by role: viewer internal, technician confidential, others restricted).")] = None,
             password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")]
             = False) -> None:
    """Create an account."""
    with Workspace.open(ctx.obj, create=True) as workspace:
        user = Accounts(workspace.catalog).add_user(username, _password(password_stdin), role, clearance,
                                                    actor=getpass.getuser())
    out.print(f"User {user.username} added: {user.role.name}, clearance {user.clearance.name}")


@user_app.command("passwd")
def user_passwd(ctx: typer.Context, username: str, password_stdin: Annotated[bool, typer.Option(
        "--password-stdin")] = False) -> None:
    """Set a new password (ends the user's sessions)."""
    with Workspace.open(ctx.obj) as workspace:
        Accounts(workspace.catalog).set_password(username, _password(password_stdin), actor=getpass.getuser())
    out.print(f"Password of {username} changed")


@user_app.command("token")
def user_token(ctx: typer.Context, username: str) -> None:
    """Issue an API token for scripts (shown once; send it as 'Authorization: Bearer <token>')."""
    with Workspace.open(ctx.obj) as workspace:
        token = Accounts(workspace.catalog).new_api_token(username, actor=getpass.getuser())
    print(token)
