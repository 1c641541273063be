"""The record's pages: the record, its page viewer and images, its files, and the corrections made on it."""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from pipeline.catalog.accounts import Role, Session
from pipeline.errors import AccessDenied, InvalidChange, RecordOnHold, VersionConflict
from pipeline.lifecycle.corrections import Corrections
from pipeline.web import views
from pipeline.web.bounds import MAX_INT64, MAX_PAGE_NUMBER
from pipeline.web.page_cache import THUMBNAIL_WIDTH, WIDTHS, ZOOM_WIDTHS, has_page_images, page_png
from pipeline.web.problems import status_for
from pipeline.web.rendering import page, safe_back
from pipeline.web.security import audit_access, authority, check_csrf, page_session, visible_record, workspace
from pipeline.workspace import Workspace

router = APIRouter(include_in_schema=False)
Ws = Annotated[Workspace, Depends(workspace)]
CurrentSession = Annotated[Session, Depends(page_session)]
Version = Annotated[int, Form(ge=1, le=MAX_INT64)]
PageNumber = Annotated[int, Path(ge=1, le=MAX_PAGE_NUMBER)]
Csrf = Annotated[str, Form(max_length=200)]
Back = Annotated[str, Form(max_length=2000)]


@router.get("/records/{record_id}")
def record_page(request: Request, record_id: str, ws: Ws, session: CurrentSession) -> HTMLResponse:
    record = visible_record(ws, session.user, record_id)
    detail = views.record_detail(ws, record, session.user)
    changes, readings = views.split_history(detail["history"])
    return page(request, "record.html", session, record=detail, changes=changes, readings=readings,
                classes=ws.file_plan.classes, can_correct=session.user.can(Role.technician),
                images=has_page_images(record), done=views.done_message(request.query_params))


@router.get("/records/{record_id}/view")
def page_viewer(request: Request, record_id: str, ws: Ws, session: CurrentSession,
                number: Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE_NUMBER)] = 1,
                width: Annotated[int, Query(ge=1, le=10_000)] = ZOOM_WIDTHS[1]) -> HTMLResponse:
    record = visible_record(ws, session.user, record_id, details={"page": number})
    if number > max(record.page_count, 1):
        raise HTTPException(404, f"record {record_id} has {record.page_count} page(s)")
    width = min(ZOOM_WIDTHS, key=lambda w: abs(w - width))
    pages = {p["number"]: p for p in ws.catalog.get_pages(record_id)}
    return page(request, "viewer.html", session, record=record, number=number, width=width,
                zoom=ZOOM_WIDTHS, images=has_page_images(record), text=pages.get(number, {}).get("text", ""))


@router.get("/records/{record_id}/pages/{number}.png")
def page_image(record_id: str, number: PageNumber, ws: Ws, session: CurrentSession,
               width: Annotated[int, Query(ge=1, le=10_000)] = THUMBNAIL_WIDTH) -> Response:
    # Audited only once the page is known to exist: a miss shows nothing, so nothing was viewed.
    record = visible_record(ws, session.user, record_id, purpose=None)
    if width not in WIDTHS:
        raise HTTPException(422, f"width must be one of {', '.join(map(str, WIDTHS))}")
    rotation = next((p["rotation"] for p in ws.catalog.get_pages(record_id) if p["number"] == number), 0)
    image = page_png(ws.settings, record, number, width, rotation)
    if image is None:
        raise HTTPException(404, "no such page image")
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
               code: Annotated[str, Form(max_length=64)], version: Version, csrf: Csrf,
               reason: Annotated[str, Form(max_length=2000)] = "", back: Back = "") -> Response:
    # Class codes are capitals in the file plan; the API takes them in any case, so the form does too.
    code = code.strip().upper()
    return _correct(request, ws, session, csrf, record_id, back, "reclassified",
                    lambda c: c.reclassify(record_id, code, session.user.username, reason, version))


@router.post("/records/{record_id}/accept")
def accept(request: Request, record_id: str, ws: Ws, session: CurrentSession, version: Version, csrf: Csrf,
           back: Back = "") -> Response:
    return _correct(request, ws, session, csrf, record_id, back, "accepted",
                    lambda c: c.accept(record_id, session.user.username, version))


@router.post("/records/{record_id}/title")
def retitle(request: Request, record_id: str, ws: Ws, session: CurrentSession, version: Version, csrf: Csrf,
            title: Annotated[str, Form(min_length=1, max_length=200)],
            reason: Annotated[str, Form(max_length=2000)] = "") -> Response:
    return _correct(request, ws, session, csrf, record_id, "", "retitled",
                    lambda c: c.edit(record_id, {"title": title}, session.user.username, reason, version))


@router.post("/records/{record_id}/review-again")
def review_again(request: Request, record_id: str, ws: Ws, session: CurrentSession, version: Version, csrf: Csrf,
                 back: Back = "") -> Response:
    """Undo of an accept or a reclassification made a moment ago: the record waits for review again."""
    return _correct(request, ws, session, csrf, record_id, back, "returned",
                    lambda c: c.return_to_review(record_id, session.user.username, version))


def _correct(request: Request, ws: Workspace, session: Session, csrf: str, record_id: str, back: str, done: str,
             action) -> Response:
    check_csrf(session, csrf)
    if not session.user.can(Role.technician):
        raise HTTPException(403, "corrections need the technician role")
    visible_record(ws, session.user, record_id, purpose=None)
    try:
        changed = action(Corrections(ws, authority(session.user)))
    except (VersionConflict, RecordOnHold, InvalidChange, AccessDenied) as exc:
        return page(request, "problem.html", session, status_code=status_for(exc), problem=str(exc),
                    back=f"/records/{quote(record_id)}")
    target = safe_back(back, f"/records/{quote(record_id)}")
    # What was done, so the next page can say so and offer to undo it (by name, never as free text).
    separator = "&" if "?" in target else "?"
    return RedirectResponse(f"{target}{separator}done={done}&record={quote(record_id)}&version={changed.version}",
                            status_code=303)
