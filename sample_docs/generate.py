"""Generate the Recordkeeper sample records and text corpus, with known truth.

The intake pipeline (text extraction, OCR, classification, search) needs test
documents whose class and exact text are known.  This script makes them from
the templates in templates.py, deterministically (fixed seed, no timestamps):

  born_digital/*.pdf   PDFs drawn with reportlab (real text layer, varied layouts)
  scans/*              page images rendered with Pillow: clean PNG, noisy JPEG or
                       image-only PDF, slightly skewed PNG/TIFF, pages turned by
                       90/180/270 degrees, some multi-page TIFF/PDF
  text/*.txt           plain-text records (e-mail exports, minutes)
  manifest.csv         file,class_code,kind,dpi,rotation,text
  corpus.jsonl         labelled text only, no files: {"id", "class_code", "text"}
                       per line, 30 per class, for training and evaluating the
                       text classifier

The rendered documents listed in manifest.csv are the end-to-end samples: they
go through extraction and OCR like real intake.  corpus.jsonl is larger and
harder: it reuses every template and adds variants, about a third of them worded
without the file plan's keywords (a "fee note", a "supply request", a "client"
rather than a patient), so that keyword rules alone fall short while a trained
model can learn the classes.  Its random numbers come from their own seeds, so
adding to it never changes the rendered samples.

In the manifest, ``text`` is the exact text drawn: lines in reading order joined
with newlines, pages joined with form feeds.  ``rotation`` is how many degrees
clockwise the page image was turned; undo it with Pillow's
``img.rotate(rotation, expand=True)``.  Only scans have a ``dpi``.

Re-running clears and rewrites born_digital/, scans/, text/, manifest.csv and
corpus.jsonl in the output folder (default: the folder holding this script);
with --corpus-only it writes corpus.jsonl alone, in a fraction of a second.
"""

import argparse
import csv
import json
import os
import random
import shutil
import textwrap
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import reportlab
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.colors import HexColor, black, white
from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from templates import Fake, corpus_template_count, make_corpus_document, make_document

SEED = 20250303
PAGE_W, PAGE_H = letter  # points; scans use the same page geometry scaled to their DPI
FONT_DIR = Path(os.path.dirname(reportlab.__file__)) / "fonts"
# Fonts shipped with reportlab, so scans look the same on every machine.
SCAN_FONTS = [("Vera.ttf", "VeraBd.ttf"), ("_er_____.pfb", "_eb_____.pfb"),
              ("_a______.pfb", "_ab_____.pfb")]
PDF_FONTS = [("Helvetica", "Helvetica-Bold"), ("Times-Roman", "Times-Bold")]
BAND_COLORS = ["#1F3A5F", "#2E5E4E", "#6B2737", "#3B3F46"]
FIXED_PDF_DATE = time.strptime("2025-01-01", "%Y-%m-%d")  # Pillow would stamp the current time

