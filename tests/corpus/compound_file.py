"""A small writer of OLE2 compound files (MS-CFB, version 3) and of Outlook .msg items (MS-OXMSG) inside them.

No package this project installs writes either format, and a test must make its own files: this writes
just enough of the specification for readers (olefile, extract-msg) to take the file as Outlook writes it.
"""

from __future__ import annotations

import itertools
import math
import struct
from datetime import UTC, datetime

_SECTOR = 512
_MINI_SECTOR = 64
_MINI_CUTOFF = 4096
_END = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_FAT_SECTOR = 0xFFFFFFFD
_NO_STREAM = 0xFFFFFFFF


class _Entry:
    def __init__(self, name: str, kind: int, data: bytes = b"") -> None:
        self.name, self.kind, self.data = name, kind, data
        self.children: list[_Entry] = []
        self.start, self.size = _END, len(data)
        self.left = self.right = self.child = _NO_STREAM


def compound_file(tree: dict) -> bytes:
    """Bytes of a compound file holding `tree`: names map to bytes (streams) or to dicts (storages)."""
    root = _Entry("Root Entry", 5)
    entries = [root]
    _add(root, tree, entries)
    sectors: list[bytes] = []
    fat: list[int] = []
    mini = bytearray()
    minifat: list[int] = []
    for entry in entries[1:]:
        if entry.kind != 2 or not entry.data:
            continue
        if len(entry.data) < _MINI_CUTOFF:
            entry.start = len(mini) // _MINI_SECTOR
            count = math.ceil(len(entry.data) / _MINI_SECTOR)
            minifat += [entry.start + i + 1 for i in range(count - 1)] + [_END]
            mini += entry.data.ljust(count * _MINI_SECTOR, b"\0")
        else:
            entry.start = _chain(sectors, fat, entry.data)
    if mini:
        root.start, root.size = _chain(sectors, fat, bytes(mini)), len(mini)
    minifat_start = _chain(sectors, fat, b"".join(struct.pack("<I", n) for n in minifat)) if minifat else _END
    minifat_sectors = math.ceil(len(minifat) * 4 / _SECTOR)
    for entry in entries:
        _link(entry, entries)
    directory = b"".join(_directory_entry(entry) for entry in entries)
    directory_start = _chain(sectors, fat, directory.ljust(math.ceil(len(directory) / _SECTOR) * _SECTOR, b"\0"))
    fat_count = 1
    while len(fat) + fat_count > fat_count * (_SECTOR // 4):
        fat_count += 1
    fat_positions = list(range(len(fat), len(fat) + fat_count))
    fat += [_FAT_SECTOR] * fat_count
    fat += [_FREE] * (fat_count * (_SECTOR // 4) - len(fat))
    table = b"".join(struct.pack("<I", n) for n in fat)
    sectors += [table[i:i + _SECTOR] for i in range(0, len(table), _SECTOR)]
    difat = fat_positions + [_FREE] * (109 - fat_count)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, fat_count, directory_start, 0, _MINI_CUTOFF, minifat_start,
                            minifat_sectors, _END, 0)
              + b"".join(struct.pack("<I", n) for n in difat))
    return header + b"".join(sectors)


def _add(parent: _Entry, tree: dict, entries: list[_Entry]) -> None:
    for name, value in tree.items():
        entry = _Entry(name, 1 if isinstance(value, dict) else 2, b"" if isinstance(value, dict) else value)
        entries.append(entry)
        parent.children.append(entry)
        if isinstance(value, dict):
            _add(entry, value, entries)


def _chain(sectors: list[bytes], fat: list[int], data: bytes) -> int:
    start = len(sectors)
    count = math.ceil(len(data) / _SECTOR)
    for i in range(count):
        sectors.append(data[i * _SECTOR:(i + 1) * _SECTOR].ljust(_SECTOR, b"\0"))
        fat.append(start + i + 1 if i < count - 1 else _END)
    return start


def _link(entry: _Entry, entries: list[_Entry]) -> None:
    """Children hang from their parent as a chain of right siblings (a valid, if unbalanced, tree)."""
    ordered = sorted(entry.children, key=lambda e: (len(e.name), e.name.upper()))
    if ordered:
        entry.child = entries.index(ordered[0])
        for before, after in itertools.pairwise(ordered):
            before.right = entries.index(after)


def _directory_entry(entry: _Entry) -> bytes:
    name = (entry.name + "\0").encode("utf-16-le")
    return (name.ljust(64, b"\0") + struct.pack("<HBB", len(name), entry.kind, 1)
            + struct.pack("<III", entry.left, entry.right, entry.child) + b"\0" * 16 + b"\0" * 4
            + b"\0" * 16 + struct.pack("<IQ", entry.start, entry.size))


# --- Outlook .msg ----------------------------------------------------------------------------------------

_UNICODE, _BINARY, _INT, _TIME = 0x001F, 0x0102, 0x0003, 0x0040


def _properties(header: bytes, fixed: dict[int, tuple[int, int | datetime]], variable: dict[int, tuple[int, bytes]]
                ) -> dict[str, bytes]:
    """A property stream (fixed values inline, variable ones by size) and the streams of the variable ones."""
    rows = []
    for prop, (kind, value) in fixed.items():
        if kind == _TIME:
            ticks = int((value - datetime(1601, 1, 1, tzinfo=UTC)).total_seconds() * 10_000_000)
            raw = struct.pack("<Q", ticks)
        else:
            raw = struct.pack("<iI", value, 0)
        rows.append(struct.pack("<II", (prop << 16) | kind, 6) + raw)
    streams = {}
    for prop, (kind, data) in variable.items():
        rows.append(struct.pack("<IIII", (prop << 16) | kind, 6, len(data) + (2 if kind == _UNICODE else 0), 0))
        streams[f"__substg1.0_{prop:04X}{kind:04X}"] = data
    return {"__properties_version1.0": header + b"".join(rows), **streams}


def outlook_message(subject: str, sender: tuple[str, str], recipients: list[tuple[str, str]], sent: datetime,
                    body: str, attachments: list[tuple[str, bytes]], embedded: dict | None = None) -> bytes:
    """An Outlook e-mail item (.msg) as Outlook saves one: IPM.Note with its recipients and attachments."""
    return compound_file(message_tree(subject, sender, recipients, sent, body, attachments, embedded))


def message_tree(subject: str, sender: tuple[str, str], recipients: list[tuple[str, str]], sent: datetime,
                 body: str, attachments: list[tuple[str, bytes]], embedded: dict | None = None,
                 top: bool = True) -> dict:
    """The storages and streams of an Outlook item; `embedded` is another item's tree, attached to this one
    as Outlook attaches a message dragged into a message (attach method 5, the item in storage 3701000D)."""
    def text(value: str) -> tuple[int, bytes]:
        return _UNICODE, value.encode("utf-16-le")

    headers = (f"From: {sender[0]} <{sender[1]}>\r\nTo: " + ", ".join(f"{n} <{a}>" for n, a in recipients)
               + f"\r\nSubject: {subject}\r\nDate: {sent.strftime('%a, %d %b %Y %H:%M:%S +0000')}\r\n\r\n")
    count = len(attachments) + (1 if embedded is not None else 0)
    # The top-level item's property header has 8 more reserved bytes than an embedded one's.
    top_header = b"\0" * 8 + struct.pack("<IIII", len(recipients), count, len(recipients), count) \
        + (b"\0" * 8 if top else b"")
    tree: dict = _properties(top_header, {0x0039: (_TIME, sent), 0x0E07: (_INT, 1)}, {
        0x001A: text("IPM.Note"), 0x0037: text(subject), 0x1000: text(body), 0x0C1A: text(sender[0]),
        0x0C1F: text(sender[1]), 0x0065: text(sender[1]), 0x007D: text(headers),
        0x0E04: text("; ".join(n for n, _ in recipients))})
    tree["__nameid_version1.0"] = {"__substg1.0_00020102": b"", "__substg1.0_00030102": b"",
                                   "__substg1.0_00040102": b""}
    for number, (name, address) in enumerate(recipients):
        tree[f"__recip_version1.0_#{number:08X}"] = _properties(
            b"\0" * 8, {0x0C15: (_INT, 1), 0x3000: (_INT, number)},
            {0x3001: text(name), 0x3003: text(address), 0x39FE: text(address), 0x3002: text("SMTP")})
    for number, (name, data) in enumerate(attachments):
        tree[f"__attach_version1.0_#{number:08X}"] = _properties(
            b"\0" * 8, {0x3705: (_INT, 1), 0x0E21: (_INT, number)},
            {0x3707: text(name), 0x3704: text(name[:8]), 0x3701: (_BINARY, data)})
    if embedded is not None:
        number = len(attachments)
        storage = _properties(b"\0" * 8, {0x3705: (_INT, 5), 0x0E21: (_INT, number)}, {})
        storage["__substg1.0_3701000D"] = embedded
        tree[f"__attach_version1.0_#{number:08X}"] = storage
    return tree
