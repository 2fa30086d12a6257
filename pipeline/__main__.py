"""`python -m pipeline` runs the CLI."""

from __future__ import annotations

from pipeline.cli import main

if __name__ == "__main__":  # not when a worker started as a new interpreter imports it
    main()
