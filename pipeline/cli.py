"""The Click command line: the group, its options and error handling; each command in commands/.

Only this module and `commands/` import Click, print or exit. The group loads a command's
module when that command runs, so `--version` and `--help` import no stage.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import importlib
import io
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click

from pipeline import __version__
from pipeline.errors import PipelineError

if TYPE_CHECKING:
    from pipeline.config import Config

DEFAULT_CONFIG = "pipeline.yaml"

COMMANDS = {
    "build": (
        "pipeline.commands.build",
        "Catalogs -> bundles/: localized Markdown, JSON with HTML and .mo, and manifest.json.",
    ),
    "check": (
        "pipeline.commands.check",
        "Quality checks on the catalogs: Markdown structure, content, safety, hygiene, scripts.",
    ),
    "coverage": (
        "pipeline.commands.coverage",
        "Translated, fuzzy and untranslated messages (or source words) by locale and document.",
    ),
    "extract": (
        "pipeline.commands.extract",
        "Source documents -> one template (.pot) per document.",
    ),
    "glossary": (
        "pipeline.commands.glossary",
        "The glossaries named under `glossary:` in pipeline.yaml.",
    ),
    "import": (
        "pipeline.commands.importing",
        "Existing translated Markdown -> the catalogs of LOCALE.",
    ),
    "locales": ("pipeline.commands.locales", "List the configured locales, or add one."),
    "manifest": (
        "pipeline.commands.manifest",
        "Join the manifests of a build made in shards (--shard) into the one a single run writes.",
    ),
    "pseudo": (
        "pipeline.commands.pseudo",
        "Pseudo-localize every source document into a throwaway locale (en-XA).",
    ),
    "review": (
        "pipeline.commands.review",
        "Mark translated entries reviewed: `# reviewed: NAME DATE HASH` in each entry.",
    ),
    "run": (
        "pipeline.commands.run",
        "The main job: extract, update, check (its summary), build, coverage.",
    ),
    "tm": (
        "pipeline.commands.tm",
        "Translation memories (TMX 1.4b) for CAT tools; `tm:` in pipeline.yaml feeds `update`.",
    ),
    "update": (
        "pipeline.commands.update",
        "Templates -> one catalog per locale and document, keeping every translation.",
    ),
    "xliff": (
        "pipeline.commands.xliff",
        "Exchange catalogs with CAT tools (Trados, memoQ, Phrase, OmegaT) as XLIFF 1.2 or 2.1.",
    ),
}
"""Command name -> (its module, whose `command` it is; the first line of its help, for --help)."""


class PipelineGroup(click.Group):
    """Loads each command when it runs; a user's mistake is one line on stderr and exit 2."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        command: click.Command = importlib.import_module(COMMANDS[cmd_name][0]).command
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # The table's help, shortened exactly as Click shortens a loaded command's.
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [
            (name, click.Command(name, help=text).get_short_help_str(limit))
            for name, (_, text) in sorted(COMMANDS.items())
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PipelineError as err:
            config_path = ctx.obj.config_path if isinstance(ctx.obj, Options) else DEFAULT_CONFIG
            click.echo(str(shown_in_project(err, Path(config_path))), err=True)
            ctx.exit(2)


def shown_in_project(err: PipelineError, config_path: Path) -> PipelineError:
    """The error with its path relative to the project root, as every warning has it."""
    root = config_path.resolve().parent
    path = Path(err.path) if err.path is not None else None
    # Without a configuration there is no project (`coverage PATH...`): paths stay as given.
    if path is None or not config_path.is_file() or not path.is_relative_to(root):
        return err
    return PipelineError(err.message, path.relative_to(root).as_posix(), err.line)


@click.group(cls=PipelineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_CONFIG,
    show_default=True,
    help="The project configuration; paths in it are relative to its folder.",
)
@click.option(
    "--wait",
    type=click.FloatRange(0),
    metavar="SECONDS",
    help="When another run holds the project's lock, wait this long for it (default: for ever).",
)
@click.option("--no-wait", is_flag=True, help="When another run holds the lock, stop at once.")
@click.version_option(__version__, prog_name="pipeline")
@click.pass_context
def main(ctx: click.Context, config_path: Path, wait: float | None, no_wait: bool) -> None:
    """Markdown -> gettext catalogs -> localized bundles.

    source/*.md -> extract -> locales/templates/*.pot -> update -> locales/<locale>/LC_MESSAGES/*.po
    -> build -> bundles/; coverage and check report on the catalogs.
    """
    ctx.obj = Options(config_path, 0 if no_wait else wait)


@dataclass(frozen=True, slots=True)
class Options:
    """The group's options, for every command."""

    config_path: Path
    wait: float | None


def load_config(ctx: click.Context) -> Config:
    """The whole configuration, validated before any command reads or writes anything else."""
    from pipeline.checks.runner import build_rules
    from pipeline.config import read_config

    options: Options = ctx.find_root().obj
    config = read_config(options.config_path)
    build_rules(config)  # check names too, for every command
    # --shard and --jobs (`split_options`) are settings of this run, not of the project.
    shard, jobs = ctx.meta.get(SHARD_KEY), ctx.meta.get(JOBS_KEY)
    if shard is not None or jobs is not None:
        config = dataclasses.replace(config, shard=shard, jobs=jobs)
    return config


@contextlib.contextmanager
def locked(ctx: click.Context, config: Config, named: Sequence[Path] = ()) -> Iterator[None]:
    """The project lock, a held one reported at once; writes kept inside the project.

    `named`: files and folders the user gave on the command line (an import's translations, a
    pseudo output folder), explicit like the settings of pipeline.yaml, so allowed even outside.
    """
    from pipeline.files import check_folders, project_lock

    options: Options = ctx.find_root().obj
    echo = functools.partial(click.echo, err=True)
    # The source folder is named in pipeline.yaml: an explicit setting, allowed even outside.
    outputs = (*config.outputs, config.source_dir, *(p.absolute() for p in named))
    with project_lock(config.root, outputs=outputs, wait=options.wait, on_wait=echo):
        check_folders(config.generated_dirs, (config.root, *config.outputs))
        yield


T = TypeVar("T")


def progress(items: Sequence[T], label: str) -> Iterator[T]:
    """A progress bar on a terminal; silence when stderr is a file or a pipe (CI logs)."""
    if not sys.stderr.isatty():
        yield from items
        return
    with click.progressbar(items, label=label, file=sys.stderr) as bar:
        yield from bar


locale_option = click.option(
    "--locale",
    "locales",
    multiple=True,
    metavar="L",
    help="Only this locale (repeatable); default: every configured one, or every one found.",
)


F = TypeVar("F", bound=Callable[..., Any])


def format_option(choices: Sequence[str], help: str) -> Callable[[F], F]:
    """`--format` (the parameter `form`); the first choice is the default."""
    return click.option(
        "--format",
        "form",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help=help,
    )


def percent_option(name: str, help: str) -> Callable[[F], F]:
    """A percentage from 0 to 100, e.g. `--fail-under PCT`."""
    return click.option(name, type=click.FloatRange(0, 100), metavar="PCT", help=help)


def output_option(default: Path, help: str, *, folder: bool = True) -> Callable[[F], F]:
    """`--output`/`-o` of an export: a folder (or one file), relative to the current folder."""
    kind = click.Path(path_type=Path, file_okay=not folder, dir_okay=folder)
    return click.option("--output", "-o", type=kind, default=default, show_default=True, help=help)


SHARD_KEY, JOBS_KEY = "pipeline.shard", "pipeline.jobs"


def _keep_shard(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    from pipeline.split import parse_shard

    if value is not None:
        ctx.meta[SHARD_KEY] = parse_shard(value)


def _keep_jobs(ctx: click.Context, param: click.Parameter, value: int | None) -> None:
    if value is not None and value < 1:
        raise click.BadParameter("must be at least 1", ctx, param)
    if value is not None:
        ctx.meta[JOBS_KEY] = value


shard_option = click.option(
    "--shard",
    metavar="I/N",
    callback=_keep_shard,
    expose_value=False,
    help="Work on shard I of N only: the documents whose id hashes to it (CI matrices).",
)
"""`--shard I/N`, kept in the context for `load_config` (the command takes no parameter)."""
jobs_option = click.option(
    "--jobs",
    type=int,
    metavar="N",
    callback=_keep_jobs,
    expose_value=False,
    help="At most N worker processes (default: one per core; 1: none).",
)
"""`--jobs N`, for the commands that read documents in worker processes; as `shard_option`."""


def replayed(ctx: click.Context, command: str) -> bool:
    """Print what `command` recorded last (`runstate`) when nothing it read or wrote has changed
    since. A shard never replays: it writes its own manifest, which the whole run never wrote."""
    from pipeline import runstate
    from pipeline.files import project_lock

    if ctx.meta.get(SHARD_KEY) is not None:
        return False
    options: Options = ctx.find_root().obj
    root = options.config_path.resolve().parent
    echo = functools.partial(click.echo, err=True)
    with project_lock(root, wait=options.wait, on_wait=echo):
        output = runstate.replay(options.config_path, command)
        if output is not None:
            click.echo(output, nl=False)
    return output is not None


@contextlib.contextmanager
def stderr_watched() -> Iterator[io.StringIO]:
    """What the command writes to stderr but its progress bars: a warning is not replayed, so
    a command that warned is not recorded."""
    said = io.StringIO()
    original = sys.stderr
    sys.stderr = _Tee(original, said)
    try:
        yield said
    finally:
        sys.stderr = original


class _Tee:
    def __init__(self, stream: TextIO, copy: io.StringIO) -> None:
        self._stream, self._copy = stream, copy

    def write(self, text: str) -> int:
        if "\r" not in text and "\x1b" not in text:  # a progress bar redraws; a warning doesn't
            self._copy.write(text)
        return self._stream.write(text)

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def warn_about_headers(config: Config, locales: Sequence[str]) -> None:
    """One warning per catalog whose Language header is accepted but not the folder's name."""
    from pipeline.locales import language_warnings, select_locales

    for warning in language_warnings(config, select_locales(config, locales)):
        click.echo(warning, err=True)


def summary(stage: str, **counts: int) -> None:
    """One line per stage, e.g. `extract: 2 written, 0 unchanged`."""
    click.echo(summary_line(stage, **counts))


def summary_line(stage: str, **counts: int) -> str:
    return f"{stage}: " + ", ".join(f"{n} {what}" for what, n in counts.items())


def write_outputs(planned: dict[Path, bytes]) -> int:
    """Write each file atomically when its content changed; how many were written."""
    from pipeline.files import write_if_changed

    for path in planned:
        for parent in path.parents:
            if parent.exists() and not parent.is_dir():
                raise PipelineError("is a file, not a folder", parent)
    return sum(write_if_changed(path, data) for path, data in planned.items())
