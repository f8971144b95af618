"""The `backwalk` command.

Subcommands use the core only; Textual is imported when, and only when, the
app itself is opened, so `backwalk presets list` starts fast. User mistakes
get a message on stderr (`FILE:LINE: message` where a place is known) and an
exit code, never a traceback: 0 ok, 1 invalid input, 2 usage.
"""

from __future__ import annotations

import argparse
import errno
import io
import os
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeAlias

from backwalk_tui import __version__
from backwalk_tui.paths import EmptyFolderName, Locations, locate, shared_folder_warning

if TYPE_CHECKING:
    from backwalk_tui.settings import Settings

EXIT_OK, EXIT_INVALID = 0, 1


class CommandError(Exception):
    """A user mistake: printed to stderr, one line for each argument, exit 1.

    Each line is whole: a newline inside one (in a file's name) is shown as a
    code, never split over two lines.
    """

    def __init__(self, *lines: str) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backwalk",
        description="A full-screen interval timer for retro (backward) walking.",
    )
    parser.add_argument("--version", action="version", version=f"backwalk {__version__}")
    parser.add_argument("--config-dir", metavar="DIR", help="settings and user presets")
    parser.add_argument("--data-dir", metavar="DIR", help="the history database")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_app_commands(commands)
    _add_presets_command(commands)
    _add_history_commands(commands)
    _add_sounds_and_report(commands)
    return parser


#: What `add_subparsers` returns: where each command's parser is added.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _add_app_commands(commands: Commands) -> None:
    """The commands that open the app somewhere other than the picker."""
    run = commands.add_parser("run", help="open the app at a preset's safety check")
    run.add_argument("preset", help="a preset name or a .toml file")
    commands.add_parser("checkin", help="open the app at a check-in (Timed Up and Go, pain)")


def _add_presets_command(commands: Commands) -> None:
    """`presets` and its actions."""
    presets = commands.add_parser("presets", help="list, show, check and write presets")
    actions = presets.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="every preset: name, stage, rounds, time, file")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    show = actions.add_parser("show", help="a preset's plan, segment by segment")
    show.add_argument("preset")
    validate = actions.add_parser("validate", help="check user presets or the files given")
    validate.add_argument("files", nargs="*", metavar="FILE")
    new = actions.add_parser("new", help="write a new user preset and print its path")
    new.add_argument("name")
    new.add_argument("--from", dest="source", metavar="PRESET", help="start from this preset")
    edit = actions.add_parser(
        "edit", help="open a user preset in $VISUAL/$EDITOR (or the built-in editor), then check it"
    )
    edit.add_argument("preset")
    fmt = actions.add_parser("fmt", help="rewrite a preset file in the canonical layout")
    fmt.add_argument("file", metavar="FILE")
    actions.add_parser("path", help="print the user presets folder")
    actions.add_parser("help", help="the preset file format, key by key (PRESET_FORMAT.md)")


def _add_history_commands(commands: Commands) -> None:
    """The commands that read the history: sessions, check-ins, stats and what is due."""
    history = commands.add_parser("history", help="past sessions")
    _add_listing_forms(history, "session")
    history.add_argument("--since", metavar="DATE", type=_date, help="from this day (YYYY-MM-DD)")
    history.add_argument(
        "--limit", metavar="N", type=_whole_number(MOST_SESSIONS), help="at most N sessions"
    )

    checkins = commands.add_parser("checkins", help="past check-ins (Timed Up and Go, pain)")
    _add_listing_forms(checkins, "check-in")

    commands.add_parser("stats", help="the stats summary as text")
    commands.add_parser(
        "due", help="when the next session is due; exit 0 when one is due today, 1 when not"
    )


def _add_listing_forms(listing: argparse.ArgumentParser, row: str) -> None:
    """`--json` or `--csv` (one of them) for a listing of the history; a table without either."""
    form = listing.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="a JSON array, newest first")
    form.add_argument("--csv", action="store_true", help=f"one CSV row per {row}")


