"""The staff web pages: log in, search and browse, the review queue, the file plan and disposition.

The record's own pages are in `record_pages`, intake and uploads in `intake_pages`, bulk changes in `bulk`."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pipeline.catalog.accounts import Role, Session
from pipeline.errors import LoginThrottled, QueryError
from pipeline.lifecycle import disposition
from pipeline.search.port import SearchResults
from pipeline.search.query import QueryLimits, parse_terms_and_filters
from pipeline.web import views
from pipeline.web.bounds import MAX_INT64, MAX_PAGE_NUMBER
from pipeline.web.browse import Listing, list_records
from pipeline.web.rendering import page as render
from pipeline.web.rendering import safe_back, templates
from pipeline.web.security import (
    SESSION_COOKIE,
    accounts,
    check_csrf,
    client_address,
    job_visibility,
    page_session,
    set_session_cookie,
    workspace,
)
from pipeline.workspace import Workspace

__all__ = ["router", "templates"]
router = APIRouter(include_in_schema=False)
Ws = Annotated[Workspace, Depends(workspace)]
CurrentSession = Annotated[Session, Depends(page_session)]
PAGE_SIZE = 10
RowId = Annotated[int, Path(ge=1, le=MAX_INT64)]


@router.get("/login")
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", None, next=next, error=None, username="")


@router.post("/login")
def login(request: Request, ws: Ws, username: Annotated[str, Form(max_length=200)],
          password: Annotated[str, Form(max_length=1024)], next: Annotated[str, Form(max_length=2000)] = "/"
          ) -> Response:
    staff = accounts(ws)
    try:
        user = staff.authenticate(username, password, client_address(request))
    except LoginThrottled as exc:
        return render(request, "login.html", None, status_code=429, next=next, error=f"Refused: {exc.reason}.",
                      username=username)
    if user is None:
        # The user name stays filled in: a mistyped password is the usual cause, not the name.
        return render(request, "login.html", None, status_code=401, next=next, error="Wrong user name or password.",
                      username=username)
    token, _ = staff.start_session(user, client_address(request))
    target = safe_back(next, "/")
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(request, response, token)
    return response


@router.post("/logout")
def logout(request: Request, ws: Ws, session: CurrentSession, csrf: Annotated[str, Form()]) -> Response:
    check_csrf(session, csrf)
    accounts(ws).end_session(request.cookies[SESSION_COOKIE])
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/")
def search_page(request: Request, ws: Ws, session: CurrentSession, q: str = "",
                class_code: Annotated[str, Query(alias="class", max_length=64)] = "",
                date_from: Annotated[str, Query(alias="from", max_length=10)] = "",
                date_to: Annotated[str, Query(alias="to", max_length=10)] = "",
                page: Annotated[int, Query(ge=1, le=MAX_PAGE_NUMBER)] = 1, sort: str = "relevance",
                station: Annotated[str, Query(max_length=200)] = "", review: bool = False) -> HTMLResponse:
    results, error, listing = None, None, False
    try:
        results, listing = _find(ws, session, q, class_code.upper(), _date(date_from), _date(date_to), page, sort,
                                 station, review)
    except QueryError as exc:
        error = exc.reason
    except ValueError:
        error = "dates are written YYYY-MM-DD"
    versions = _versions(ws, results.hits) if results and session.user.can(Role.technician) else {}
    return render(request, "search.html", session, q=q, class_code=class_code.upper(), date_from=date_from,
                  date_to=date_to, page=page, page_size=PAGE_SIZE, results=results, error=error, sort=sort,
                  station=station, review=review, listing=listing, classes=ws.file_plan.classes, versions=versions,
                  stations=[station for inbox in ws.settings.inbox if (station := inbox.station)
                            and station not in job_visibility(ws, session.user).hidden_stations],
                  can_hold=session.user.can(Role.records_manager))


def _find(ws: Workspace, session: Session, q: str, class_code: str, date_from: date | None, date_to: date | None,
          page: int, sort: str, station: str, review: bool) -> tuple[SearchResults | None, bool]:
    """Words are searched in the index; filters alone (a class, dates, a station, needs review) list the
    catalog. Returns the results (None before anything was asked) and whether they are a listing."""
    bounds, offset = ws.settings.search, (page - 1) * PAGE_SIZE
    parsed = parse_terms_and_filters(q, QueryLimits(bounds.max_query_chars, bounds.max_query_terms))
    if parsed.groups or parsed.excluded:
        if review:
            raise QueryError("'needs review' lists records without words: clear the words to list them")
        return views.search(ws, session.user, q, class_code, date_from, date_to, PAGE_SIZE, offset, sort=sort,
                            facets=True, station=station), False
    if not (q.strip() or class_code or date_from or date_to or station or review):
        return None, False
    if offset > bounds.max_offset:
        raise QueryError(f"results past the first {bounds.max_offset} are not shown")
    return list_records(ws, Listing(
        int(session.user.clearance), class_code or parsed.class_code, date_from or parsed.date_from,
        date_to or parsed.date_to, station or None, review), PAGE_SIZE, offset), True


def _versions(ws: Workspace, hits: list) -> dict[str, int]:
    """Each hit's current version, which a bulk change is made against (a record changed meanwhile is refused)."""
    if not hits:
        return {}
    marks = ", ".join("?" for _ in hits)
    return dict(ws.catalog.connection.execute(f"SELECT id, version FROM records WHERE id IN ({marks})",
                                              [hit.record_id for hit in hits]).fetchall())


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


@router.get("/review")
def review_page(request: Request, ws: Ws, session: CurrentSession,
                at: Annotated[int, Query(ge=0, le=MAX_PAGE_NUMBER)] = 0) -> HTMLResponse:
    if not session.user.can(Role.technician):
        raise HTTPException(403, "the review queue needs the technician role")
    records = [r for r in ws.catalog.review_queue(200) if r.access_level <= session.user.clearance]
    return render(request, "review.html", session, records=records, classes=ws.file_plan.classes, at=at,
                  done=views.done_message(request.query_params))


@router.get("/file-plan")
def file_plan_page(request: Request, ws: Ws, session: CurrentSession) -> HTMLResponse:
    return render(request, "file_plan.html", session, plan=ws.file_plan)


@router.get("/disposition")
def disposition_page(request: Request, ws: Ws, session: CurrentSession) -> HTMLResponse:
    _require_page(session, Role.records_manager, "disposition")
    return render(request, "disposition.html", session, batches=list(reversed(disposition.list_batches(ws))))


@router.post("/disposition/{batch_id}/{decision}")
def decide_disposition(batch_id: RowId, decision: str, ws: Ws, session: CurrentSession,
                       csrf: Annotated[str, Form()], reason: Annotated[str, Form(max_length=2000)] = "") -> Response:
    # A batch already decided, or no such batch, is answered by the app's error page (409 or 404).
    check_csrf(session, csrf)
    _require_page(session, Role.records_manager, "disposition")
    if decision == "approve":
        disposition.approve(ws, batch_id, session.user.username)
    elif decision == "reject":
        disposition.reject(ws, batch_id, session.user.username, reason)
    else:
        raise HTTPException(404, "no such decision")
    return RedirectResponse("/disposition", status_code=303)


def _require_page(session: Session, role: Role, what: str) -> None:
    if not session.user.can(role):
        raise HTTPException(403, f"{what} needs the {role.name.replace('_', ' ')} role")
