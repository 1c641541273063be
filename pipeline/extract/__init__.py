"""Reading a file: detect its type by content, then the text of every page — text layer or OCR.

`detect` sniffs the type; `dispatch.extract` picks the reader (`pdf`, `image`, `plain_text`); scanned
pages go through `page_prep` (steps chosen by `page_measure`, `paper_crop`) and `page_ocr` on the OCR
engine port (`ocr`, Tesseract adapter), and `reading_order` puts their lines in order;
`text_quality` judges a text layer; `searchable_pdf` and `page_images` render pages.

May import: the vocabulary modules only. Extraction runs in worker processes that never touch the
catalog, the archive or the search index. Only this package imports tesserocr, OpenCV, pdfplumber and pypdfium2.
"""