def _add_sounds_and_report(commands: Commands) -> None:
    """`sounds`, to try the cues, and `report`, the printable page."""
    sounds = commands.add_parser(
        "sounds", help="play each sound cue once, naming it, to set the volume before a session"
    )
    sounds.add_argument(
        "--volume", metavar="N", type=_volume,
        help="try another loudness, 0 to 100, without changing the settings",
    )  # fmt: skip

    report = commands.add_parser("report", help="a printable HTML page of your progress")
    report.add_argument(
        "--weeks", metavar="N", type=_whole_number(MOST_WEEKS), default=6,
        help="weeks to cover, 1 to 52 (6)",
    )  # fmt: skip
    report.add_argument(
        "-o", "--output", metavar="FILE", type=_output_file,
        help="where to write it; - for standard output",
    )  # fmt: skip


#: The earliest `--since`: before it no computer clock can have dated a session.
FIRST_DAY = "1970-01-01"


def _output_file(text: str) -> str:
    """An argparse type: `-o` names a file (an empty name is no file at all)."""
    if not text:
        raise argparse.ArgumentTypeError(
            "an empty name is no file; give FILE, or - for standard output"
        )
    return text


def _date(text: str) -> datetime:
    # ASCII digits only: strptime takes "１９６９" (full-width) too, which would
    # also slip past the string comparison with FIRST_DAY below.
    well_formed = len(text) == 10 and text.isascii() and text[4] == text[7] == "-"
    try:
        if not (well_formed and text[:4].isdigit() and text[5:7].isdigit() and text[8:].isdigit()):
            raise ValueError(text)
        day = datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        shown = _shown(text if len(text) <= 20 else text[:17] + "...")
        raise argparse.ArgumentTypeError(f"'{shown}' is not a date like 2026-03-31") from None
    if text < FIRST_DAY:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date from {FIRST_DAY} on")
    try:
        return day.astimezone()  # local midnight
    except (OverflowError, OSError, ValueError):  # some systems' clocks hold fewer days
        raise argparse.ArgumentTypeError(f"'{text}' is a day this computer cannot use") from None


def _print_json(rows: list[dict]) -> None:
    import json  # only the --json forms need it

    text = json.dumps(rows, ensure_ascii=False, indent=2)
    try:
        text.encode(sys.stdout.encoding or "utf-8")
    except (LookupError, UnicodeEncodeError):  # PYTHONIOENCODING=ascii: JSON's own \u escapes
        text = json.dumps(rows, indent=2)
    print(text)


#: `history --limit`: more sessions than anyone walks in a lifetime, and within SQLite's reach.
MOST_SESSIONS = 100_000
#: `report --weeks`: a year (report.MAX_WEEKS, not imported here: the parser is
#: built for every command, and the report module loads the history's).
MOST_WEEKS = 52


def _whole_number(most: int):
    """An argparse type: a whole number from 1 to `most`, written in ASCII digits."""

    def whole_number(text: str) -> int:
        # Checked before int(): int() takes "²" for a digit, and refuses (or
        # takes long over) thousands of digits.
        digits = text.isascii() and text.isdigit() and len(text) <= len(str(most))
        if digits and 1 <= int(text) <= most:
            return int(text)
        shown = text if len(text) <= 20 else text[:17] + "..."
        raise argparse.ArgumentTypeError(f"'{shown}' is not a whole number from 1 to {most}")

    return whole_number


def _volume(text: str) -> int:
    """An argparse type: a loudness from 0 to 100, as `volume` in config.toml."""
    if text.isascii() and text.isdigit() and len(text) <= 3 and int(text) <= 100:
        return int(text)
    shown = text if len(text) <= 20 else text[:17] + "..."
    raise argparse.ArgumentTypeError(f"'{shown}' is not a volume from 0 to 100")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; whatever it prints goes through `StandardOutput`.

    A character the output's encoding lacks (`PYTHONIOENCODING=ascii`) is
    written as an escape (`\xb7`), never a traceback. With stderr closed
    (`2>&-`) its messages go nowhere: print(file=None) would put them into
    standard output, among the data.
    """
    stdout, stderr = sys.stdout, sys.stderr
    for stream in (stdout, stderr):
        if isinstance(stream, io.TextIOWrapper):  # not a test's own, nor None (closed)
            with suppress(ValueError):
                stream.reconfigure(errors="backslashreplace")
    sys.stdout, sys.stderr = StandardOutput(stdout), StandardOutput(stderr, fileno=2)
    try:
        try:
            code = _run(argv)
        except SystemExit:  # --help, --version and usage errors: theirs printed too
            sys.stdout.flush()
            sys.stderr.flush()
            raise
        sys.stdout.flush()
        return code
    except CannotWriteOutput as exc:
        return _output_lost(exc.error)
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def _run(argv: Sequence[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        where = locate(args.config_dir, args.data_dir)
    except EmptyFolderName as exc:
        parser.error(str(exc))  # exit 2, as for any other usage error
    warning = shared_folder_warning(where.data_dir)
    if warning:
        print(_shown(warning), file=sys.stderr)
    handlers = {
        None: lambda: _open_app(where, None),
        "run": lambda: _open_app(where, args.preset),
        "checkin": lambda: _open_app(where, None, checkin=True),
        "presets": lambda: _presets(where, args),
        "history": lambda: _history(where, args),
        "checkins": lambda: _checkins(where, args),
        "stats": lambda: _stats(where),
        "due": lambda: _due(where),
        "report": lambda: _report(where, args.weeks, args.output),
        "sounds": lambda: _sounds(where, args.volume),
    }
    try:
        return handlers[args.command]() or EXIT_OK
    except CommandError as exc:
        for line in exc.lines:
            print(_shown(line), file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130


def _lines(problems) -> list[str]:
    """A file's problems (tomlfile.FileProblems), one line each."""
    return [str(error) for error in problems.errors]


