"""The web UI and HTTP API (FastAPI, server-rendered Jinja2 templates)."""
