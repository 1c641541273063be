"""Every file format a records office meets, and hostile or damaged versions of them, made here on the fly.

JBIG2-compressed PDFs are not among them: no encoder for JBIG2 is available as a Python or Debian package
this project installs, so none can be made without shipping a foreign file.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import reportlab
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfWriter

from tests.conftest import make_text_pdf
from tests.corpus import Case, Outcome
from tests.corpus.compound_file import compound_file, outlook_message

_FONT = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"


def cases(folder: Path) -> list[Case]:
    folder.mkdir(parents=True, exist_ok=True)
    made: list[Case] = []
    for maker in (_office_cases, _web_and_text_cases, _email_cases, _image_cases, _pdf_cases, _hostile_cases):
        made.extend(maker(folder))
    return made


def page_image(lines: list[str], mode: str = "L", size: tuple[int, int] = (1000, 400)) -> Image.Image:
    """A clean 'scan' of a few lines of text, large enough for OCR."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(_FONT), 40)
    for number, line in enumerate(lines):
        draw.text((40, 40 + 70 * number), line, fill=0, font=font)
    return image.convert(mode)


def make_docx(path: Path, paragraphs: list[str], title: str = "") -> Path:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Cost centre", "4410"
    document.core_properties.title = title
    document.save(str(path))
    return path


def make_opendocument(path: Path, media_type: str, body: str, title: str = "") -> Path:
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    namespaces = (f'xmlns:office="{office}" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
                  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
                  'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"')
    content = f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {namespaces}><office:body>{body}' \
              "</office:body></office:document-content>"
    meta = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta xmlns:office="{office}" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><dc:title>{title}</dc:title></office:meta>'
            "</office:document-meta>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), media_type)  # stored first, uncompressed, as ODF requires
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("meta.xml", meta, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", "<manifest/>", compress_type=zipfile.ZIP_DEFLATED)
    return path


def _office_cases(folder: Path) -> list[Case]:
    import openpyxl
    import pptx

    docx_path = make_docx(folder / "board-minutes.docx", ["Minutes of the records committee",
                                                          "The committee approved the quinquennial review."],
                          title="Records committee minutes")
    workbook = openpyxl.Workbook()
    workbook.active.title = "Ledger"
    workbook.active.append(["Supplier", "Amount"])
    workbook.active.append(["Fernwood Haulage", 1250.5])
    workbook.create_sheet("Notes").append(["Reconciled by the bursar"])
    workbook.save(folder / "ledger.xlsx")
    deck = pptx.Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "Retention schedule rollout"
    slide.placeholders[1].text = "Archivists train the stations in March"
    deck.save(folder / "rollout.pptx")
    make_opendocument(folder / "policy.odt", ODT, "<office:text><text:h>Clean desk policy</text:h>"
                      "<text:p>Lock<text:s/>cabinets every evening.</text:p></office:text>", title="Clean desk")
    make_opendocument(folder / "budget.ods", ODS, "<office:spreadsheet><table:table table:name=\"Budget\">"
                      "<table:table-row><table:table-cell><text:p>Stationery</text:p></table:table-cell>"
                      "<table:table-cell><text:p>310</text:p></table:table-cell></table:table-row></table:table>"
                      "</office:spreadsheet>")
    make_opendocument(folder / "induction.odp", ODP, "<office:presentation><draw:page><draw:frame><draw:text-box>"
                      "<text:p>Induction for registry clerks</text:p></draw:text-box></draw:frame></draw:page>"
                      "</office:presentation>")
    return [
        Case(docx_path, Outcome.indexed, "Word .docx", "quinquennial review"),
        Case(folder / "ledger.xlsx", Outcome.indexed, "Excel .xlsx", "Fernwood Haulage"),
        Case(folder / "rollout.pptx", Outcome.indexed, "PowerPoint .pptx", "Archivists train the stations"),
        Case(folder / "policy.odt", Outcome.indexed, "OpenDocument text .odt", "Lock cabinets every evening"),
        Case(folder / "budget.ods", Outcome.indexed, "OpenDocument sheet .ods", "Stationery"),
        Case(folder / "induction.odp", Outcome.indexed, "OpenDocument slides .odp", "Induction for registry clerks"),
    ]


def _web_and_text_cases(folder: Path) -> list[Case]:
    page = ("<!DOCTYPE html><html><head><title>Visitor log procedure</title><style>p {color: red}</style>"
            "<script>var secret = 'never indexed';</script></head><body><h1>Visitor log</h1>"
            "<p>Every visitor signs the <b>register</b> at reception.</p></body></html>")
    (folder / "procedure.html").write_text(page, encoding="utf-8")
    (folder / "annual-report.pdf").write_text(page.replace("Visitor log procedure", "Annual report"),
                                              encoding="utf-8")  # a web page saved with the wrong name
    (folder / "scan.hocr").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">'
        "<head><title></title></head><body><div class='ocr_page'><span class='ocr_line'>"
        "<span class='ocrx_word'>Delivery</span> <span class='ocrx_word'>docket</span> "
        "<span class='ocrx_word'>4471</span></span></div></body></html>", encoding="utf-8")
    (folder / "memo.rtf").write_bytes(rb"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}\f0 "
                                      rb"Memo on archive sh\'e9lving\par Boxes go on the lower racks.}")
    (folder / "vitamins.txt").write_bytes("Pantothensäure und Folsäure: Lieferschein für die Apotheke Müller\n"
                                          .encode("latin-1"))
    invoice = "請求書 番号 1234 東京都千代田区 支払期限 2025年3月31日\n"
    (folder / "shift-jis.txt").write_bytes(invoice.encode("shift_jis"))
    return [
        Case(folder / "procedure.html", Outcome.indexed, "HTML page", "visitor signs the register at reception"),
        Case(folder / "annual-report.pdf", Outcome.indexed, "HTML page named .pdf", "Every visitor signs"),
        Case(folder / "scan.hocr", Outcome.indexed, "hOCR page", "Delivery docket 4471"),
        Case(folder / "memo.rtf", Outcome.indexed, "RTF", "Memo on archive shélving"),
        Case(folder / "vitamins.txt", Outcome.indexed, "Latin-1 text", "Pantothensäure"),
        Case(folder / "shift-jis.txt", Outcome.indexed, "Shift-JIS text", "請求書"),
    ]


