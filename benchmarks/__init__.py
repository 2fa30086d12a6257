"""The benchmark harness behind `make bench`: our commands against peer tools, same files, same run.

It lives at the top level, not under `tests/`, because it is not part of the test suite: it
measures rather than asserts, runs for minutes, and installs the peer tools (translate-toolkit,
mdpo, Babel's `pybabel`) into a venv of its own (`.bench/peers-venv`) so that their
dependencies never meet the project's. Scripts that run inside that venv live in
`benchmarks/peer_scripts/` and import nothing from here.

    .venv/bin/python -m benchmarks.run [--scale N]... [--runs 3] [--stages a,b] [--quick]
"""
