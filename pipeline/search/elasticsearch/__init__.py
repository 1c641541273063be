"""The Elasticsearch search-index adapter: index template and mapping, query translation, bulk writes
with their own retries (`bulk`), searches past the result window (`paging`).

The only package that imports the `elasticsearch` client. May import: `pipeline.search` (port, query)
and the vocabulary modules.
"""
