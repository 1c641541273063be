"""The catalog: the record of truth on one machine — records, pages, jobs, accounts, the audit trail —
and the content-addressed archive of originals.

`sqlite.Catalog` is the SQLite adapter of the catalog port (WAL, one writer); `archive` stores and
verifies originals; `accounts` holds users, roles and tokens; `audit_trail` chains audit entries.

May import: the vocabulary modules (`pipeline.settings`, `file_plan`, `errors`, `records`, `pages`) only.
"""