def _shown(text: str) -> str:
    """A line naming a file or quoting the walker, as a terminal may be given it:
    control characters as codes (`words.visible`, loaded only when needed)."""
    if text.isprintable():
        return text
    from backwalk_tui.words import visible

    return visible(text)


# ----------------------------------------------------------- standard output


class CannotWriteOutput(Exception):
    """Standard output refused what a command printed (a full disk, a closed pipe).

    Not an OSError, so no command's own `except OSError` (about its files)
    mistakes it for theirs: it ends the command, in `main`, for every command.
    """

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class StandardOutput:
    """sys.stdout or sys.stderr while a command runs: the same stream, but a
    failed write or flush is dealt with here, for every command alike.

    On standard output it raises CannotWriteOutput: argparse would swallow the
    OSError of `--version > /dev/full`, and Python would report it at exit as
    "Exception ignored". On standard error (`2>&1 | head -1`, `2>&-`) the
    messages are lost from then on, quietly: there is no one left to tell, and
    the exit code still says how the command went.
    """

    def __init__(self, stream: TextIO | None, fileno: int = 1) -> None:
        self._stream: TextIO | _Nowhere | None = stream  # None when the shell closed it (`>&-`)
        self._fileno = fileno
        if stream is None and fileno == 2:
            self._stream = _Nowhere()

    def write(self, text: str) -> int:
        if self._stream is None:
            raise CannotWriteOutput(OSError(errno.EBADF, os.strerror(errno.EBADF)))
        try:
            return self._stream.write(text)
        except OSError as exc:
            self._failed(exc)
            return len(text)

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except OSError as exc:
            self._failed(exc)

    def _failed(self, error: OSError) -> None:
        if self._fileno != 2:
            raise CannotWriteOutput(error) from None
        _send_to_null(2)  # what is left in its buffer, too, so the exit is quiet
        self._stream = _Nowhere()

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


class _Nowhere:
    """Standard error closed (`2>&-`) or gone: messages are lost."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _send_to_null(fileno: int) -> None:
    """Point descriptor `fileno` at the null device, so Python's last flush
    at exit finds nothing to complain about."""
    with suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fileno)
        os.close(devnull)


def _output_lost(error: OSError) -> int:
    """End a command whose output could not be written.

    A reader that left (`backwalk history | head -1`) is no fault: quiet, as
    Unix tools are. Anything else (a full disk) is said in one line on stderr,
    exit 1. Either way what is left in the buffer is sent to the null device.
    """
    where = _output_name()
    with suppress(AttributeError, ValueError):  # no stdout at all, or not a real one
        _send_to_null(_stdout_fd())
    if error.errno == errno.EPIPE:
        return EXIT_OK
    reason = error.strerror or str(error)
    sys.stderr.write(f"backwalk: cannot write to {where}: {reason}\n")
    sys.stderr.flush()
    return EXIT_INVALID


def _output_name() -> str:
    """Standard output, named with its file where the system says (Linux)."""
    try:
        target = os.readlink(f"/proc/self/fd/{_stdout_fd()}")
    except (AttributeError, OSError, ValueError):
        return "standard output"
    return f"standard output ({target})" if target.startswith("/") else "standard output"


def _stdout_fd() -> int:
    """The process's own standard output (ValueError: none, as for one closed)."""
    if sys.__stdout__ is None:
        raise ValueError("no standard output")
    return sys.__stdout__.fileno()


