"""Attacks on the upload (review item 5): names the file system or the inbox cannot take, bodies over the
limit, and bodies sent to a server that should have refused them at the headers. The last ones run
against a real `recordkeeper serve` over a raw socket, as an attacker would send them."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from pipeline.catalog.accounts import Accounts
from pipeline.settings import LimitSettings
from pipeline.web.app import create_app
from pipeline.workspace import Workspace
from tests.security.conftest import api
from tests.web.live import free_port

pytestmark = pytest.mark.security
MIB = 1_048_576


def inbox_names(office) -> list[str]:
    inbox = office[0].inbox[0].path
    return sorted(path.name for path in inbox.iterdir()) if inbox.exists() else []


def test_a_long_non_ascii_name_is_shortened_not_a_500(app, office, tokens):
    name = "é" * 200 + ".pdf"
    response = api(app, tokens["tess"]).post("/api/v1/upload", files={"file": (name, b"%PDF-1.4 long name")})
    assert response.status_code == 202
    stored = response.json()["file"]
    assert stored.endswith(".pdf") and len(stored.encode()) <= 200 and stored in inbox_names(office)
    assert not [n for n in inbox_names(office) if n.startswith(".upload-")]


@pytest.mark.parametrize("name", ["x.part", "report.tmp", "~$lock.docx"])
def test_names_the_inbox_would_ignore_are_refused(app, office, tokens, name):
    before = inbox_names(office)
    response = api(app, tokens["tess"]).post("/api/v1/upload", files={"file": (name, b"%PDF-1.4")})
    assert response.status_code == 422 and "rename it" in response.json()["detail"]
    assert inbox_names(office) == before


def test_a_body_over_the_limit_is_refused_as_it_streams_and_leaves_nothing(office, tokens):
    small = create_app(office[0].model_copy(update={"limits": LimitSettings(max_file_mb=1)}))
    before = inbox_names(office)

    def body():  # sent chunked, without Content-Length: only counting the bytes can catch it
        yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\n\r\n"
        for _ in range(3):
            yield b"x" * MIB
        yield b"\r\n--b--\r\n"

    response = api(small, tokens["tess"]).post("/api/v1/upload", content=body(),
                                               headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert response.status_code == 413 and "1 MB limit" in response.json()["detail"]
    assert inbox_names(office) == before


@pytest.fixture(scope="module")
def server(office):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "--home", str(office[0].home), "serve", "--port",
                                str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield port
    process.terminate()
    process.wait(timeout=10)


def first_answer(port: int, headers: dict[str, str], body_sent: int) -> str:
    """Send the request line, headers and only `body_sent` bytes of the declared body; return the status line.
    A server that waited for the whole body would never answer (the socket timeout ends the test)."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as connection:
        head = "POST /api/v1/upload HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "".join(
            f"{key}: {value}\r\n" for key, value in headers.items()) + "\r\n"
        connection.sendall(head.encode() + b"x" * body_sent)
        return connection.recv(4096).decode("latin-1").split("\r\n")[0]


def test_no_body_is_read_before_credentials_and_size_are_checked(office, server):
    with Workspace.open(office[0]) as workspace:
        accounts = Accounts(workspace.catalog)
        technician, viewer = (accounts.new_api_token(name, actor="test") for name in ("tess", "vic"))
    declared = {"Content-Type": "multipart/form-data; boundary=b", "Content-Length": str(40 * MIB)}
    assert first_answer(server, declared, 64 * 1024).split()[1] == "401"
    assert first_answer(server, {**declared, "Authorization": f"Bearer {viewer}"}, 64 * 1024).split()[1] == "403"
    oversized = {**declared, "Content-Length": str(400 * MIB), "Authorization": f"Bearer {technician}"}
    assert first_answer(server, oversized, 64 * 1024).split()[1] == "413"
