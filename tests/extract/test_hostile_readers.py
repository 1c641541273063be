"""Small files that expand without bound inside a reader end as a clear DocumentTooLarge, never as an
exhausted memory, a RecursionError or text silently cut."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.errors import DocumentTooLarge, UnsupportedDocument
from pipeline.extract.detect import detect_type
from pipeline.extract.dispatch import extract
from pipeline.extract.zip_guard import check_container
from pipeline.settings import load_settings
from tests.conftest import CONFIG
from tests.corpus.compound_file import message_tree, outlook_message
from tests.corpus.format_cases import ODS, ODT, make_docx, make_eml, make_opendocument

_NESTED_TABLE = ('<table:table><table:table-row table:number-rows-repeated="1000000"><table:table-cell>{}'
                 "</table:table-cell></table:table-row></table:table>")


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return load_settings(CONFIG, environ={}, home=tmp_path_factory.mktemp("home"))


@pytest.fixture
def small_text(settings):
    """The settings with a 0.2-million-character text budget, so the tests stay quick."""
    return settings.model_copy(update={"limits": settings.limits.model_copy(update={"max_text_mb": 0.2})})


def read(path: Path, settings):
    return extract(path, detect_type(path), None, settings)


def test_odf_space_run_is_capped(settings, tmp_path):
    path = make_opendocument(tmp_path / "spaces.odt", ODT,
                             '<office:text><text:p>a<text:s text:c="10000000"/>b</text:p></office:text>')
    text = read(path, settings).text
    assert text.startswith("a ") and text.endswith("b") and len(text) <= 102


def test_odf_many_space_runs_hit_the_text_budget(small_text, tmp_path):
    runs = '<text:s text:c="100"/>' * 5000  # half a million spaces from 110 KB of markup
    path = make_opendocument(tmp_path / "runs.odt", ODT, f"<office:text><text:p>{runs}x</text:p></office:text>")
    with pytest.raises(DocumentTooLarge, match=r"limits\.max_text_mb"):
        read(path, small_text)


@pytest.mark.parametrize("depth", [2, 3])
def test_nested_repeated_tables_do_not_multiply(settings, tmp_path, depth):
    inner = "<text:p>x</text:p>"
    for _ in range(depth):
        inner = _NESTED_TABLE.format(inner)
    path = make_opendocument(tmp_path / f"nested{depth}.ods", ODS, f"<office:spreadsheet>{inner}</office:spreadsheet>")
    extraction = read(path, settings)
    # One sheet (nested tables are part of it), its top-level row repeated at most 100 times.
    assert extraction.page_count == 1
    assert extraction.text.count("x") <= 100


def test_repeated_rows_share_one_budget_across_sheets(small_text, tmp_path):
    row = '<table:table-row table:number-rows-repeated="1000000"><table:table-cell><text:p>{}</text:p>' \
          "</table:table-cell></table:table-row>"
    sheets = "".join(f"<table:table>{row.format('y' * 100)}</table:table>" for _ in range(30))
    path = make_opendocument(tmp_path / "sheets.ods", ODS, f"<office:spreadsheet>{sheets}</office:spreadsheet>")
    # 30 sheets x 100 rows x 100 characters: 300,000 characters, over the whole document's 200,000.
    with pytest.raises(DocumentTooLarge, match=r"limits\.max_text_mb"):
        read(path, small_text)


def test_deeply_nested_odf_markup_is_read_without_recursion(settings, tmp_path):
    depth = 5000
    body = "<text:span>" * depth + "deep" + "</text:span>" * depth
    path = make_opendocument(tmp_path / "deep.odt", ODT, f"<office:text><text:p>{body}</text:p></office:text>")
    assert read(path, settings).text == "deep"


def test_html_over_the_text_budget_is_refused(small_text, tmp_path):
    path = tmp_path / "big.html"
    path.write_text("<html><body>" + "<p>a</p>" * 250_000 + "</body></html>")
    with pytest.raises(DocumentTooLarge, match=r"limits\.max_text_mb"):
        read(path, small_text)


def test_html_email_body_over_the_text_budget_is_refused(small_text, tmp_path):
    path = make_eml(tmp_path / "big.eml", [], html=True)
    data = path.read_bytes().replace(b"<script>", b"<p>" + b"word " * 60_000 + b"</p><script>")
    path.write_bytes(data)
    with pytest.raises(DocumentTooLarge, match=r"limits\.max_text_mb"):
        read(path, small_text)


_PEAK = """
import sys
from pathlib import Path
from pipeline.errors import DocumentError
from pipeline.extract.detect import detect_type
from pipeline.extract.dispatch import extract
from pipeline.settings import load_settings
from tests.conftest import CONFIG
settings = load_settings(CONFIG, environ={}, home=Path(sys.argv[2]))
path = Path(sys.argv[1])
try:
    extract(path, detect_type(path), None, settings)