# ------------------------------------------------------------------- the app


def _open_app(where: Locations, preset_ref: str | None, *, checkin: bool = False) -> int:
    from backwalk_tui import presets, settings
    from backwalk_tui.sound import cueing

    catalog = presets.load_catalog(where.presets_dir)
    preset = None
    if preset_ref is not None:
        preset = _find(catalog, preset_ref)
    # The sound output opens in a thread while Textual is imported, not after.
    config = settings.load_settings(where.settings_file)
    player = cueing.opening_for(config)
    from backwalk_tui.ui.app import run_app  # Textual is loaded only here.

    return run_app(
        where, catalog=catalog, preset=preset, checkin=checkin, settings=config, player=player
    )


# ------------------------------------------------------------------- presets


def _find(catalog, ref: str):
    from backwalk_tui import presets

    try:
        return presets.find_preset(catalog, ref)
    except presets.PresetLoadError as exc:
        raise CommandError(*_lines(exc)) from None
    except presets.PresetNotFound as exc:
        raise CommandError(f"backwalk: {exc}") from None


def _presets(where: Locations, args: argparse.Namespace) -> int:
    from backwalk_tui import presets
    from backwalk_tui.plan import build_plan

    if args.action == "path":
        print(_shown(str(where.presets_dir)))
        return EXIT_OK
    if args.action == "fmt":
        return _fmt(args.file)
    if args.action == "help":
        print(presets.format_document().read_text(encoding="utf-8"), end="")
        return EXIT_OK
    if args.action == "validate" and args.files:
        return _validate(where, args.files)
    # Every other action reads (or writes) the user's presets folder.
    problem = presets.folder_problem(where.presets_dir)
    if problem:
        raise CommandError(f"backwalk: {problem}")
    if args.action == "validate":
        return _validate(where, args.files)
    catalog = presets.load_catalog(where.presets_dir)
    if args.action == "list":
        plans = [build_plan(p) for p in catalog]  # each preset planned once
        if args.json:
            rows = [
                {
                    "name": plan.preset.name,
                    "stage": plan.preset.stage,
                    "rounds": plan.rounds,
                    "planned_seconds": round(plan.estimated_seconds),
                    "source": str(plan.preset.source) if plan.preset.source else None,
                    "builtin": plan.preset.builtin,
                }
                for plan in plans
            ]
            _print_json(rows)
        else:
            from backwalk_tui import printing

            printing.preset_table(plans, broken=catalog.problems)
        # What is wrong with each file that cannot be loaded: on stderr, one
        # problem a line, in both forms (--json lists the presets alone).
        for broken in catalog.problems:
            for error in broken.errors:
                print(error, file=sys.stderr)
        return EXIT_OK
    if args.action == "show":
        from backwalk_tui import printing

        printing.plan_table(build_plan(_find(catalog, args.preset)))
        return EXIT_OK
    if args.action == "new":
        path = _new_preset(where, catalog, args.name, args.source)
        print(_shown(str(path)))
        return EXIT_OK
    if args.action == "edit":
        return _edit(where, catalog, args.preset)
    raise AssertionError(args.action)  # pragma: no cover - argparse checks


def _validate(where: Locations, files: list[str]) -> int:
    from backwalk_tui import presets

    if files:
        problems = []
        for name in files:
            try:
                presets.load_preset(Path(name))
            except presets.PresetLoadError as exc:
                problems.extend(exc.errors)
        checked = len(files)
    else:
        catalog = presets.load_catalog(where.presets_dir)
        user_problems = [p for p in catalog.problems if not p.builtin]
        problems = [e for p in user_problems for e in p.errors]
        checked = sum(1 for p in catalog if not p.builtin) + len(user_problems)
    if problems:
        raise CommandError(*map(str, problems))
    print(f"{checked} preset file{'s' if checked != 1 else ''} OK")
    return EXIT_OK


