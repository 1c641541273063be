"""Who is asking, and may they: session cookies for the browser, bearer tokens for scripts, roles,
CSRF tokens on every form, and record visibility by clearance (an invisible record does not exist)."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.responses import Response
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from pipeline.catalog.accounts import Accounts, Role, Session, User
from pipeline.errors import RecordkeeperError, RecordNotFound
from pipeline.file_plan import AccessLevel
from pipeline.intake.jobs import JobVisibility
from pipeline.lifecycle.corrections import Authority
from pipeline.records import Record
from pipeline.workspace import Workspace

SESSION_COOKIE = "rk_session"
# Declared for the OpenAPI document (securitySchemes); the checks themselves are below.
_bearer = HTTPBearer(auto_error=False, description="An API token from 'recordkeeper user token NAME'")
_cookie = APIKeyCookie(name=SESSION_COOKIE, auto_error=False,
                       description="The browser session; changes also need the X-CSRF-Token header")


class LoginRequired(Exception):
    """Raised by page routes; the app turns it into a redirect to the login page."""


def workspace(request: Request) -> Iterator[Workspace]:
    opened = Workspace.open(request.app.state.settings)
    try:
        yield opened
    finally:
        opened.close()


def accounts(ws: Workspace) -> Accounts:
    return Accounts(ws.catalog, ws.settings.accounts)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    # Lax, not Strict: a link from another site (an e-mail, the intranet) must arrive logged in. Changes are
    # POSTs, which Lax does not send cross-site, and every one also carries a CSRF token.
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", path="/",
                        secure=request.url.scheme == "https")


def _session(request: Request, ws: Workspace) -> Session | None:
    token = request.cookies.get(SESSION_COOKIE)
    return accounts(ws).session(token) if token else None


def session_for_error_page(request: Request) -> Session | None:
    """The session, if any, so an error page can keep the site's navigation; None when it cannot be read."""
    if not request.cookies.get(SESSION_COOKIE):
        return None
    try:
        with Workspace.open(request.app.state.settings) as ws:
            return _session(request, ws)
    except (RecordkeeperError, OSError):
        return None


def page_session(request: Request, ws: Annotated[Workspace, Depends(workspace)]) -> Session:
    session = _session(request, ws)
    if session is None:
        raise LoginRequired()
    return session


def api_user(request: Request, ws: Annotated[Workspace, Depends(workspace)],
             bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
             _session_cookie: Annotated[str | None, Depends(_cookie)]) -> User:
    if bearer is not None:
        user = accounts(ws).user_for_token(bearer.credentials.strip())
        if user is None:
            raise HTTPException(401, "invalid, expired or revoked API token", headers={"WWW-Authenticate": "Bearer"})
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


def visible_record(ws: Workspace, user: User, record_id: str, purpose: str | None = "viewed",
                   details: dict | None = None) -> Record:
    """The record if the user's clearance covers it; otherwise 404, so its existence is not revealed.
    A confidential or restricted record's viewing is audited as `purpose` (None: the caller audits)."""
    try:
        record = ws.catalog.get_record(record_id)
    except RecordNotFound:
        raise HTTPException(404, f"no record {record_id}") from None
    if record.access_level > user.clearance:
        raise HTTPException(404, f"no record {record_id}")
    if purpose and record.access_level >= AccessLevel.confidential:
        audit_access(ws, user, record, purpose, details)
    return record


def audit_access(ws: Workspace, user: User, record: Record, purpose: str, details: dict | None = None) -> None:
    with ws.catalog.transaction():
        ws.catalog.audit(purpose, record.id, {"access_level": record.access_level.name, **(details or {})},
                         actor=user.username)


def job_visibility(ws: Workspace, user: User) -> JobVisibility:
    """Intake jobs this user may see: by their record's level, or before there is one by their inbox's."""
    hidden = tuple(inbox.station for inbox in ws.settings.inbox
                   if inbox.access and AccessLevel[inbox.access] > user.clearance)
    return JobVisibility(int(user.clearance), hidden)


def authority(user: User) -> Authority:
    """What a person's corrections may do to access levels: only records managers may lower them."""
    return Authority(may_lower_access=user.can(Role.records_manager), clearance=user.clearance)
