"""Receiving an upload as a stream: the multipart body is parsed as it arrives and written straight to a
hidden file in the inbox, the size checked at every chunk. Nothing is read before the route has checked
who is asking (the route declares no body parameter, so FastAPI leaves the body alone), a declared
Content-Length over the limit is refused before the first byte, and whatever goes wrong, no partial file is
left behind.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from fastapi import HTTPException, Request
from python_multipart.multipart import MultipartParser, parse_options_header

from pipeline.intake.inbox import is_temporary
from pipeline.intake.quarantine import safe_file_name

FIELD = "file"
# Room for the multipart envelope (boundaries, part headers) around the file itself.
_ENVELOPE_BYTES = 64 * 1024
# Form fields before the file (the page's CSRF token) are small; anything longer is not one of ours.
_MAX_FIELD_BYTES, _MAX_FIELDS = 1024, 20


@dataclass
class ReceivedFile:
    name: str  # the name it was given in the inbox
    size: int


@dataclass
class _Sink:
    """Parser callbacks: collects each part's headers and writes the `file` part to a hidden file."""

    folder: Path
    max_bytes: int
    headers: dict[bytes, bytes] = field(default_factory=dict)
    header_field: bytes = b""
    header_value: bytes = b""
    name: str | None = None
    partial: Path | None = None
    out: BinaryIO | None = None
    size: int = 0
    done: bool = False
    # Called with the fields sent before the file, before a byte of the file is written (a page's CSRF check).
    check_fields: Callable[[dict[str, str]], None] | None = None
    fields: dict[str, str] = field(default_factory=dict)
    field_name: str | None = None

    def callbacks(self) -> dict:
        return {"on_part_begin": self.headers.clear, "on_header_field": self._field, "on_header_value": self._value,
                "on_header_end": self._header_end, "on_headers_finished": self._start, "on_part_data": self._data,
                "on_part_end": self._end}

    def _field(self, data: bytes, start: int, end: int) -> None:
        self.header_field += data[start:end]

    def _value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def _header_end(self) -> None:
        self.headers[self.header_field.lower()] = self.header_value
        self.header_field = self.header_value = b""

    def _start(self) -> None:
        _, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        self.field_name = None
        if options.get(b"name") != FIELD.encode() or self.partial is not None:
            if self.partial is None and b"filename" not in options:
                if len(self.fields) >= _MAX_FIELDS:
                    raise HTTPException(422, "too many form fields before the file")
                self.field_name = options.get(b"name", b"").decode("utf-8", errors="replace")
                self.fields[self.field_name] = ""
            return  # another field, or a second file: skipped
        if self.check_fields is not None:
            self.check_fields(self.fields)
        given = options.get(b"filename", b"upload").decode("utf-8", errors="replace")
        self.name = safe_file_name(given)
        if is_temporary(Path(self.name)):
            raise HTTPException(422, f"'{self.name}' is named like a temporary or lock file, which the inbox "
                                     "ignores; rename it (no leading '.', '~' or '~$', no .tmp or .part ending)")
        # A hidden temporary name first: the inbox ignores dot-files until the rename makes it whole.
        self.partial = self.folder / f".upload-{secrets.token_hex(8)}"
        self.out = self.partial.open("wb")

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self.field_name is not None:
            value = self.fields[self.field_name] + data[start:end].decode("utf-8", errors="replace")
            if len(value) > _MAX_FIELD_BYTES:
                raise HTTPException(422, f"the form field '{self.field_name[:40]}' is too long")
            self.fields[self.field_name] = value
            return
        if self.out is None or self.done:
            return
        self.size += end - start
        if self.size > self.max_bytes:
            raise HTTPException(413, f"the file is over the {self.max_bytes / 1_048_576:g} MB limit")
        self.out.write(data[start:end])

    def _end(self) -> None:
        if self.out is not None and not self.done:
            self.out.close()
            self.done = True

    def discard(self) -> None:
        if self.out is not None:
            self.out.close()
        if self.partial is not None:
            self.partial.unlink(missing_ok=True)


async def receive_upload(request: Request, inbox: Path, max_bytes: int,
                         check_fields: Callable[[dict[str, str]], None] | None = None) -> ReceivedFile:
    """Stream the request's multipart `file` field into `inbox` under a free name; 413/415/422 otherwise.
    `check_fields` sees the fields sent before the file and may refuse it (raise) before anything is written."""
    media_type, options = parse_options_header(request.headers.get("content-type", ""))
    if media_type != b"multipart/form-data" or not options.get(b"boundary"):
        raise HTTPException(415, "send the document as multipart/form-data with a field named 'file'")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes + _ENVELOPE_BYTES:
        raise HTTPException(413, f"the file is over the {max_bytes / 1_048_576:g} MB limit")
    inbox.mkdir(parents=True, exist_ok=True)
    sink = _Sink(inbox, max_bytes, check_fields=check_fields)
    parser = MultipartParser(options[b"boundary"], sink.callbacks(), max_size=max_bytes + _ENVELOPE_BYTES)
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
        if sink.partial is None or not sink.done:
            raise HTTPException(422, "send the document in a multipart field named 'file'")
        target = claim_free_name(inbox, sink.name or "upload", sink.partial)
    except BaseException:
        sink.discard()
        raise
    return ReceivedFile(target.name, sink.size)


def free_name(folder: Path, name: str) -> Path:
    candidate, stem, suffix, n = folder / name, Path(name).stem, Path(name).suffix, 1
    while candidate.exists():
        candidate = folder / f"{stem} ({n}){suffix}"
        n += 1
    return candidate


def claim_free_name(folder: Path, name: str, partial: Path) -> Path:
    """Give the received file `partial` the first free name like `name`. A hard link fails if the name was
    taken meanwhile (two people uploading 'scan.pdf' at once), where a rename would overwrite the other."""
    while True:
        candidate = free_name(folder, name)
        try:
            os.link(partial, candidate)
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links: a rename, as close to the name check as can be
            os.replace(partial, candidate)
            return candidate
        partial.unlink()
        return candidate
