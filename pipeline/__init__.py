"""Recordkeeper: document intake, classification, archive and search for records offices."""

__version__ = "0.1.0"