# Per class: file prefix and (template index, kind, format) for each document.
# Multi-page templates (LEG-CON 0, LEG-CRT 1, ADM-RPT 0) go where several pages are wanted.
PLAN = {
    "FIN-AP": ("inv", [(0, "born_digital", "pdf"), (1, "born_digital", "pdf"),
                       (2, "born_digital", "pdf"), (3, "scan_clean", "png"),
                       (0, "scan_noisy", "jpg"), (2, "scan_skewed", "png")]),
    "FIN-PO": ("po", [(0, "born_digital", "pdf"), (1, "born_digital", "pdf"),
                      (2, "born_digital", "pdf"), (1, "scan_clean", "png"),
                      (0, "scan_skewed", "png"), (2, "scan_noisy", "jpg")]),
    "LEG-CON": ("con", [(0, "born_digital", "pdf"), (1, "born_digital", "pdf"),
                        (2, "born_digital", "pdf"), (3, "scan_clean", "png"),
                        (0, "scan_skewed", "tif"), (2, "scan_noisy", "jpg")]),
    "COR-GEN": ("cor", [(0, "born_digital", "pdf"), (1, "born_digital", "pdf"),
                        (2, "born_digital", "pdf"), (1, "scan_clean", "png"),
                        (0, "scan_noisy", "jpg"), (3, "text", "txt"), (4, "text", "txt")]),
    "HR-PER": ("hr", [(0, "born_digital", "pdf"), (1, "born_digital", "pdf"),
                      (2, "born_digital", "pdf"), (3, "scan_clean", "png"),
                      (4, "scan_skewed", "png"), (0, "scan_rotated", "png"), (3, "text", "txt")]),
    "MED-HF": ("med", [(0, "born_digital", "pdf"), (1, "born_digital", "pdf"),
                       (2, "born_digital", "pdf"), (3, "scan_clean", "png"),
                       (1, "scan_noisy", "jpg"), (2, "scan_rotated", "tif")]),
    "LEG-CRT": ("crt", [(0, "born_digital", "pdf"), (1, "born_digital", "pdf"),
                        (2, "born_digital", "pdf"), (3, "scan_clean", "png"),
                        (1, "scan_noisy", "pdf"), (0, "scan_skewed", "png")]),
    "GOV-MIN": ("min", [(0, "born_digital", "pdf"), (1, "born_digital", "pdf"),
                        (2, "born_digital", "pdf"), (0, "scan_clean", "png"),
                        (2, "scan_skewed", "tif"), (3, "text", "txt"), (1, "text", "txt")]),
    "ADM-RPT": ("rpt", [(0, "born_digital", "pdf"), (1, "born_digital", "pdf"),
                        (2, "born_digital", "pdf"), (3, "scan_clean", "png"),
                        (2, "scan_noisy", "pdf"), (1, "scan_rotated", "png"), (3, "text", "txt")]),
}
ROTATIONS = {"HR-PER": 180, "MED-HF": 270, "ADM-RPT": 90}
CORPUS_PER_CLASS = 30


@dataclass
class Op:
    """One string placed on a page; y is the baseline, measured down from the top."""
    x: float
    y: float
    text: str
    bold: bool
    size: float
    align: str = "l"
    white: bool = False


@dataclass
class Page:
    ops: list = field(default_factory=list)
    lines: list = field(default_factory=list)  # the page's text, one entry per drawn line
    rules: list = field(default_factory=list)  # y positions of horizontal rules (PDF only)
    band: float = 0.0  # height of a coloured letterhead band (PDF only)


@dataclass
class Spec:
    """How to lay out one document: fonts, sizes and the letterhead style."""
    measure: object  # (text, bold, size) -> width in points
    sizes: dict  # style -> (bold, size in points)
    margin: float = 72
    top: float = 60
    scan: bool = False  # scans: single left-aligned column, tables flattened to lines
    letterhead: str = "plain"  # plain | band | rule | center
    title_align: str = "l"
    footer: str = ""  # "", "l", "c" or "r": where "Page i of n" goes


