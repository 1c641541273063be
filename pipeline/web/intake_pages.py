"""Intake in the browser: what is waiting in the inboxes, the queue, the quarantine (open, download,
retry, discard) and uploads. A retry and a discard are each confirmed on a page of their own first."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from pipeline.catalog.accounts import Role, Session
from pipeline.errors import is_retryable
from pipeline.intake.inbox import inbox_files
from pipeline.intake.jobs import Job, JobQueue, spool_path_for
from pipeline.intake.quarantine import quarantined_file, read_reason, remove_quarantined, take_back
from pipeline.settings import InboxSettings
from pipeline.web.bounds import MAX_INT64
from pipeline.web.rendering import page
from pipeline.web.security import check_csrf, job_visibility, page_session, workspace
from pipeline.web.uploads import receive_upload
from pipeline.workspace import Workspace

router = APIRouter(include_in_schema=False)
Ws = Annotated[Workspace, Depends(workspace)]
CurrentSession = Annotated[Session, Depends(page_session)]
JobId = Annotated[int, Path(ge=1, le=MAX_INT64)]
Csrf = Annotated[str, Form(max_length=200)]
# The page lists this many waiting files at most; the count above the list says how many there are.
MAX_WAITING_SHOWN = 200
_NOTICES = {"uploaded": "Uploaded: the file is in the inbox and is filed within moments (listed below until then).",
            "retried": "Retrying: the file is back in the queue.", "discarded": "The quarantined file was discarded."}


def _technician(session: Session, what: str) -> None:
    if not session.user.can(Role.technician):
        raise HTTPException(403, f"{what} needs the technician role")


@router.get("/intake")
def intake_page(request: Request, ws: Ws, session: CurrentSession) -> HTMLResponse:
    _technician(session, "intake status")
    queue, visible = JobQueue(ws.catalog), job_visibility(ws, session.user)
    failed = [(job, is_retryable(job.error_code)) for job in queue.in_state("failed", visible=visible)]
    waiting, waiting_total = _waiting_files(ws, visible.hidden_stations)
    in_progress = queue.in_state("received", "queued", "processing", visible=visible)
    return page(request, "intake.html", session, status=queue.status(visible), failed=failed, waiting=waiting,
                waiting_total=waiting_total, queued=in_progress, can_discard=session.user.can(Role.records_manager),
                notice=_NOTICES.get(request.query_params.get("done", "")),
                upload_station=ws.settings.inbox[0].station if ws.settings.inbox else None)


def _waiting_files(ws: Workspace, hidden_stations: tuple[str, ...]) -> tuple[list[dict], int]:
    """Files in the inboxes not yet taken into the spool, from inboxes this person may see."""
    waiting, total = [], 0
    for inbox in ws.settings.inbox:
        if inbox.station in hidden_stations or not inbox.path.is_dir():
            continue
        for path in inbox_files(inbox):
            total += 1
            if len(waiting) < MAX_WAITING_SHOWN:
                try:
                    stat = path.stat()
                except FileNotFoundError:
                    continue  # taken by the watch service a moment ago
                waiting.append({"name": path.name, "station": inbox.station, "bytes": stat.st_size,
                                "since": datetime.fromtimestamp(stat.st_mtime, UTC).isoformat(timespec="seconds")})
    return waiting, total


def _failed_job(ws: Workspace, session: Session, job_id: int) -> Job:
    try:
        job = JobQueue(ws.catalog).get(job_id, job_visibility(ws, session.user))
    except KeyError:
        job = None
    if job is None or job.state != "failed":
        raise HTTPException(404, f"no quarantined file for job {job_id}")
    return job


@router.get("/intake/quarantine/{job_id}")
def quarantine_entry(request: Request, job_id: JobId, ws: Ws, session: CurrentSession) -> HTMLResponse:
    _technician(session, "the quarantine")
    job = _failed_job(ws, session, job_id)
    kept = quarantined_file(ws.settings.quarantine_dir, job.id)
    return page(request, "quarantine.html", session, job=job, reason=read_reason(ws.settings.quarantine_dir, job.id),
                size=kept.stat().st_size if kept else None, retryable=is_retryable(job.error_code),
                can_discard=session.user.can(Role.records_manager))


@router.get("/intake/quarantine/{job_id}/file")
def quarantined_download(job_id: JobId, ws: Ws, session: CurrentSession) -> FileResponse:
    _technician(session, "the quarantine")
    job = _failed_job(ws, session, job_id)
    kept = quarantined_file(ws.settings.quarantine_dir, job.id)
    if kept is None:
        raise HTTPException(404, f"the file of job {job_id} is no longer in quarantine")
    with ws.catalog.transaction():
        ws.catalog.audit("quarantined file downloaded", None, {"job": job.id, "file": kept.name},
                         actor=session.user.username)
    # Always a download, never shown inline: the file failed intake and may be anything.
    return FileResponse(kept, media_type="application/octet-stream", filename=kept.name,
                        content_disposition_type="attachment")


@router.get("/intake/retry/{job_id}")
def confirm_retry(request: Request, job_id: JobId, ws: Ws, session: CurrentSession) -> HTMLResponse:
    _technician(session, "retrying")
    job = _failed_job(ws, session, job_id)
    return page(request, "confirm.html", session, heading=f"Retry {job.name}?", action=f"/intake/retry/{job.id}",
                button="Retry", detail=f"The file goes back into the queue for another attempt. "
                                       f"It failed with: {job.error_reason}", cancel=f"/intake/quarantine/{job.id}")


@router.post("/intake/retry/{job_id}")
def retry(job_id: JobId, ws: Ws, session: CurrentSession, csrf: Csrf) -> Response:
    check_csrf(session, csrf)
    _technician(session, "retrying")
    job = _failed_job(ws, session, job_id)
    if not is_retryable(job.error_code):
        raise HTTPException(409, f"{job.name} failed for a reason another attempt cannot change ({job.error_reason}); "
                                 "discard it, or fix the file and drop the good copy into the inbox")
    spool = FilePath(job.spool_path) if job.spool_path else spool_path_for(ws.settings.spool_dir, job.id, job.name)
    try:
        take_back(ws.settings.quarantine_dir, job.id, spool)
    except FileNotFoundError:
        raise HTTPException(409, f"{job.name} is no longer in quarantine: someone discarded or retried it "
                                 "meanwhile") from None
    JobQueue(ws.catalog).retry(job.id, spool, actor=session.user.username)
    return RedirectResponse("/intake?done=retried", status_code=303)


@router.get("/intake/quarantine/{job_id}/discard")
def confirm_discard(request: Request, job_id: JobId, ws: Ws, session: CurrentSession) -> HTMLResponse:
    _discard_role(session)
    job = _failed_job(ws, session, job_id)
    return page(request, "confirm.html", session, heading=f"Discard {job.name}?",
                action=f"/intake/quarantine/{job.id}/discard", button="Discard for good", reason_field=True,
                detail="The quarantined file is deleted; the audit trail keeps that you discarded it and why.",
                cancel=f"/intake/quarantine/{job.id}")


@router.post("/intake/quarantine/{job_id}/discard")
def discard(job_id: JobId, ws: Ws, session: CurrentSession, csrf: Csrf,
            reason: Annotated[str, Form(min_length=1, max_length=2000)]) -> Response:
    check_csrf(session, csrf)
    _discard_role(session)
    job = _failed_job(ws, session, job_id)
    if not JobQueue(ws.catalog).discard_failed(job.id, actor=session.user.username, reason=reason):
        raise HTTPException(409, f"{job.name} is no longer in quarantine: someone retried it meanwhile")
    remove_quarantined(ws.settings.quarantine_dir, job.id)
    return RedirectResponse("/intake?done=discarded", status_code=303)


def _discard_role(session: Session) -> None:
    # Deleting a file that never became a record is a records decision, as disposal is.
    if not session.user.can(Role.records_manager):
        raise HTTPException(403, "discarding a quarantined file needs the records manager role")


def _upload_inbox(ws: Workspace) -> InboxSettings:
    if not ws.settings.inbox:
        raise HTTPException(503, "no inbox is configured to receive uploads")
    return ws.settings.inbox[0]


@router.post("/intake/upload")
async def upload(request: Request, ws: Ws, session: CurrentSession) -> Response:
    # No body parameter: the body is streamed only after the session, role and (first field) CSRF token pass.
    _technician(session, "uploading")
    inbox = _upload_inbox(ws)
    received = await receive_upload(request, inbox.path, int(ws.settings.limits.max_file_mb * 1_048_576),
                                    check_fields=lambda fields: check_csrf(session, fields.get("csrf")))
    with ws.catalog.transaction():
        ws.catalog.audit("uploaded", None, {"file": received.name, "bytes": received.size, "station": inbox.station},
                         actor=session.user.username)
    return RedirectResponse("/intake?done=uploaded", status_code=303)