def _new_preset(where: Locations, catalog, name: str, source_ref: str | None) -> Path:
    from backwalk_tui import presets
    from backwalk_tui.presets import authoring

    try:
        name = authoring.check_new_name(catalog, name)
    except authoring.NameProblem as exc:
        raise CommandError(f"backwalk: {exc}") from None
    source = _find(catalog, source_ref) if source_ref else catalog.get(presets.TEMPLATE_NAME)
    if source is None:  # pragma: no cover - the template is built in
        raise CommandError("backwalk: no preset to start from; give --from PRESET")
    try:
        return authoring.create_preset(where.presets_dir, source, name)
    except authoring.SaveError as exc:
        raise CommandError(f"backwalk: {exc}") from None


def _file_to_edit(where: Locations, catalog, ref: str) -> Path:
    """The user preset file `ref` names, including one that is broken right now.

    A built-in preset is never changed: asked at a terminal, the walker may
    copy it into the user folder (as `e` offers in the picker) and edit that.
    """
    from backwalk_tui import presets
    from backwalk_tui.presets import authoring

    try:
        preset = presets.find_preset(catalog, ref)
    except (presets.PresetLoadError, presets.PresetNotFound) as exc:
        # A file with errors is not in the catalog, but it is exactly the one
        # the walker wants to open and fix.
        problem = presets.broken_file(catalog, ref)
        if problem is not None and not problem.builtin:
            return problem.path
        wanted = Path(ref).expanduser()
        if wanted.suffix == ".toml" and wanted.is_file():
            return wanted
        if isinstance(exc, presets.PresetLoadError):
            raise CommandError(*_lines(exc)) from None
        raise CommandError(f"backwalk: {exc}") from None
    if not preset.builtin and preset.source is not None:
        return preset.source
    question = (
        f"'{preset.name}' is built in and is never changed. Copy it into "
        f"{where.presets_dir} and edit the copy? [y/N] "
    )
    if sys.stdin.isatty() and input(question).strip().lower() in ("y", "yes"):
        try:
            return authoring.create_preset(where.presets_dir, preset, preset.name)
        except authoring.SaveError as exc:
            raise CommandError(f"backwalk: {exc}") from None
    raise CommandError(
        f"backwalk: '{preset.name}' is built in and is never changed; copy it first:",
        f"  backwalk presets new 'My {preset.name[:40]}' --from '{preset.name}'",
    )


def _edit(where: Locations, catalog, ref: str) -> int:
    """The same path as `e` in the picker: the walker's editor, or the built-in one."""
    import shlex
    import subprocess

    from backwalk_tui import presets
    from backwalk_tui.presets import authoring

    path = _file_to_edit(where, catalog, ref)
    command, problem = authoring.find_editor()
    if problem:
        print(f"backwalk: {problem}", file=sys.stderr)
    if command is None and not _at_a_terminal():
        # From a script or a pipe the built-in editor would wait for keys forever.
        unset = "give no editor that can be run" if problem else "are not set"
        raise CommandError(
            f"backwalk: cannot open {path}: $VISUAL and $EDITOR {unset}, and the built-in "
            "editor needs a terminal",
            f"backwalk: set one, for example: EDITOR=nano backwalk presets edit {shlex.quote(ref)}",
        )
    editor_failed = False
    if command is None:
        from backwalk_tui.ui.app import run_app  # Textual is loaded only here.

        run_app(where, catalog=catalog, preset=None, edit_only=path)
    else:
        try:
            edited = authoring.edit_with(
                command, path, lambda argv: subprocess.run(argv, check=False).returncode
            )
        except OSError as exc:
            raise CommandError(
                f"backwalk: cannot run the editor '{command[0]}': {exc.strerror}"
            ) from None
        if edited.failure:
            print(_shown(f"backwalk: {edited.failure}"), file=sys.stderr)
            if not edited.changed:
                return EXIT_INVALID
            editor_failed = True
    try:
        presets.load_preset(path)
    except presets.PresetLoadError as exc:
        raise CommandError(*_lines(exc)) from None
    print(_shown(f"{path} OK"))
    return EXIT_INVALID if editor_failed else EXIT_OK


def _at_a_terminal() -> bool:
    """Whether a full-screen app can run here: keys come from stdin, and Textual
    draws on stderr."""
    return sys.stdin.isatty() and sys.stderr.isatty()


