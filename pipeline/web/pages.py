"""The staff web pages: search, record, review queue, intake status, file plan, login."""

from __future__ import annotations

from datetime import date
from pathlib import Path as FilePath
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from pipeline.catalog.accounts import Role, Session
from pipeline.errors import AccessDenied, InvalidChange, LoginThrottled, QueryError, RecordOnHold, VersionConflict
from pipeline.intake.jobs import JobQueue, spool_path_for
from pipeline.intake.quarantine import take_back
from pipeline.lifecycle import disposition
from pipeline.lifecycle.corrections import Corrections
from pipeline.web import views
from pipeline.web.bounds import MAX_INT64, MAX_PAGE_NUMBER
from pipeline.web.problems import status_for
from pipeline.web.security import (
    SESSION_COOKIE,
    accounts,
    audit_access,
    authority,
    check_csrf,
    client_address,
    job_visibility,
    page_session,
    set_session_cookie,
    visible_record,
    workspace,
)
from pipeline.workspace import Workspace

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(FilePath(__file__).parent / "templates"))
templates.env.globals["highlighted"] = views.highlighted
Ws = Annotated[Workspace, Depends(workspace)]
CurrentSession = Annotated[Session, Depends(page_session)]
PAGE_SIZE = 10
RowId = Annotated[int, Path(ge=1, le=MAX_INT64)]
Version = Annotated[int, Form(ge=1, le=MAX_INT64)]


def _page(request: Request, name: str, session: Session | None, status_code: int = 200, **context) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {"session": session, **context}, status_code=status_code)


@router.get("/login")
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return _page(request, "login.html", None, next=next, error=None)


@router.post("/login")
def login(request: Request, ws: Ws, username: Annotated[str, Form(max_length=200)],
          password: Annotated[str, Form(max_length=1024)], next: Annotated[str, Form(max_length=2000)] = "/"
          ) -> Response:
    staff = accounts(ws)
    try:
        user = staff.authenticate(username, password, client_address(request))
    except LoginThrottled as exc:
        return _page(request, "login.html", None, status_code=429, next=next, error=f"Refused: {exc.reason}.")
    if user is None:
        return _page(request, "login.html", None, status_code=401, next=next, error="Wrong user name or password.")
    token, _ = staff.start_session(user, client_address(request))
    target = next if next.startswith("/") and not next.startswith("//") else "/"
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
                class_code: Annotated[str, Query(alias="class")] = "",
                date_from: Annotated[str, Query(alias="from")] = "", date_to: Annotated[str, Query(alias="to")] = "",
                page: Annotated[int, Query(ge=1, le=MAX_PAGE_NUMBER)] = 1, sort: str = "relevance",
                station: str = "") -> HTMLResponse:
    results, error = None, None
    if q.strip():
        try:
            results = views.search(ws, session.user, q, class_code, _date(date_from), _date(date_to), PAGE_SIZE,
                                   (page - 1) * PAGE_SIZE, sort=sort, facets=True, station=station)
        except QueryError as exc:
            error = exc.reason
        except ValueError:
            error = "dates are written YYYY-MM-DD"
    return _page(request, "search.html", session, q=q, class_code=class_code, date_from=date_from,
                 date_to=date_to, page=page, page_size=PAGE_SIZE, results=results, error=error, sort=sort,
                 station=station, classes=ws.file_plan.classes)


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


@router.get("/records/{record_id}")
def record_page(request: Request, record_id: str, ws: Ws, session: CurrentSession) -> HTMLResponse:
    record = visible_record(ws, session.user, record_id)
    return _page(request, "record.html", session, record=views.record_detail(ws, record, session.user),
                 classes=ws.file_plan.classes, can_correct=session.user.can(Role.technician))


@router.get("/records/{record_id}/pages/{number}.png")
def page_image(record_id: str, number: Annotated[int, Path(ge=1, le=MAX_PAGE_NUMBER)], ws: Ws,
               session: CurrentSession) -> Response:
    # Audited only once the page is known to exist: a miss shows nothing, so nothing was viewed.
    record = visible_record(ws, session.user, record_id, purpose=None)
    rotation = next((p["rotation"] for p in ws.catalog.get_pages(record_id) if p["number"] == number), 0)
    image = views.page_thumbnail(record, number, rotation)
    if image is None:
        raise HTTPException(404, "no such page")
    if record.access_level >= 2:
        audit_access(ws, session.user, record, "page image viewed", {"page": number})
    return Response(image, media_type="image/png")