except DocumentError as exc:
    print(exc.reason, file=sys.stderr)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent (a test runner of 1 GB or
# more), while the peak of this process's own memory starts again at exec.
print(next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM')) // 1024)
"""


def test_html_reading_memory_does_not_scale_with_the_markup(tmp_path):
    """10 MB of the costliest markup (one tiny element after another) used to take ~1.8 GB to read."""
    path = tmp_path / "worst.html"
    path.write_bytes(b"<html><body>" + b"<p>a</p>" * 1_300_000 + b"</body></html>")
    result = subprocess.run([sys.executable, "-c", _PEAK, str(path), str(tmp_path / "home")], capture_output=True,
                            text=True, check=True, cwd=Path(__file__).parents[2])
    assert int(result.stdout.split()[-1]) < 600, result  # the whole process, imports included


def _zip(path: Path, members: dict[str, bytes], stored: set[str] = frozenset()) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED)
    return path


def test_one_highly_compressed_xml_part_is_refused_despite_a_large_stored_member(settings, tmp_path):
    content = b'<?xml version="1.0"?><office:document-content xmlns:office="x">' + b" " * 60_000_000 + \
              b"</office:document-content>"
    path = _zip(tmp_path / "padded.odt", {"mimetype": ODT.encode(), "content.xml": content,
                                          "Pictures/noise.bin": __import__("os").urandom(2_500_000)},
                stored={"mimetype", "Pictures/noise.bin"})
    with pytest.raises(DocumentTooLarge, match=r"content\.xml.*limits\.max_compression_ratio"):
        read(path, settings)


def test_xml_part_over_its_size_limit_is_refused(settings, tmp_path):
    limited = settings.model_copy(update={"limits": settings.limits.model_copy(update={"max_xml_part_mb": 1})})
    content = b'<?xml version="1.0"?><office:document-content xmlns:office="x"><p>' + b"z" * 1_200_000 + \
              b"</p></office:document-content>"
    path = _zip(tmp_path / "big-part.odt", {"mimetype": ODT.encode(), "content.xml": content}, stored={"mimetype"})
    with pytest.raises(DocumentTooLarge, match=r"limits\.max_xml_part_mb"):
        read(path, limited)


def test_doctype_after_a_long_prologue_is_refused(settings, tmp_path):
    content = (b'<?xml version="1.0"?>' + b"<!-- padding -->" * 10_000 +
               b'<!DOCTYPE d [<!ENTITY e "x">]><office:document-content xmlns:office="x"/>')
    path = _zip(tmp_path / "late-doctype.odt", {"mimetype": ODT.encode(), "content.xml": content},
                stored={"mimetype"})
    # Checked on the guard itself: the ODF reader's own parser would refuse it too, Word's would not.
    with pytest.raises(UnsupportedDocument, match="entities"):
        check_container(path, settings.limits)


def test_doctype_like_text_after_the_root_element_is_not_a_declaration(settings, tmp_path):
    path = make_opendocument(tmp_path / "mentions.odt", ODT,
                             "<office:text><text:p>write &lt;!DOCTYPE html&gt; first</text:p></office:text>")
    assert "<!DOCTYPE html> first" in read(path, settings).text




def test_word_document_over_the_text_budget_is_refused(small_text, tmp_path):
    path = make_docx(tmp_path / "long.docx", ["w" * 1000] * 250)
    with pytest.raises(DocumentTooLarge, match=r"limits\.max_text_mb"):
        read(path, small_text)


def _outlook(path: Path, attachments: list[tuple[str, bytes]], embedded: dict | None = None) -> Path:
    sent = datetime(2025, 3, 4, 9, 15, tzinfo=UTC)
    path.write_bytes(outlook_message("Depot lease", ("Dana Whitlock", "dana@fernwood.example"),
                                     [("Records Office", "records@council.example")], sent,
                                     "The lease is attached.", attachments, embedded))
    return path


def test_outlook_item_attached_to_an_outlook_item_is_read(settings, tmp_path):
    inner = message_tree("Keys handed over", ("Lee Osei", "lee@council.example"), [], datetime(2025, 3, 5, tzinfo=UTC),
                         "The caretaker holds the depot keys.", [], top=False)
    del inner["__nameid_version1.0"]  # an embedded item shares its parent's named properties
    extraction = read(_outlook(tmp_path / "outer.msg", [], inner), settings)
    assert "The caretaker holds the depot keys." in extraction.text
    assert "attachments_not_read" not in extraction.metadata


def test_empty_attachments_are_named_not_dropped(settings, tmp_path):
    extraction = read(_outlook(tmp_path / "empty.msg", [("blank.txt", b""), ("note.txt", b"Depot keys")]), settings)
    assert "blank.txt (empty)" in extraction.metadata["attachments_not_read"]
    path = make_eml(tmp_path / "empty.eml", [("blank.txt", b"", "text/plain")])
    assert "blank.txt (empty)" in read(path, settings).metadata["attachments_not_read"]


def test_attachments_over_the_limit_are_named_unread(settings, tmp_path):
    limited = settings.model_copy(update={"limits": settings.limits.model_copy(update={"max_attachments": 1})})
    files = [(f"note-{n}.txt", f"note number {n}".encode()) for n in range(3)]
    for path in (_outlook(tmp_path / "many.msg", files),
                 make_eml(tmp_path / "many.eml", [(name, data, "text/plain") for name, data in files])):
        unread = read(path, limited).metadata["attachments_not_read"]
        assert unread == "note-1.txt (over limits.max_attachments); note-2.txt (over limits.max_attachments)"