def make_eml(path: Path, attachments: list[tuple[str, bytes, str]], html: bool = False) -> Path:
    message = EmailMessage()
    message["From"] = "Dana Whitlock <dana.whitlock@fernwood.example>"
    message["To"] = "Records Office <records@council.example>, Lee Osei <lee.osei@council.example>"
    message["Date"] = "Tue, 04 Mar 2025 09:15:00 +0000"
    message["Subject"] = "Signed lease for the Harbour Street depot"
    message["Message-ID"] = "<lease-4711@fernwood.example>"
    body = "Please find the signed lease attached. The depot keys are with the caretaker."
    if html:
        message.set_content(f"<html><body><p>{body}</p><script>track()</script></body></html>", subtype="html")
    else:
        message.set_content(body)
    for name, payload, media_type in attachments:
        main, sub = media_type.split("/")
        message.add_attachment(payload, maintype=main, subtype=sub, filename=name)
    path.write_bytes(bytes(message))
    return path


def _email_cases(folder: Path) -> list[Case]:
    lease = make_text_pdf(folder / "lease.tmp.pdf", ["Lease agreement for the Harbour Street depot",
                                                      "Term of twenty years from signing"])
    make_eml(folder / "lease.eml", [("lease.pdf", lease.read_bytes(), "application/pdf"),
                                    ("setup.exe", b"MZ\x90\x00" + bytes(range(256)) * 4, "application/octet-stream")])
    lease.unlink()
    make_eml(folder / "html-only.eml", [], html=True)
    make_msg(folder / "audit.msg")
    return [
        Case(folder / "lease.eml", Outcome.indexed, "e-mail with attachments", "Term of twenty years"),
        Case(folder / "html-only.eml", Outcome.indexed, "HTML e-mail", "depot keys are with the caretaker"),
        Case(folder / "audit.msg", Outcome.indexed, "Outlook .msg with an attachment", "Shelf 12 needs new boxes"),
    ]


def make_msg(path: Path) -> Path:
    path.write_bytes(outlook_message(
        "Quarterly archive audit", ("Priya Nandakumar", "priya.nandakumar@registry.example"),
        [("Records Office", "records@council.example"), ("Lee Osei", "lee.osei@council.example")],
        datetime(2025, 5, 6, 14, 30, tzinfo=UTC), "The audit of the basement store is booked for Thursday.",
        [("findings.txt", b"Shelf 12 needs new boxes before the audit")]))
    return path


def _image_cases(folder: Path) -> list[Case]:
    made = []
    for fmt, name in (("WEBP", "receipt.webp"), ("BMP", "receipt.bmp"), ("GIF", "receipt.gif")):
        page_image(["Receipt for archive boxes"]).save(folder / name, format=fmt, **({"lossless": True}
                                                                                   if fmt == "WEBP" else {}))
        made.append(Case(folder / name, Outcome.indexed, f"{fmt} image", "archive boxes"))
    grey16 = page_image(["Sixteen bit scan of a permit"]).point(lambda value: value * 257, mode="I")
    grey16.convert("I;16").save(folder / "permit-16bit.png")
    page_image(["Colour proof in CMYK"], mode="CMYK").save(folder / "proof-cmyk.jpg", quality=95)
    page_image(["Colour proof in CMYK"], mode="CMYK").save(folder / "proof-cmyk.tif", compression="tiff_lzw")
    made += [
        Case(folder / "permit-16bit.png", Outcome.indexed, "16-bit grey PNG", "permit"),
        Case(folder / "proof-cmyk.jpg", Outcome.indexed, "CMYK JPEG", "Colour proof"),
        Case(folder / "proof-cmyk.tif", Outcome.indexed, "CMYK TIFF", "Colour proof"),
    ]
    return made


