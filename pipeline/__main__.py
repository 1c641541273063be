"""`python -m pipeline` runs the recordkeeper command line."""

from pipeline.cli.main import main

main()
