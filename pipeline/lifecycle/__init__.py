"""What happens to a filed record: corrections, retention, legal holds, approved disposal with a
certificate, physical custody, audits and reports.

May import: `pipeline.enrich`, `classifiers`, `pipeline.workspace`, `pipeline.search`,
`pipeline.catalog` and the vocabulary. Never the CLI, web or intake.
"""
