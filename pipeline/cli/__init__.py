"""The `recordkeeper` command line: one module per command group, `render` for tables and JSON.

The top layer: may import every other package. Nothing imports it but `pipeline.__main__`.
"""
