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
user_app = typer.Typer(help="Staff accounts: add, list, change password or role, disable; API tokens.",
                       no_args_is_help=True)


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


def _accounts(workspace: Workspace) -> Accounts:
    return Accounts(workspace.catalog, workspace.settings.accounts)


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
        user = _accounts(workspace).add_user(username, _password(password_stdin), role, clearance,
                                                    actor=getpass.getuser())
    out.print(f"User {user.username} added: {user.role.name}, clearance {user.clearance.name}")


@user_app.command("passwd")
def user_passwd(ctx: typer.Context, username: str, password_stdin: Annotated[bool, typer.Option(
        "--password-stdin")] = False, revoke_tokens: Annotated[bool, typer.Option(
        "--revoke-tokens", help="Also revoke every API token of the user.")] = False) -> None:
    """Set a new password (ends the user's sessions; with --revoke-tokens, their API tokens too)."""
    with Workspace.open(ctx.obj) as workspace:
        _accounts(workspace).set_password(
            username, _password(password_stdin), actor=getpass.getuser(), revoke_tokens=revoke_tokens)
    out.print(f"Password of {username} changed; their sessions are ended" + (
        " and their API tokens revoked" if revoke_tokens else ""))


@user_app.command("token")
def user_token(ctx: typer.Context, username: str) -> None:
    """Issue an API token for scripts (shown once; send it as 'Authorization: Bearer <token>')."""
    with Workspace.open(ctx.obj) as workspace:
        token = _accounts(workspace).new_api_token(username, actor=getpass.getuser())
    print(token)


@user_app.command("list")
def user_list(ctx: typer.Context) -> None:
    """Every account with its role, clearance and whether it is disabled."""
    with Workspace.open(ctx.obj) as workspace:
        users = _accounts(workspace).list_users()
    for user in users:
        out.print(f"{user['user']:<24} {user['role']:<16} {user['clearance']:<13}"
                  + (" disabled" if user["disabled"] else ""), highlight=False)


@user_app.command("tokens")
def user_tokens(ctx: typer.Context, username: str) -> None:
    """The user's API tokens: id, when issued, when they expire."""
    with Workspace.open(ctx.obj) as workspace:
        tokens = _accounts(workspace).tokens(username)
    if not tokens:
        out.print(f"{username} has no API token")
    for token in tokens:
        out.print(f"{token.id}  issued {token.created_at}  " + ("EXPIRED " if token.expired else "expires ")
                  + token.expires_at, highlight=False)


@user_app.command("revoke")
def user_revoke(ctx: typer.Context, username: str, token_id: Annotated[str | None, typer.Argument(
        help="The token id 'user tokens' shows; omit it with --all.")] = None,
                all_tokens: Annotated[bool, typer.Option("--all", help="Revoke every token of the user.")] = False
                ) -> None:
    """Revoke one API token of a user, or all of them with --all."""
    if (token_id is None) == (not all_tokens):
        raise typer.BadParameter("give a token id or --all (not both)")
    with Workspace.open(ctx.obj) as workspace:
        count = _accounts(workspace).revoke_tokens(username, token_id, getpass.getuser())
    out.print(f"{count} token{'s' * (count != 1)} of {username} revoked")


@user_app.command("disable")
def user_disable(ctx: typer.Context, username: str) -> None:
    """Disable an account: its sessions and API tokens end at once and it can no longer log in."""
    with Workspace.open(ctx.obj) as workspace:
        _accounts(workspace).set_disabled(username, True, actor=getpass.getuser())
    out.print(f"User {username} disabled; sessions ended and API tokens revoked")


@user_app.command("enable")
def user_enable(ctx: typer.Context, username: str) -> None:
    """Enable a disabled account again (it needs new API tokens)."""
    with Workspace.open(ctx.obj) as workspace:
        _accounts(workspace).set_disabled(username, False, actor=getpass.getuser())
    out.print(f"User {username} enabled")


@user_app.command("role")
def user_role(ctx: typer.Context, username: str,
              role: Annotated[str, typer.Argument(help="viewer, technician, records_manager or admin")],
              clearance: Annotated[str | None, typer.Option(help="Default: the role's default clearance.")] = None
              ) -> None:
    """Change a user's role (and clearance). Takes effect on their next request."""
    with Workspace.open(ctx.obj) as workspace:
        user = _accounts(workspace).set_role(username, role, clearance,
                                                                      actor=getpass.getuser())
    out.print(f"User {user.username} is now {user.role.name}, clearance {user.clearance.name}")