@router.get("/records/{record_id}/original")
def original(record_id: str, ws: Ws, session: CurrentSession) -> FileResponse:
    # Every download is audited, whatever the level, and says which file left the archive.
    record = visible_record(ws, session.user, record_id, purpose=None)
    audit_access(ws, session.user, record, "downloaded", {"file": "original"})
    return FileResponse(record.archive_path, media_type=record.media_type, filename=record.original_name)


@router.get("/records/{record_id}/searchable.pdf")
def searchable(record_id: str, ws: Ws, session: CurrentSession) -> FileResponse:
    record = visible_record(ws, session.user, record_id, purpose=None)
    if not record.searchable_pdf:
        raise HTTPException(404, "this record has no searchable PDF")
    audit_access(ws, session.user, record, "downloaded", {"file": "searchable PDF"})
    return FileResponse(record.searchable_pdf, media_type="application/pdf",
                        filename=FilePath(record.original_name).stem + " (searchable).pdf")


@router.post("/records/{record_id}/reclassify")
def reclassify(request: Request, record_id: str, ws: Ws, session: CurrentSession,
               code: Annotated[str, Form(max_length=64)], version: Version, csrf: Annotated[str, Form()],
               reason: Annotated[str, Form(max_length=2000)] = "", back: Annotated[str, Form()] = "") -> Response:
    return _correct(request, ws, session, csrf, record_id, back,
                    lambda c: c.reclassify(record_id, code, session.user.username, reason, version))


@router.post("/records/{record_id}/accept")
def accept(request: Request, record_id: str, ws: Ws, session: CurrentSession, version: Version,
           csrf: Annotated[str, Form()], back: Annotated[str, Form()] = "") -> Response:
    return _correct(request, ws, session, csrf, record_id, back,
                    lambda c: c.accept(record_id, session.user.username, version))


def _correct(request: Request, ws: Workspace, session: Session, csrf: str, record_id: str, back: str,
             action) -> Response:
    check_csrf(session, csrf)
    if not session.user.can(Role.technician):
        raise HTTPException(403, "corrections need the technician role")
    visible_record(ws, session.user, record_id)
    try:
        action(Corrections(ws, authority(session.user)))
    except (VersionConflict, RecordOnHold, InvalidChange, AccessDenied) as exc:
        return _page(request, "problem.html", session, status_code=status_for(exc), problem=str(exc),
                     back=f"/records/{quote(record_id)}")
    target = back if back.startswith("/") and not back.startswith("//") else f"/records/{quote(record_id)}"
    return RedirectResponse(target, status_code=303)


@router.get("/review")
def review_page(request: Request, ws: Ws, session: CurrentSession) -> HTMLResponse:
    if not session.user.can(Role.technician):
        raise HTTPException(403, "the review queue needs the technician role")
    records = [r for r in ws.catalog.review_queue(200) if r.access_level <= session.user.clearance]
    return _page(request, "review.html", session, records=records, classes=ws.file_plan.classes)


@router.get("/intake")
def intake_page(request: Request, ws: Ws, session: CurrentSession) -> HTMLResponse:
    if not session.user.can(Role.technician):
        raise HTTPException(403, "intake status needs the technician role")
    queue, visible = JobQueue(ws.catalog), job_visibility(ws, session.user)
    return _page(request, "intake.html", session, status=queue.status(visible),
                 failed=queue.in_state("failed", visible=visible))


@router.post("/intake/retry/{job_id}")
def retry(job_id: RowId, ws: Ws, session: CurrentSession, csrf: Annotated[str, Form()]) -> Response:
    check_csrf(session, csrf)
    if not session.user.can(Role.technician):
        raise HTTPException(403, "retrying needs the technician role")
    queue = JobQueue(ws.catalog)
    try:
        job = queue.get(job_id, job_visibility(ws, session.user))
    except KeyError:
        job = None
    if job is None or job.state != "failed":
        raise HTTPException(404, f"no quarantined file for job {job_id}")
    spool = FilePath(job.spool_path) if job.spool_path else spool_path_for(ws.settings.spool_dir, job.id, job.name)
    take_back(ws.settings.quarantine_dir, job.id, spool)
    queue.retry(job.id, spool, actor=session.user.username)
    return RedirectResponse("/intake", status_code=303)


@router.get("/file-plan")
def file_plan_page(request: Request, ws: Ws, session: CurrentSession) -> HTMLResponse:
    return _page(request, "file_plan.html", session, plan=ws.file_plan)


@router.get("/disposition")
def disposition_page(request: Request, ws: Ws, session: CurrentSession) -> HTMLResponse:
    _require_page(session, Role.records_manager, "disposition")
    return _page(request, "disposition.html", session, batches=list(reversed(disposition.list_batches(ws))))


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
