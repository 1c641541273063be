"""The embedded search-index adapter: SQLite FTS5 in the catalog file, BM25 ranking.

May import: `pipeline.search` (port, query) and the vocabulary modules.
"""