class Composer:
    """Flows blocks onto pages, recording every line drawn."""

    def __init__(self, spec):
        self.spec = spec
        self.pages = [Page()]
        self.y = spec.top
        self.head_bottom = 0.0  # baseline of the last letterhead line, if any
        self.left_letterhead = False

    @property
    def width(self):
        return PAGE_W - 2 * self.spec.margin

    def new_page(self):
        self.pages.append(Page())
        self.y = self.spec.top

    def advance(self, size, extra=0.0):
        if self.pages[-1].ops:
            self.y += extra
        if self.y + size * 1.32 > PAGE_H - 66:
            self.new_page()
        self.y += size * 1.32

    def align_for(self, style):
        if self.spec.scan:
            return "l"
        if style in ("org", "sub") and self.spec.letterhead in ("band", "center"):
            return "c" if self.spec.letterhead == "center" else "l"
        return {"r": "r", "c": "c", "title": self.spec.title_align}.get(style, "l")

    def text(self, text, style):
        bold, size = self.spec.sizes[style]
        align = self.align_for(style)
        # Breathing room before headings, paragraphs and the first line under a letterhead.
        extra = {"title": 0.6, "h": 0.5, "p": 0.45}.get(style, 0.0) * size
        if self.head_bottom and style not in ("org", "sub") and not self.left_letterhead:
            self.left_letterhead = True
            extra = max(extra, 12.0)
        for line in wrap(text, self.width, lambda s: self.spec.measure(s, bold, size)):
            self.advance(size, extra)
            extra = 0.0
            x = {"l": self.spec.margin, "c": PAGE_W / 2, "r": PAGE_W - self.spec.margin}[align]
            letterhead = style in ("org", "sub") and len(self.pages) == 1
            if letterhead:
                self.head_bottom = self.y
            banded = letterhead and self.spec.letterhead == "band"
            self.place(Op(x, self.y, line, bold, size, align, banded), line)

    def place(self, op, line):
        self.pages[-1].ops.append(op)
        self.pages[-1].lines.append(line)

    def table(self, table):
        if self.spec.scan:
            for line in table.flat:
                self.text(line, "line")
            return
        bold_size = self.spec.sizes["rows"][1]
        for i, cells in enumerate([table.header, *table.rows]):
            self.advance(bold_size, bold_size * 0.4 if i == 0 else 0.0)
            for cell, (frac, align) in zip(cells, table.cols, strict=True):
                x = self.spec.margin + frac * self.width
                self.pages[-1].ops.append(Op(x, self.y, cell, i == 0, bold_size, align))
            self.pages[-1].lines.append(" ".join(cells))
            if i == 0:
                self.pages[-1].rules.append(self.y + 4)

    def add_footers(self):
        if not self.spec.footer:
            return
        size = self.spec.sizes["sub"][1]
        x = {"l": self.spec.margin, "c": PAGE_W / 2, "r": PAGE_W - self.spec.margin}
        for n, page in enumerate(self.pages, 1):
            line = f"Page {n} of {len(self.pages)}"
            page.ops.append(Op(x[self.spec.footer], PAGE_H - 36, line, False, size, self.spec.footer))
            page.lines.append(line)


def wrap(text, width, measure):
    """Greedy word wrap by measured width, so lines match what is actually drawn."""
    lines, current = [], ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if current and measure(trial) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current] if current else lines


def compose(blocks, spec):
    composer = Composer(spec)
    for block in blocks:
        if block.style == "gap":
            composer.y += spec.sizes["p"][1] * 0.7 if composer.pages[-1].ops else 0
        elif block.style == "page":
            composer.new_page()
        elif block.style == "rows":
            composer.table(block.table)
        else:
            composer.text(block.text, block.style)
    if composer.head_bottom and spec.letterhead == "band":
        composer.pages[0].band = composer.head_bottom + 14
    elif composer.head_bottom and spec.letterhead == "rule":
        composer.pages[0].rules.append(composer.head_bottom + 7)
    composer.add_footers()
    return composer.pages


def page_text(pages):
    return "\f".join("\n".join(page.lines) for page in pages)


def pdf_spec(rng):
    regular, bold = rng.choice(PDF_FONTS)
    body = rng.choice([10, 10.5, 11])
    sizes = {"org": (True, body + 7), "sub": (False, body - 1.5), "title": (True, body + 4),
             "h": (True, body + 0.5), "rows": (False, body - 0.5)}
    sizes.update({s: (False, body) for s in ("p", "line", "r", "c")})
    return Spec(measure=lambda s, b, size: stringWidth(s, bold if b else regular, size),
                sizes=sizes, margin=rng.choice([60, 66, 72]), top=rng.choice([48, 56, 64]),
                letterhead=rng.choice(["plain", "band", "rule", "center"]),
                title_align=rng.choice("lc"), footer=rng.choice(["", "c", "r"])), (regular, bold)


@cache
def scan_font(name, px):
    return ImageFont.truetype(str(FONT_DIR / name), px)


def scan_spec(rng, dpi):
    regular, bold = rng.choice(SCAN_FONTS)
    body = rng.choice([11.5, 12]) if regular.startswith("_er") else rng.choice([11, 11.5, 12])
    sizes = {"org": (True, body + 3), "title": (True, body + 2), "h": (True, body)}
    sizes.update({s: (False, body) for s in ("sub", "p", "line", "r", "c", "rows")})
    scale = dpi / 72

    def measure(s, b, size):
        return scan_font(bold if b else regular, round(size * scale)).getlength(s) / scale
    return Spec(measure=measure, sizes=sizes, top=66, scan=True,
                footer=rng.choice(["", "l"])), (regular, bold)


