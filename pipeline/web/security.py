"""Who is asking, and may they: session cookies for the browser, bearer tokens for scripts, roles,
CSRF tokens on every form, and record visibility by clearance (an invisible record does not exist)."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from pipeline.catalog.accounts import Accounts, Role, Session, User
from pipeline.errors import RecordNotFound
from pipeline.file_plan import AccessLevel
from pipeline.records import Record
from pipeline.workspace import Workspace

SESSION_COOKIE = "rk_session"


class LoginRequired(Exception):
    """Raised by page routes; the app turns it into a redirect to the login page."""


def workspace(request: Request) -> Iterator[Workspace]:
    opened = Workspace.open(request.app.state.settings)
    try:
        yield opened
    finally:
        opened.close()


def _session(request: Request, ws: Workspace) -> Session | None:
    token = request.cookies.get(SESSION_COOKIE)
    return Accounts(ws.catalog).session(token) if token else None


def page_session(request: Request, ws: Annotated[Workspace, Depends(workspace)]) -> Session:
    session = _session(request, ws)
    if session is None:
        raise LoginRequired()
    return session


def api_user(request: Request, ws: Annotated[Workspace, Depends(workspace)]) -> User:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = Accounts(ws.catalog).user_for_token(header[7:].strip())
        if user is None:
            raise HTTPException(401, "invalid API token", headers={"WWW-Authenticate": "Bearer"})
        return user
    session = _session(request, ws)
    if session is None:
        raise HTTPException(401, "log in or send 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})
    if request.method not in ("GET", "HEAD") and not _same(request.headers.get("x-csrf-token"), session.csrf_token):
        raise HTTPException(403, "a cookie-authenticated change needs the X-CSRF-Token header")
    return session.user


def require(user: User, role: Role) -> None:
    if not user.can(role):
        raise HTTPException(403, f"this needs the {role.name} role; you are {user.role.name}")


def check_csrf(session: Session, csrf: str | None) -> None:
    if not _same(csrf, session.csrf_token):
        raise HTTPException(403, "the form has expired or was not sent by this site; reload the page")


def _same(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


def visible_record(ws: Workspace, user: User, record_id: str, purpose: str = "viewed") -> Record:
    """The record if the user's clearance covers it; otherwise 404, so its existence is not revealed."""
    try:
        record = ws.catalog.get_record(record_id)
    except RecordNotFound:
        raise HTTPException(404, f"no record {record_id}") from None
    if record.access_level > user.clearance:
        raise HTTPException(404, f"no record {record_id}")
    if record.access_level >= AccessLevel.confidential:
        with ws.catalog.transaction():
            ws.catalog.audit(purpose, record.id, {"access_level": record.access_level.name}, actor=user.username)
    return record
