"""The search index: the port every engine implements, the query language, and the index queue.

`port` is the `SearchIndex` protocol and its request/result types; `query` parses the query language
once for every engine; `folding` is how both compare letters; `index_queue` keeps an engine that cannot
join the catalog's transaction in step with it (writes, removals, the dead letter) and `rebuild_guard`
makes its rebuilds one at a time and crash-safe. Adapters: `sqlite/` (FTS5 in the catalog file, the
default) and `elasticsearch/`.

May import: `pipeline.catalog` and the vocabulary modules. Never the CLI, web, intake or lifecycle.
Only `search.elasticsearch` imports the Elasticsearch client.
"""
