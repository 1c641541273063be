"""Office, OpenDocument, RTF, HTML, e-mail, charsets and further image formats, each read for its real text."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from pipeline.enrich.analysis import Analyser
from pipeline.errors import CorruptDocument, DocumentTooLarge, UnsupportedDocument
from pipeline.extract.detect import DocumentKind, detect_type
from pipeline.extract.dispatch import extract
from pipeline.pages import TextMethod
from tests.conftest import normalise
from tests.corpus import format_cases
from tests.corpus.format_cases import make_docx, make_eml, make_opendocument, page_image


@pytest.fixture(scope="module")
def analyser(tmp_path_factory):
    from pipeline.settings import load_settings
    from tests.conftest import CONFIG

    return Analyser(load_settings(CONFIG, environ={}, home=tmp_path_factory.mktemp("home")))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("formats")
    return {case.path.name: case.path for case in format_cases.cases(folder)}


def read(analyser, path: Path):
    return extract(path, detect_type(path), analyser.ocr, analyser.settings)


def test_word_document_gives_its_paragraphs_tables_and_title(analyser, corpus):
    extraction = read(analyser, corpus["board-minutes.docx"])
    assert "The committee approved the quinquennial review." in extraction.text
    assert "Cost centre\t4410" in extraction.text
    assert extraction.title == "Records committee minutes"
    assert extraction.methods == [TextMethod.document.value]


def test_workbook_gives_a_page_per_sheet(analyser, corpus):
    extraction = read(analyser, corpus["ledger.xlsx"])
    assert [page.text.splitlines()[0] for page in extraction.pages] == ["Ledger", "Notes"]
    assert "Fernwood Haulage\t1250.5" in extraction.pages[0].text


def test_presentation_gives_a_page_per_slide(analyser, corpus):
    extraction = read(analyser, corpus["rollout.pptx"])
    assert extraction.page_count == 1
    assert "Retention schedule rollout" in extraction.text and "train the stations in March" in extraction.text


@pytest.mark.parametrize(("name", "phrase"), [("policy.odt", "Lock cabinets every evening."),
                                              ("budget.ods", "Stationery\t310"),
                                              ("induction.odp", "Induction for registry clerks")])
def test_opendocument_files_give_their_text(analyser, corpus, name, phrase):
    extraction = read(analyser, corpus[name])
    assert phrase in extraction.text


def test_opendocument_title_comes_from_its_properties(analyser, corpus):
    assert read(analyser, corpus["policy.odt"]).title == "Clean desk"


def test_rtf_is_read_without_its_control_words(analyser, corpus):
    text = read(analyser, corpus["memo.rtf"]).text
    assert "Memo on archive shélving" in text and "\\par" not in text and "fonttbl" not in text


def test_html_is_read_as_a_browser_shows_it(analyser, corpus):
    extraction = read(analyser, corpus["procedure.html"])
    assert extraction.title == "Visitor log procedure"
    assert "Every visitor signs the register at reception." in extraction.text
    assert "<" not in extraction.text and "never indexed" not in extraction.text and "color" not in extraction.text


def test_html_page_named_pdf_is_read_as_html(analyser, corpus):
    path = corpus["annual-report.pdf"]
    assert detect_type(path).kind is DocumentKind.html
    extraction = read(analyser, path)
    assert extraction.title == "Annual report" and "DOCTYPE" not in extraction.text


def test_hocr_gives_its_words_not_its_markup(analyser, corpus):
    text = read(analyser, corpus["scan.hocr"]).text
    assert normalise(text) == "Delivery docket 4471"


def test_latin1_text_is_decoded_and_its_encoding_recorded(analyser, corpus):
    extraction = read(analyser, corpus["vitamins.txt"])
    assert "Pantothensäure und Folsäure" in extraction.text and "Müller" in extraction.text
    assert extraction.metadata["text_encoding"] == "cp1252"


def test_shift_jis_text_is_decoded(analyser, corpus):
    extraction = read(analyser, corpus["shift-jis.txt"])
    assert "請求書" in extraction.text and "東京都千代田区" in extraction.text


def test_plain_note_with_mail_like_headers_stays_text(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("From: Ann Lee <ann@example.org>\nSent: Monday\nTo: Registry\nSubject: Boxes\n\nHello", "utf-8")
    assert detect_type(note).kind is DocumentKind.text


def test_email_holds_its_message_facts_and_its_attachments_text(analyser, corpus):
    extraction = read(analyser, corpus["lease.eml"])
    assert extraction.title == "Signed lease for the Harbour Street depot"
    assert extraction.document_date == date(2025, 3, 4)
    assert extraction.metadata["sender"] == "Dana Whitlock <dana.whitlock@fernwood.example>"
    assert "Lee Osei <lee.osei@council.example>" in extraction.metadata["recipients"]
    assert extraction.parties[:3] == ["Dana Whitlock", "Records Office", "Lee Osei"]
    first, attachment = extraction.pages
    assert first.text.startswith("From: Dana Whitlock")
    assert "The depot keys are with the caretaker." in first.text
    assert "Term of twenty years from signing" in attachment.text
    assert attachment.preparation[0] == "attachment 'lease.pdf', page 1"
    assert extraction.metadata["attachments"] == "lease.pdf"
    assert extraction.metadata["attachments_not_read"].startswith("setup.exe (")
    assert "MIME-Version" not in extraction.text and "base64" not in extraction.text


def test_html_email_body_is_its_visible_text(analyser, corpus):
    text = read(analyser, corpus["html-only.eml"]).text
    assert "depot keys are with the caretaker" in text and "track()" not in text and "<p>" not in text


def test_email_nested_in_email_is_read_to_a_limit(analyser, tmp_path):
    inner = make_eml(tmp_path / "inner.eml", [("note.txt", b"Innermost note about shelving", "text/plain")])
    outer = make_eml(tmp_path / "outer.eml", [("forwarded.eml", inner.read_bytes(), "message/rfc822")])
    text = read(analyser, outer).text
    assert "Innermost note about shelving" in text


@pytest.mark.parametrize("name", ["receipt.webp", "receipt.bmp", "receipt.gif", "permit-16bit.png",
                                  "proof-cmyk.jpg"])
def test_further_image_formats_are_read_by_ocr(analyser, corpus, name):
    extraction = read(analyser, corpus[name])
    assert extraction.methods == ["ocr"]
    words = {"receipt.webp": "archive boxes", "receipt.bmp": "archive boxes", "receipt.gif": "archive boxes",
             "permit-16bit.png": "Sixteen bit scan", "proof-cmyk.jpg": "Colour proof"}
    assert words[name] in normalise(extraction.text)


def test_animated_gif_is_read_from_its_first_frame_only(analyser, tmp_path):
    frames = [page_image(["First frame holds the notice"]), page_image(["Second frame is animation"])]
    path = tmp_path / "banner.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=500)
    extraction = read(analyser, path)
    assert extraction.page_count == 1 and "First frame" in extraction.text


def test_zip_bomb_is_refused_before_it_is_unpacked(analyser, corpus):
    with pytest.raises(DocumentTooLarge, match="decompression bomb"):
        read(analyser, corpus["bomb.docx"])


def test_xml_entity_declarations_are_refused(analyser, corpus):
    with pytest.raises(UnsupportedDocument, match="XML entity attack"):
        read(analyser, corpus["entities.docx"])


def test_xml_entity_declarations_in_opendocument_are_refused(analyser, tmp_path):
    path = make_opendocument(tmp_path / "laughs.odt", format_cases.ODT, "<office:text/>")
    with zipfile.ZipFile(path) as original, zipfile.ZipFile(tmp_path / "evil.odt", "w") as copy:
        for member in original.infolist():
            data = original.read(member)
            if member.filename == "content.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaa">]>', 1)
            copy.writestr(member, data)
    with pytest.raises(UnsupportedDocument, match="XML entit"):
        read(analyser, tmp_path / "evil.odt")


def test_damaged_office_files_are_reported_as_damaged(analyser, corpus):
    with pytest.raises(CorruptDocument, match="damaged or incomplete ZIP"):
        read(analyser, corpus["truncated.docx"])
    with pytest.raises(CorruptDocument, match="damaged Office document"):
        read(analyser, corpus["garbled.docx"])


def test_plain_zip_is_still_refused_as_a_zip(tmp_path):
    path = tmp_path / "photos.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "holiday")
    with pytest.raises(UnsupportedDocument, match="application/zip"):
        detect_type(path)


def test_owner_password_only_pdf_is_read(analyser, corpus):
    assert "Planning permission granted" in read(analyser, corpus["owner-only.pdf"]).text


def test_ccitt_fax_pdf_is_read_by_ocr(analyser, corpus):
    extraction = read(analyser, corpus["fax-ccitt.pdf"])
    assert "land registry" in normalise(extraction.text)


def test_docx_without_a_title_property_leaves_the_title_to_its_first_line(analyser, tmp_path):
    path = make_docx(tmp_path / "untitled.docx", ["Memo to all stations"])
    assert read(analyser, path).title is None


def test_outlook_message_holds_its_facts_and_its_attachment(analyser, corpus):
    extraction = read(analyser, corpus["audit.msg"])
    assert detect_type(corpus["audit.msg"]).kind is DocumentKind.outlook
    assert extraction.title == "Quarterly archive audit"
    assert extraction.document_date == date(2025, 5, 6)
    assert extraction.metadata["sender"] == "Priya Nandakumar <priya.nandakumar@registry.example>"
    assert "Lee Osei <lee.osei@council.example>" in extraction.metadata["recipients"]
    assert "basement store is booked for Thursday" in extraction.pages[0].text
    assert extraction.pages[1].text == "Shelf 12 needs new boxes before the audit"


def test_legacy_word_document_is_refused_with_what_to_do(analyser, corpus):
    with pytest.raises(UnsupportedDocument, match="Word 97-2003 document") as refused:
        detect_type(corpus["minutes-1998.doc"])
    assert "Save it as .docx" in refused.value.action


def test_password_protected_office_file_is_refused_as_encrypted(corpus):
    from pipeline.errors import EncryptedDocument

    with pytest.raises(EncryptedDocument, match="password-protected Office document"):
        detect_type(corpus["protected.docx"])


def test_cyrillic_windows_text_is_not_mistaken_for_western(tmp_path):
    from pipeline.extract.plain_text import text_extraction

    path = tmp_path / "invoice.txt"
    path.write_bytes("Счёт на оплату № 1234 от 5 марта, поставщик ООО Ромашка\n".encode("cp1251"))
    extraction = text_extraction(path, "text/plain")
    assert "Счёт на оплату" in extraction.text and extraction.metadata["text_encoding"] == "cp1251"


def test_markdown_front_matter_gives_the_title_not_its_first_key(analyser, tmp_path):
    page = tmp_path / "acceptable-use.md"
    page.write_text("---\ntitle: 'Acceptable Use Policies'\nredirect_from:\n  - /articles/aup\nversions:\n"
                    "  fpt: '*'\n---\n\n**Short version:** be excellent to each other.\n", "utf-8")
    extraction = read(analyser, page)
    assert extraction.title == "Acceptable Use Policies"
    assert "be excellent to each other" in extraction.text


def test_text_starting_with_a_rule_but_no_front_matter_has_no_stated_title(analyser, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("---\nMinutes of the records committee\n---\nPresent: A. Lee\n", "utf-8")
    assert read(analyser, note).title is None
