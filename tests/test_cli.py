"""The command line's shape: a lazy group whose `--version` and `--help` import no stage.

Each command lives in its own module under `pipeline/commands/`, loaded when it runs; the
group lists them from a table. The help of every command is a golden text, so that moving a
command between modules cannot change a single option or line a user reads.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from pipeline.cli import COMMANDS, main
from tests.conftest import GOLDEN, compare_golden

HELP = GOLDEN / "cli"
HEAVY = ("markdown_it", "babel", "ruamel", "polib", "regex", "rapidfuzz")
"""What a stage imports and the group must not: each costs tens of milliseconds at start-up."""


def command_paths(group: click.Group, ctx: click.Context) -> Iterator[tuple[str, ...]]:
    """Every command and subcommand, e.g. ("xliff", "export"), by asking the group."""
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        yield (name,)
        if isinstance(command, click.Group):
            yield from ((name, *path) for path in command_paths(command, ctx))


PATHS = [(), *command_paths(main, click.Context(main))]


def golden_name(path: tuple[str, ...]) -> str:
    return "-".join(path or ("pipeline",)) + ".txt"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "pipeline")
def test_help_of_every_command_is_unchanged(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"], prog_name="pipeline", terminal_width=80)
    assert result.exit_code == 0
    compare_golden(HELP / golden_name(path), result.stdout)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_table_says_what_each_command_says(name: str) -> None:
    command = main.get_command(click.Context(main), name)
    assert command is not None
    assert (command.name, command.get_short_help_str(limit=200)) == (name, COMMANDS[name][1])


def imported_by(*args: str) -> dict[str, object]:
    """Run `pipeline ARGS` in a fresh interpreter: its output, the heavy modules and commands it
    loaded."""
    code = (
        "import json, sys\n"
        "from pipeline.cli import main\n"
        "try:\n    main(sys.argv[1:])\n"
        "except SystemExit as exit:\n    status = exit.code\n"
        f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))\n"
        "commands = sorted(m for m in sys.modules if m.startswith('pipeline.commands.'))\n"
        "print(json.dumps({'status': status, 'heavy': heavy, 'commands': commands}),"
        " file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    found: dict[str, object] = json.loads(done.stderr.splitlines()[-1])
    return {**found, "stdout": done.stdout}


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("-h",)])
def test_version_and_help_import_no_stage(args: tuple[str, ...]) -> None:
    found = imported_by(*args)
    assert (found["status"], found["heavy"], found["commands"]) == (0, [], [])
    assert "pipeline" in str(found["stdout"])


def test_a_command_loads_its_own_module_alone() -> None:
    found = imported_by("coverage", "--help")
    assert (found["status"], found["commands"]) == (0, ["pipeline.commands.coverage"])
    assert "--fail-under" in str(found["stdout"])


def test_an_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["extrat"], prog_name="pipeline")
    assert result.exit_code == 2
    assert "No such command 'extrat'" in result.stderr
