"""`python -m pipeline` runs the CLI."""

from __future__ import annotations

from pipeline.cli import main

main()
