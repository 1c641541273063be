"""The Elasticsearch search-index adapter: index template and mapping, query translation, bulk writes.

The only package that imports the `elasticsearch` client. May import: `pipeline.search` (port, query)
and the vocabulary modules.
"""