def _pdf_cases(folder: Path) -> list[Case]:
    import img2pdf

    good = make_text_pdf(folder / "plain.tmp.pdf", ["Planning permission granted for the annex"])
    writer = PdfWriter(clone_from=good)
    writer.encrypt(user_password="secret", owner_password="owner")
    writer.write(folder / "locked.pdf")
    writer = PdfWriter(clone_from=good)
    writer.encrypt(user_password="", owner_password="owner")  # opens without a password; only editing is locked
    writer.write(folder / "owner-only.pdf")
    good.unlink()
    fax = io.BytesIO()
    page_image(["Facsimile from the land registry"], mode="1").save(fax, format="TIFF", compression="group4",
                                                                   dpi=(200, 200))
    (folder / "fax-ccitt.pdf").write_bytes(img2pdf.convert(fax.getvalue()))
    return [
        Case(folder / "locked.pdf", Outcome.quarantined, "password-protected PDF", "password"),
        Case(folder / "owner-only.pdf", Outcome.indexed, "owner-password-only PDF", "Planning permission granted"),
        Case(folder / "fax-ccitt.pdf", Outcome.indexed, "CCITT group 4 PDF", "land registry"),
    ]


def _hostile_cases(folder: Path) -> list[Case]:
    bomb = make_docx(folder / "bomb.docx", ["Innocent looking"])
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("customXml/padding.xml", b"<a>" + b" " * 40_000_000 + b"</a>")
    entities = make_docx(folder / "entities.tmp.docx", ["placeholder"])
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
              '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
              "<w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>")
    _replace_member(entities, folder / "entities.docx", "word/document.xml", laughs.encode())
    entities.unlink()
    whole = make_docx(folder / "whole.tmp.docx", ["Cut short in transfer"]).read_bytes()
    (folder / "truncated.docx").write_bytes(whole[: len(whole) // 2])
    _replace_member(folder / "whole.tmp.docx", folder / "garbled.docx", "word/document.xml", b"<w:document><oops")
    (folder / "whole.tmp.docx").unlink()
    (folder / "empty.docx").write_bytes(b"")
    (folder / "damaged.doc").write_bytes(_ole_header_only())
    (folder / "minutes-1998.doc").write_bytes(compound_file({"WordDocument": b"\0" * 4200, "1Table": b"\0" * 600}))
    (folder / "protected.docx").write_bytes(compound_file({"EncryptionInfo": b"\4\0\4\0" + b"\0" * 200,
                                                           "EncryptedPackage": b"\0" * 5000}))
    (folder / "photo.docx").write_bytes(_png_bytes())
    return [
        Case(folder / "bomb.docx", Outcome.quarantined, "zip-bomb .docx", "decompression bomb"),
        Case(folder / "entities.docx", Outcome.quarantined, "XML-entity .docx", "XML entit"),
        Case(folder / "truncated.docx", Outcome.quarantined, "truncated .docx", "damaged or incomplete ZIP"),
        Case(folder / "garbled.docx", Outcome.quarantined, "corrupt XML in .docx", "damaged Office document"),
        Case(folder / "empty.docx", Outcome.quarantined, "empty file", "empty"),
        Case(folder / "damaged.doc", Outcome.quarantined, "damaged OLE2 file", "OLE2"),
        Case(folder / "minutes-1998.doc", Outcome.quarantined, "Word 97-2003 .doc", "Word 97-2003 document"),
        Case(folder / "protected.docx", Outcome.quarantined, "password-protected .docx", "password-protected"),
        Case(folder / "photo.docx", Outcome.indexed, "PNG named .docx", ""),
    ]


def _replace_member(source: Path, target: Path, name: str, payload: bytes) -> None:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for member in original.infolist():
            copy.writestr(member.filename, payload if member.filename == name else original.read(member))


def _ole_header_only() -> bytes:
    """The signature of an OLE2 compound file (as .doc, .xls and .msg are) followed by nothing usable."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _png_bytes() -> bytes:
    buffer = io.BytesIO()
    page_image(["Photo of a signed form"]).save(buffer, format="PNG")
    return buffer.getvalue()
