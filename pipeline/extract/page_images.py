"""Pictures of an archived original's pages, for people to look at (record page, review queue)."""

from __future__ import annotations

import io
from pathlib import Path


def render_page_png(path: Path, media_type: str, page_number: int, width: int, rotation: int = 0) -> bytes | None:
    """One page as a PNG about `width` pixels wide, or None when the file has no such page or no pictures.

    `rotation` is the turn OCR found, so a sideways scan is shown upright.
    """
    from PIL import Image

    if media_type == "application/pdf":
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(path))
        try:
            if not 1 <= page_number <= len(document):
                return None
            page = document[page_number - 1]
            image = page.render(scale=width / page.get_width()).to_pil()
        finally:
            document.close()
    elif media_type.startswith("image/"):
        with Image.open(path) as source:
            try:
                source.seek(page_number - 1)
            except EOFError:
                return None
            image = source.convert("L")
            image.thumbnail((width, width * 2))
    else:
        return None
    if rotation:
        image = image.rotate(rotation, expand=True, fillcolor=255)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