def _fmt(file: str) -> int:
    from backwalk_tui import presets
    from backwalk_tui.presets import authoring, tomlfile
    from backwalk_tui.presets.canonical import CannotKeepComments, canonical_text

    path = Path(file).expanduser()
    try:  # the one check of a file `validate` makes too: a device is not "no such file"
        text = tomlfile.read(path, presets.MAX_FILE_BYTES)
    except presets.PresetLoadError as exc:
        *others, last = _lines(exc)
        raise CommandError(
            *others, f"{last} (fmt takes a file's path: `backwalk presets list` shows each one's)"
        ) from None
    try:
        formatted = canonical_text(text, str(path))
    except presets.PresetLoadError as exc:
        raise CommandError(*_lines(exc), f"backwalk: {path} left as it is; fix it first") from None
    except CannotKeepComments as exc:
        problem = tomlfile.FileProblem(str(path), str(exc), line=exc.line)
        raise CommandError(
            str(problem), f"backwalk: {path} left as it is, so no comment is lost"
        ) from None
    if formatted == text:
        print(_shown(f"{path}: already in the canonical layout"))
        return EXIT_OK
    try:
        backup = authoring.save_text(path, formatted)
    except authoring.SaveError as exc:
        raise CommandError(f"backwalk: {exc}") from None
    print(_shown(f"{path}: rewritten in the canonical layout (the previous version is {backup})"))
    return EXIT_OK


# ------------------------------------------------------------------- history


def _open_history(where: Locations):
    from backwalk_tui.history import History
    from backwalk_tui.records import HistoryError

    try:
        history = History(where.database)
    except HistoryError as exc:
        raise CommandError(f"backwalk: {exc}") from None
    if history.notice:
        print(_shown(f"backwalk: {history.notice}"), file=sys.stderr)
    history.on_unreadable = lambda line: print(_shown(f"backwalk: {line}"), file=sys.stderr)
    return history


def _history(where: Locations, args: argparse.Namespace) -> int:
    sessions = _read(where, lambda history: history.sessions(since=args.since, limit=args.limit))
    return _print_records(args, sessions, "history")


def _checkins(where: Locations, args: argparse.Namespace) -> int:
    return _print_records(args, _read(where, lambda history: history.checkins()), "checkins")


def _read(where: Locations, query, nothing=()):
    """What `query` finds in the history; a history not made yet holds `nothing`."""
    from backwalk_tui.history import not_started
    from backwalk_tui.records import HistoryError

    try:
        if not_started(where.database):
            return list(nothing)
    except HistoryError as exc:  # a link to nothing: never "No sessions yet"
        raise CommandError(f"backwalk: {exc}") from None
    with _open_history(where) as history:
        return query(history)


def _print_records(args: argparse.Namespace, records, what: str) -> int:
    """`--json`, `--csv` or a table: how `history` and `checkins` print what they read."""
    if args.json:  # for scripts: without the tables' imports, it starts sooner
        _print_json([record.to_json() for record in records])
        return EXIT_OK
    from backwalk_tui import printing

    writers: dict[str, tuple[Callable[..., object], Callable[..., object]]] = {
        "history": (printing.history_csv, printing.history_table),
        "checkins": (printing.checkins_csv, printing.checkins_table),
    }
    csv, table = writers[what]
    if args.csv:
        csv(records, sys.stdout)
    elif what == "history":
        table(records, since=args.since)  # none found since then is not none at all
    else:
        table(records)
    return EXIT_OK


def _settings(where: Locations) -> Settings:
    """config.toml as the command uses it; what is wrong with it said on stderr, one line each."""
    from backwalk_tui.settings import load_settings

    config = load_settings(where.settings_file)
    for problem in config.problems:
        print(problem, file=sys.stderr)
    return config


#: `backwalk due` exits 0 when a session is due today and this when not.
EXIT_NOT_DUE = 1


def _due(where: Locations) -> int:
    from backwalk_tui import stats

    config = _settings(where)
    sessions = _read(where, lambda history: history.sessions(steps=False))
    found = stats.due(sessions, weekly_goal=config.weekly_goal, today=date.today())
    print(found.text)
    return EXIT_OK if found.today else EXIT_NOT_DUE


def _stats(where: Locations) -> int:
    from backwalk_tui import printing, stats

    config = _settings(where)
    sessions, checkins = _read(
        where, lambda history: (history.sessions(steps=False), history.checkins()), ([], [])
    )
    today = date.today()
    printing.stats_text(
        stats.compute(sessions, weekly_goal=config.weekly_goal, today=today),
        due=stats.due(sessions, weekly_goal=config.weekly_goal, today=today),
        program=stats.program(checkins, sessions, today=today),
    )
    return EXIT_OK


