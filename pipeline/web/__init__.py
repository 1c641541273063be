"""The web UI and HTTP API (FastAPI, server-rendered Jinja2 templates).

The top layer beside the CLI: may import every package except `pipeline.cli`.
"""
