"""The web application: pages, API, static files, and how errors look to a person."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from pipeline import __version__
from pipeline.settings import Settings
from pipeline.web import api, bulk, intake_pages, pages, problems, record_pages
from pipeline.web.security import SESSION_COOKIE, LoginRequired, session_for_error_page


def create_app(settings: Settings) -> FastAPI:
    # The OpenAPI document is served; the interactive docs page is not (it loads scripts from a CDN).
    app = FastAPI(title="Recordkeeper", version=__version__, docs_url=None,
                  openapi_url="/api/v1/openapi.json", redoc_url=None,
                  description="Search records, correct their classification and follow intake. Errors are "
                              "RFC 9457 problem details (application/problem+json).")
    app.state.settings = settings
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(bulk.router)  # before the record pages: /records/bulk is not a record
    app.include_router(record_pages.router)
    app.include_router(intake_pages.router)
    problems.install(app, _error_page)

    @app.exception_handler(LoginRequired)
    def _login(request: Request, _exc: LoginRequired) -> Response:
        response = RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        if SESSION_COOKIE in request.cookies:  # an expired or ended session: forget it (no cookie, nothing to do)
            response.delete_cookie(SESSION_COOKIE)
        return response

    @app.middleware("http")
    async def _security_headers(request: Request, call_next):
        response = await call_next(request)
        # Extracted text is untrusted: no inline scripts, no framing, no MIME sniffing.
        response.headers.setdefault("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                                    "style-src 'self'; script-src 'self'; frame-ancestors 'none'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if not request.url.path.startswith("/static/"):
            # Record text, page images and API answers must not outlive the session in a browser's or a
            # proxy's cache (Back after Log out would show them).
            response.headers["Cache-Control"] = "no-store"
        return response

    return app


def _error_page(request: Request, status: int, problem: str) -> HTMLResponse:
    session = session_for_error_page(request)
    page = pages.templates.get_template("problem.html").render(
        request=request, session=session, status=status, title=HTTPStatus(status).phrase, problem=problem,
        back="/" if session else "/login")
    return HTMLResponse(page, status_code=status)