def write_pdf(pages, path, fonts, rng):
    pdf = canvas.Canvas(str(path), pagesize=letter, invariant=1)  # invariant: no timestamps
    pdf.setCreator("Recordkeeper sample generator")
    band = HexColor(rng.choice(BAND_COLORS))
    for page in pages:
        if page.band:
            pdf.setFillColor(band)
            pdf.rect(0, PAGE_H - page.band, PAGE_W, page.band, stroke=0, fill=1)
        for y in page.rules:
            pdf.setLineWidth(0.6)
            pdf.line(60, PAGE_H - y, PAGE_W - 60, PAGE_H - y)
        for op in page.ops:
            pdf.setFillColor(white if op.white else black)
            pdf.setFont(fonts[1] if op.bold else fonts[0], op.size)
            draw = {"l": pdf.drawString, "r": pdf.drawRightString, "c": pdf.drawCentredString}
            draw[op.align](op.x, PAGE_H - op.y, op.text)
        pdf.showPage()
    pdf.save()


def rasterize(page, fonts, dpi):
    scale = dpi / 72
    img = Image.new("L", (round(PAGE_W * scale), round(PAGE_H * scale)), 255)
    draw = ImageDraw.Draw(img)
    for op in page.ops:
        font = scan_font(fonts[1] if op.bold else fonts[0], round(op.size * scale))
        draw.text((op.x * scale, op.y * scale), op.text, font=font, fill=0, anchor="ls")
    return img


def add_scanner_noise(img, rng):
    """Paper grain, toner specks and slight blur, mild enough for OCR to cope."""
    w, h = img.size
    # Sum of two uniform noises is roughly bell-shaped; rng keeps it reproducible.
    grain = ImageChops.add(*(Image.frombytes("L", img.size, rng.randbytes(w * h))
                             for _ in range(2)), scale=2.0)
    img = Image.blend(img, grain.filter(ImageFilter.BoxBlur(1)), 0.16)
    draw = ImageDraw.Draw(img)
    for _ in range(400):
        x, y, r = rng.randrange(w), rng.randrange(h), rng.choice([1, 1, 2, 3])
        draw.ellipse((x, y, x + r, y + r), fill=rng.randrange(40, 140))
    return img.filter(ImageFilter.GaussianBlur(0.6))


def degrade(img, kind, rng, rotation):
    if kind == "scan_noisy":
        return add_scanner_noise(img, rng)
    if kind == "scan_skewed":
        # Tesseract 5.3 starts dropping whole paragraphs once a page leans clockwise by
        # about 1.7 degrees (counter-clockwise is fine to 3), so clockwise skew stays gentler.
        angle = rng.choice([rng.uniform(1.0, 3.0), -rng.uniform(1.0, 1.5)])
        return img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    if kind == "scan_rotated":
        return img.rotate(-rotation, expand=True)  # Pillow turns counter-clockwise
    return img


def save_images(images, path, fmt, dpi):
    first, rest = images[0], images[1:]
    if fmt == "png":
        first.save(path, dpi=(dpi, dpi), optimize=True)
    elif fmt == "jpg":
        first.save(path, quality=80, dpi=(dpi, dpi))
    elif fmt == "tif":
        first.save(path, save_all=True, append_images=rest, compression="tiff_deflate",
                   dpi=(dpi, dpi))
    else:
        first.save(path, "PDF", save_all=True, append_images=rest, resolution=dpi, quality=80,
                   title=path.stem, creationDate=FIXED_PDF_DATE, modDate=FIXED_PDF_DATE)


def make_scan(blocks, path, kind, fmt, rng, rotation):
    dpi = rng.choice([200, 200, 300]) if kind == "scan_noisy" else 300
    spec, fonts = scan_spec(rng, dpi)
    pages = compose(blocks, spec)
    if len(pages) > 1 and fmt in ("png", "jpg"):
        # A single-image format cannot hold several pages; keep the document whole.
        fmt = "tif" if fmt == "png" else "pdf"
        path = path.with_suffix("." + fmt)
    images = [degrade(rasterize(page, fonts, dpi), kind, rng, rotation) for page in pages]
    save_images(images, path, fmt, dpi)
    return path, dpi, page_text(pages)


