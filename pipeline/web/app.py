"""The web application: pages, API, static files, and how errors look to a person."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from pipeline import __version__
from pipeline.settings import Settings
from pipeline.web import api, pages
from pipeline.web.security import SESSION_COOKIE, LoginRequired


def create_app(settings: Settings) -> FastAPI:
    # The OpenAPI document is served; the interactive docs page is not (it loads scripts from a CDN).
    app = FastAPI(title="Recordkeeper", version=__version__, docs_url=None,
                  openapi_url="/api/v1/openapi.json", redoc_url=None,
                  description="Search records, correct their classification and follow intake.")
    app.state.settings = settings
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.exception_handler(LoginRequired)
    def _login(request: Request, _exc: LoginRequired) -> Response:
        response = RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    @app.exception_handler(HTTPException)
    def _problem(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        page = pages.templates.get_template("problem.html").render(
            request=request, session=None, problem=str(exc.detail), back="/")
        return HTMLResponse(page, status_code=exc.status_code)

    @app.middleware("http")
    async def _security_headers(request: Request, call_next):
        response = await call_next(request)
        # Extracted text is untrusted: no inline scripts, no framing, no MIME sniffing.
        response.headers.setdefault("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                                    "style-src 'self'; script-src 'self'; frame-ancestors 'none'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    return app