def _report(where: Locations, weeks: int, output: str | None) -> int:
    from backwalk_tui import report

    config = _settings(where)
    sessions, checkins = _read(
        where, lambda history: (history.sessions(), history.checkins()), ([], [])
    )
    html = report.render_report(
        sessions, weeks=weeks, weekly_goal=config.weekly_goal, checkins=checkins
    )
    if output == "-":
        sys.stdout.write(html)
        return EXIT_OK
    path = Path(output).expanduser() if output else Path(f"backwalk-report-{date.today()}.html")
    from backwalk_tui.files import open_descriptor

    descriptor = open_descriptor(path)
    if descriptor is None:
        mine = _own_file(where, path)
        if mine:
            raise CommandError(f"backwalk: will not write the report over {path}: it is {mine}")
    try:
        report.write_report(path, html)
    except OSError as exc:
        if descriptor == 1:  # `-o /dev/stdout` fails as `-o -` does
            raise CannotWriteOutput(exc) from None
        raise CommandError(f"backwalk: cannot write {path}: {exc.strerror}") from None
    if descriptor is None:  # `-o /dev/stdout` has its report, and no more
        print(_shown(str(path.resolve())))
    return EXIT_OK


#: The files next to the history that SQLite keeps while it is open.
DATABASE_COMPANIONS = ("-wal", "-shm", "-journal")


def _own_file(where: Locations, path: Path) -> str | None:
    """What `path` is, when it is (or would be) one of backwalk's own files:
    the history, the settings, a preset or its backup, a preset in the trash.
    None for any other file. The real files are compared, so a link or a `..`
    cannot hide one."""
    from backwalk_tui.files import real_target, same_file
    from backwalk_tui.presets.authoring import TRASH_FOLDER

    database = where.database
    named = [(database, "backwalk's history")]
    named += [(database.with_name(database.name + end), "a file of backwalk's history")
              for end in DATABASE_COMPANIONS]  # fmt: skip
    named.append((where.settings_file, "backwalk's settings"))
    for own, what in named:
        if same_file(path, own):
            return what
    folder = real_target(path).parent
    for own, what in ((where.presets_dir, "the presets folder"),
                      (where.presets_dir / TRASH_FOLDER, "the presets' trash")):  # fmt: skip
        if same_file(folder, own):
            return f"in {what}"
    return None


# ------------------------------------------------------------------- sounds


#: `backwalk sounds`: seconds of silence between two cues.
BETWEEN_SOUNDS = 0.3


def _sounds(where: Locations, volume: int | None) -> int:
    """Each cue once, named as it plays, so the walker can set the loudness before a session."""
    from backwalk_tui.sound import tones
    from backwalk_tui.sound.player import CuePlayer

    config = _settings(where)
    file = where.settings_file
    loudness = config.volume if volume is None else volume
    with CuePlayer(loudness) as player:
        if not player.available:
            then = (
                'with sound = "off" a session makes no sound anyway'
                if config.sound == "off"
                else "a session will ring the terminal's bell instead of these sounds"
            )
            raise CommandError(f"backwalk: {player.problem}", f"backwalk: {then}")
        if volume is None:
            print(
                f"Playing each cue once through {player.output}, at volume {loudness} of 100. "
                f"To change it, set volume = 0-100 in {file}"
            )
        else:
            print(
                f"Playing each cue once through {player.output}, at volume {loudness} of 100 "
                f"(--volume; your setting is {config.volume}). To change the setting, "
                f"set volume = 0-100 in {file}"
            )
        does = {"bell": "rings the terminal's bell, not these tones", "off": "makes no sound"}
        if config.sound in does:
            print(
                f'Your settings say sound = "{config.sound}": a session {does[config.sound]}. '
                f'For tones, set sound = "tones" in {file}'
            )
        width = max(map(len, tones.CUES))
        for name, how in tones.CUES.items():
            print(f"  {name:<{width}}  {how}", flush=True)
            if not player.play(name):  # the output failed after it opened
                raise CommandError(f"backwalk: {player.problem}")
            # Each cue whole, and a moment's silence, before the next: the
            # walker hears which is which.
            if not player.wait_until_quiet(player.length(name) + 5):
                raise CommandError(f"backwalk: the sound output stopped playing ({player.output})")
            time.sleep(BETWEEN_SOUNDS)
    return EXIT_OK
