"""Getting files in: watched inboxes, the durable job queue, worker processes, filing and quarantine.

`inbox` notices settled files and takes them into the spool; `jobs` is the queue in the catalog;
`worker` runs `enrich.analysis` in processes; `register` files a result (archive, catalog, index) or
quarantines it; `service` is the watch service; `ingest` is the one-shot batch.

May import: `pipeline.enrich`, `pipeline.extract`, `classifiers`, `pipeline.workspace`,
`pipeline.search`, `pipeline.catalog` and the vocabulary. Never the CLI, web or lifecycle.
"""
