"""Pages in other scripts, pages with almost no text, and a page too large to read at full resolution.

Born-digital PDFs made with reportlab and an embedded font that has the glyphs: Droid Sans Fallback
(Debian `fonts-droid-fallback`) for Chinese, DejaVu Sans (`fonts-dejavu-core`) for Arabic and Latin.
"""

from __future__ import annotations

import re
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from tests.corpus import Case, Outcome

FONTS = {"cjk": Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
         "dejavu": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")}
CHINESE = ["东北电气发展股份有限公司 2018 年第一季度报告全文",
           "本公司董事会、监事会及董事、监事、高级管理人员保证季度报告内容的真实、准确、完整。",
           "公司负责人、主管会计工作负责人及会计机构负责人声明：保证季度报告中财务报表的真实、准确、完整。"]
ARABIC = ["فاتورة الشهر الماضي من شركة الكهرباء الوطنية",
          "المبلغ المستحق يدفع خلال ثلاثين يوما من تاريخ الفاتورة",
          "شكرا لتعاملكم معنا"]
MIXED = ["habibi حَبيبي", "Invoice 2018-044 for Nordic Electric / 东北电气 / Москва поставка", "Ελληνικά στοιχεία"]
# Digits stay left to right inside right-to-left text, so a run holds letters and spaces only.
_RTL_RUN = re.compile(r"[\u0590-\u08ff][\u0590-\u08ff\s]*[\u0590-\u08ff]|[\u0590-\u08ff]")
# The page from issue #13: 8400 x 8400 pt (almost 3 x 3 m), with a line of text too short to keep unread.
HUGE_POINTS = 8400


def fonts_present() -> bool:
    return all(path.exists() for path in FONTS.values())


def _font(name: str) -> str:
    font = f"RK-{name}"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(font, str(FONTS[name])))
    return font


def text_pdf(path: Path, lines: list[str], size: float = 14, page: tuple[float, float] = (595, 842)) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=page, invariant=1)
    for number, line in enumerate(lines):
        text = pdf.beginText(60, page[1] - 80 - 1.7 * size * number)
        for run, font in _runs(_visual_order(line)):
            text.setFont(font, size)
            text.textOut(run)
        pdf.drawText(text)
    pdf.showPage()
    pdf.save()
    return path


def _runs(line: str) -> list[tuple[str, str]]:
    """The line cut into runs each drawn in a font that has its glyphs (Droid's Latin lacks digits)."""
    runs: list[tuple[str, str]] = []
    for ch in line:
        font = _font("cjk") if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" else _font("dejavu")
        if runs and runs[-1][1] == font:
            runs[-1] = (runs[-1][0] + ch, font)
        else:
            runs.append((ch, font))
    return runs


def _visual_order(line: str) -> str:
    """Right-to-left runs reversed, as PDF producers store them (glyphs left to right on the page);
    pdfium puts them back in reading order when it extracts the text."""
    return _RTL_RUN.sub(lambda match: match.group(0)[::-1], line)


def blank_pdf(path: Path) -> Path:
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.showPage()
    pdf.save()
    return path


def cases(folder: Path) -> list[Case]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        Case(text_pdf(folder / "chinese-quarterly-report.pdf", CHINESE), Outcome.indexed,
             "Chinese born-digital PDF", "东北电气发展股份有限公司"),
        Case(text_pdf(folder / "arabic-invoice.pdf", ARABIC), Outcome.indexed, "Arabic born-digital PDF",
             "الكهرباء"),
        Case(text_pdf(folder / "mixed-scripts.pdf", MIXED), Outcome.indexed, "mixed-script born-digital PDF",
             "Москва"),
        Case(text_pdf(folder / "dummy.pdf", ["Dummy PDF file"]), Outcome.indexed, "short valid text layer",
             "Dummy PDF file"),
        Case(text_pdf(folder / "site-plan.pdf", ["Site plan"], size=160, page=(HUGE_POINTS, HUGE_POINTS)),
             Outcome.indexed, "8400x8400 pt page", "Site plan"),
        # A blank sheet from the scanner is still a record (nothing dropped in an inbox is lost).
        Case(blank_pdf(folder / "blank.pdf"), Outcome.indexed, "blank page"),
    ]
