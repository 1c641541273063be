"""`python -m pipeline` runs the recordkeeper command line."""

from pipeline.cli import main

main()
