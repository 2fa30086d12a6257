"""`pybabel update` for every document, called through Babel's own CLI class in one process.

    python babel_update.py TEMPLATES_DIR LOCALES_DIR [LIMIT]

Runs in the peers' venv. Each document is its own gettext domain, so this is what
`pybabel update -i TEMPLATES_DIR/<doc>.pot -d LOCALES_DIR -D <doc> --previous --no-wrap`
does for each document (every locale found under LOCALES_DIR), without 1,000 interpreter
start-ups; with LIMIT, for the first LIMIT documents only. Babel does not read `#|` previous
msgids (python-babel/babel#206) and writes a long one as wrapped comment lines that GNU
gettext rejects: its output is timed, not used.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface


def main() -> None:
    templates, locales = Path(sys.argv[1]), sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else None
    for template in sorted(templates.glob("*.pot"))[:limit]:
        argv = ["pybabel", "-q", "update", "-i", str(template), "-d", locales]
        argv += ["-D", template.stem, "--previous", "--no-wrap"]
        CommandLineInterface().run(argv)  # type: ignore[no-untyped-call]


if __name__ == "__main__":
    main()
