"""Understanding a record: the worker-side stages after extraction, and the metadata they find.

`analysis` runs detect → extract → classify → enrich for one file in a worker process; `metadata`
finds the document date, language, retention and access; `entities` (spaCy NER) and `pii` flag
parties, identifiers and personal data.

May import: `pipeline.extract`, `classifiers` and the vocabulary modules. Never the catalog, search
index or workspace: a worker only reads the file, the parent files it.
"""