def plain_text(blocks):
    """Text-file rendering: paragraphs wrapped at 72 columns like an e-mail export."""
    lines, previous = [], ""
    for block in blocks:
        # Blank lines between paragraphs and before headings, as a person would type them.
        if lines and lines[-1] and (block.style == "h" or block.style == previous == "p"):
            lines.append("")
        previous = block.style
        if block.style == "rows":
            lines += block.table.flat
        elif block.style in ("gap", "page"):
            if lines and lines[-1]:
                lines.append("")
        elif block.style == "p":
            lines += textwrap.wrap(block.text, 72, break_on_hyphens=False, break_long_words=False)
        else:
            lines.append(block.text)
    return "\n".join(lines).strip("\n")


def build(out, seed):
    used = set()  # identifiers already handed out, shared so they stay corpus-unique
    rows = []
    for class_code, (prefix, docs) in PLAN.items():
        for n, (template, kind, fmt) in enumerate(docs, 1):
            name = f"{prefix}-{n:03d}"
            rng = random.Random(f"{seed}:{name}")  # per-document stream: edits stay local
            blocks = make_document(class_code, template, Fake(rng, used))
            rotation = ROTATIONS[class_code] if kind == "scan_rotated" else 0
            dpi = ""
            if kind == "born_digital":
                path = out / "born_digital" / f"{name}.pdf"
                spec, fonts = pdf_spec(rng)
                pages = compose(blocks, spec)
                write_pdf(pages, path, fonts, rng)
                text = page_text(pages)
            elif kind == "text":
                path = out / "text" / f"{name}.txt"
                text = plain_text(blocks)
                path.write_text(text + "\n", encoding="ascii")
            else:
                path, dpi, text = make_scan(blocks, out / "scans" / f"{name}.{fmt}",
                                            kind, fmt, rng, rotation)
            rows.append([path.relative_to(out).as_posix(), class_code, kind, dpi, rotation, text])
    return rows


def build_corpus(seed):
    """The text-only corpus: CORPUS_PER_CLASS texts per class, cycling through its templates."""
    docs = []
    for class_code in PLAN:
        count = corpus_template_count(class_code)
        for n in range(1, CORPUS_PER_CLASS + 1):
            doc_id = f"corpus-{class_code.lower()}-{n:03d}"
            rng = random.Random(f"{seed}:{doc_id}")  # own stream: the rendered samples stay as they are
            # Names and numbers need only be unique within a text (the corpus is not searched),
            # and 270 texts would exhaust the pools of organisation and person names.
            blocks = make_corpus_document(class_code, (n - 1) % count, Fake(rng, set()))
            docs.append({"id": doc_id, "class_code": class_code, "text": plain_text(blocks)})
    return docs


def write_corpus(out, seed):
    docs = build_corpus(seed)
    with open(out / "corpus.jsonl", "w", newline="\n", encoding="ascii") as fh:
        for doc in docs:
            fh.write(json.dumps(doc) + "\n")
    return len(docs)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent,
                        help="output folder (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=SEED,
                        help="random seed; the default reproduces the committed samples")
    parser.add_argument("--corpus-only", action="store_true",
                        help="write only corpus.jsonl (text, no rendering); leave the rest as is")
    args = parser.parse_args(argv)
    if args.corpus_only:
        args.out.mkdir(parents=True, exist_ok=True)
        print(f"wrote {write_corpus(args.out, args.seed)} corpus texts to {args.out / 'corpus.jsonl'}")
        return
    for sub in ("born_digital", "scans", "text"):
        shutil.rmtree(args.out / sub, ignore_errors=True)
        (args.out / sub).mkdir(parents=True)
    rows = build(args.out, args.seed)
    with open(args.out / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["file", "class_code", "kind", "dpi", "rotation", "text"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} documents and {write_corpus(args.out, args.seed)} corpus texts to {args.out}")


if __name__ == "__main__":
    main()
