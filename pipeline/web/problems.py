"""How errors look: one shape for the whole API (RFC 9457 problem details, `application/problem+json`) and
pages in the site's own layout, with its navigation, for people in a browser.

Project errors are mapped to HTTP statuses by type (never by message text); FastAPI's validation errors,
Starlette's 404/405 and unexpected exceptions get the same two faces.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from pipeline.errors import (
    AccessDenied,
    DispositionError,
    IndexUnavailable,
    InvalidChange,
    LoginThrottled,
    QueryError,
    RecordkeeperError,
    RecordNotFound,
    RecordOnHold,
    VersionConflict,
)

log = logging.getLogger(__name__)
PROBLEM_MEDIA_TYPE = "application/problem+json"
# The first matching type wins, so subclasses come before their parents.
_STATUS_BY_ERROR: list[tuple[type[RecordkeeperError], int]] = [
    (VersionConflict, 409), (RecordOnHold, 423), (AccessDenied, 403), (LoginThrottled, 429),
    (RecordNotFound, 404), (DispositionError, 409), (QueryError, 422), (InvalidChange, 422),
    (IndexUnavailable, 503),
]


class Problem(BaseModel):
    """RFC 9457 problem details, as every API error is answered."""

    type: str = Field("about:blank", description="Always about:blank: the status and code say what happened")
    title: str = Field(description="The HTTP status phrase, e.g. 'Not Found'")
    status: int
    detail: str = Field(description="What went wrong, in words a person can act on")
    code: str | None = Field(None, description="Recordkeeper's stable error code (RK0xx), when there is one")
    errors: list[dict[str, Any]] | None = Field(None, description="Each invalid input: where and why")


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "description": description, "content": {PROBLEM_MEDIA_TYPE: {}}}
    for status, description in [
        (401, "No or bad credentials"), (403, "Role or clearance too low, or a cookie request without CSRF token"),
        (404, "No such record (or not within your clearance)"), (409, "The record changed since `version`"),
        (413, "The upload is too large"), (422, "Invalid input, with the reason"), (423, "Under legal hold"),
        (429, "Too many attempts")]
}


def status_for(error: RecordkeeperError) -> int:
    return next((status for kind, status in _STATUS_BY_ERROR if isinstance(error, kind)), 500)


def problem(status: int, detail: str, code: str | None = None, errors: list[dict[str, Any]] | None = None,
            headers: dict[str, str] | None = None) -> JSONResponse:
    body = Problem(title=HTTPStatus(status).phrase, status=status, detail=detail, code=code, errors=errors)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, headers=headers,
                        media_type=PROBLEM_MEDIA_TYPE)


def install(app: FastAPI, render_page: Callable[[Request, int, str], HTMLResponse]) -> None:
    """Register the handlers; `render_page(request, status, text)` draws an error page in the site's layout."""

    def answer(request: Request, status: int, detail: str, code: str | None = None,
               errors: list[dict[str, Any]] | None = None, headers: dict[str, str] | None = None) -> Response:
        if request.url.path.startswith("/api/"):
            return problem(status, detail, code, errors, headers)
        page = render_page(request, status, detail)
        if headers:
            page.headers.update(headers)
        return page

    @app.exception_handler(StarletteHTTPException)
    def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc, HTTPException) or exc.status_code != 404 else "no such page"
        return answer(request, exc.status_code, str(detail), headers=exc.headers)

    @app.exception_handler(RecordkeeperError)
    def _project(request: Request, exc: RecordkeeperError) -> Response:
        return answer(request, status_for(exc), exc.reason, exc.code)

    @app.exception_handler(RequestValidationError)
    def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"where": ".".join(str(part) for part in error["loc"]), "reason": error["msg"]}
                  for error in exc.errors()]
        detail = "; ".join(f"{error['where']}: {error['reason']}" for error in errors)
        return answer(request, 422, detail, errors=errors)

    @app.exception_handler(Exception)
    def _unexpected(request: Request, exc: Exception) -> Response:
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return answer(request, 500, "something went wrong on the server; the error is in the server's log")
