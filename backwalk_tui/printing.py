"""Human output of the command line.

Tables are drawn with Rich, imported on first use: Rich's console alone
takes longer to import than `backwalk presets list` may take in all, so that
one table, the most used, is drawn here in Rich's own box style (and handed
to Rich only when a terminal is too narrow for it, since Rich wraps cells).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, TextIO

from backwalk_tui.presets import format_seconds
from backwalk_tui.words import PROGRAM_HEADING, cell_width, suggestion_heading, visible

if TYPE_CHECKING:
    from datetime import date, datetime

    from rich.console import Console

    from backwalk_tui.plan import Plan
    from backwalk_tui.presets import Problem
    from backwalk_tui.records import CheckinRecord, SessionRecord
    from backwalk_tui.stats import Due, Program, Stats

#: Rich's console for everything but the preset list; made on first use
#: (tests put their own here).
console: Console | None = None

PHASES = {"warmup": "warm-up", "round": "round", "rest": "rest", "cooldown": "cool-down"}


def _console() -> Console:
    global console
    if console is None:
        from rich.console import Console

        console = Console()
        # Piped, a sentence is written as one line (as the preset list's
        # table is): wrapping it at 80 columns could split a command name.
        console.soft_wrap = not console.is_terminal
    return console


def _table(title: str | None = None):
    from rich.table import Table

    return Table(title=title, title_justify="left") if title else Table()


#: Columns of text a user wrote (or a path): a word too long for its column is
#: folded onto the next line, never cut short with "…", so it is shown whole.
USER_TEXT = {"Name", "File", "Preset", "Direction", "Cue", "Note"}


def _overflow(column: str) -> str:
    return "fold" if column in USER_TEXT else "ellipsis"


def _plain(values: Sequence[str]) -> list:
    """Cells as Rich Text: Rich reads a str cell as markup, and a name or a cue
    a user wrote with square brackets in it would be changed or crash. Control
    characters in them are shown as codes (`visible`)."""
    from rich.text import Text

    return [Text(visible(value)) for value in values]


# ------------------------------------------------------------ preset list

PRESET_COLUMNS = ("Name", "Stage", "Rounds", "Time", "File")
RIGHT = {"Stage", "Rounds"}


def preset_table(
    plans: Sequence[Plan], out: TextIO | None = None, *, broken: Sequence[Problem] = ()
) -> None:
    """Every preset: name, stage, rounds, planned time (≈ with step counts), file.

    Files that cannot be loaded (`broken`) follow, as the picker lists them:
    by file name, marked ✗; what is wrong with them is for the caller to say.
    """
    out = out or sys.stdout
    rows = [
        (
            visible(plan.preset.name),
            str(plan.preset.stage or ""),
            str(plan.rounds),
            ("≈ " if plan.has_manual_steps else "") + format_seconds(plan.estimated_seconds),
            "built in" if plan.preset.builtin else visible(str(plan.preset.source)),
        )
        for plan in plans
    ]
    rows += [
        (f"✗ {visible(p.path.name)} (cannot load)", "", "", "", visible(str(p.path)))
        for p in broken
    ]
    lines = box_table("Presets", PRESET_COLUMNS, rows, right=RIGHT, bold=_styled(out))
    width = max(_cells(line) for line in lines[1:])
    if out.isatty() and width > _terminal_width():
        table = _table("Presets")
        for column in PRESET_COLUMNS:
            justify = "right" if column in RIGHT else "left"
            table.add_column(column, justify=justify, overflow=_overflow(column))
        for row in rows:
            table.add_row(*_plain(row), style=None)
        _console().print(table)
        return
    out.write("\n".join(lines) + "\n")


def box_table(
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    right: AbstractSet[str] = frozenset(),
    bold: bool = False,
) -> list[str]:
    """A table in Rich's default box style (heavy head), one string a line."""
    widths = [max([_cells(c)] + [_cells(row[i]) for row in rows]) for i, c in enumerate(columns)]

    def line(left: str, fill: str, cross: str, end: str) -> str:
        return left + cross.join(fill * (w + 2) for w in widths) + end

    def cells(values: Sequence[str], edge: str) -> str:
        padded = []
        for column, value, width in zip(columns, values, widths, strict=True):
            gap = " " * (width - _cells(value))
            padded.append(f" {gap}{value} " if column in right else f" {value}{gap} ")
        return edge + edge.join(padded) + edge

    header = cells(columns, "┃")
    if bold:
        header = "┃" + "┃".join(f"\x1b[1m{c}\x1b[0m" for c in header[1:-1].split("┃")) + "┃"
    return [
        title,
        line("┏", "━", "┳", "┓"),
        header,
        line("┡", "━", "╇", "┩"),
        *(cells(row, "│") for row in rows),
        line("└", "─", "┴", "┘"),
    ]


#: Terminal cells a text takes: wide characters two, combining marks none.
_cells = cell_width


def _styled(out: TextIO) -> bool:
    return out.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size().columns


# ------------------------------------------------------------- the rest


def plan_table(plan: Plan) -> None:
    preset = plan.preset
    from rich.text import Text

    from backwalk_tui.words import plan_direction, step_length

    console = _console()
    # As Text: a str is read for markup and, even with markup off, for emoji
    # codes (":ok:" would print as a picture).
    console.print(Text(visible(preset.name), style="bold"))
    if preset.description:
        console.print(Text(visible(preset.description, keep="\n")))
    table = _table()
    for column in ("#", "Part", "Direction", "Length", "Cue"):
        table.add_column(column, overflow=_overflow(column))
    for step in plan.steps:
        part = PHASES[step.phase] + (f" {step.round}" if step.phase == "round" else "")
        cells = (str(step.index + 1), part, plan_direction(step), step_length(step), step.cue)
        table.add_row(*_plain(cells))
    console.print(table)
    approx = "about " if plan.has_manual_steps else ""
    segments = f"{len(plan)} segment{'s' if len(plan) != 1 else ''}"
    console.print(f"{segments}, {approx}{format_seconds(plan.estimated_seconds)} in all")


def history_table(sessions: Sequence[SessionRecord], *, since: datetime | None = None) -> None:
    """The sessions, newest first; `since` is the day `--since` asked them from."""
    from datetime import date

    from backwalk_tui.stats import walked_seconds
    from backwalk_tui.words import WALKED, pain_text, status_word, stumble_text

    console = _console()
    if not sessions and since is not None:  # there may be older ones: "yet" would be untrue
        console.print(f"No sessions on or after {since:%Y-%m-%d}.", highlight=False)
        return
    if not sessions:
        console.print("No sessions yet. Run `backwalk` to walk your first one.")
        return
    table = _table("Sessions, newest first")
    for column in ("Date", "Preset", "Status", WALKED, "Backward", "Pain", "Stumble"):
        table.add_column(column, overflow=_overflow(column))
    today = date.today()
    for s in sessions:
        table.add_row(*_plain((
            _when(s.started_at, today), s.preset,
            status_word(s), format_seconds(walked_seconds(s)),
            format_seconds(s.seconds_by_kind["backward"]),
            pain_text(s.pain_before, s.pain_after), stumble_text(s.stumbles),
        )))  # fmt: skip
    console.print(table)


def _when(moment: datetime, today: date) -> str:
    """A stored moment as the tables write it: `2026-03-31 18:05`, or `future 2099-01-01`."""
    from backwalk_tui.days import in_future, local_time
    from backwalk_tui.words import FUTURE

    local = local_time(moment)
    return f"{FUTURE} {local:%Y-%m-%d}" if in_future(moment, today) else f"{local:%Y-%m-%d %H:%M}"


#: What a spreadsheet runs as a formula when a cell starts with it (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as written and never runs as a formula.

    OWASP's advice: text starting with `=`, `+`, `-`, `@`, a tab or a carriage
    return gets a leading single quote, which spreadsheets read as "this is
    text". Only text is changed: numbers stay numbers (a negative one too),
    and empty cells stay empty.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(fields: Sequence[str], rows: Sequence[dict], out: TextIO) -> None:
    """Rows as CSV a spreadsheet opens as written: every cell `inert_cell`."""
    import csv

    # The byte-order mark tells spreadsheets (Excel above all) that this is
    # UTF-8, so preset names and notes open as written.
    out.write("\ufeff")
    # Rows end in CRLF, as RFC 4180 has it: Python's writer then quotes a cell
    # holding a lone carriage return too, which spreadsheets read as a row break.
    writer = csv.DictWriter(out, fields, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({field: inert_cell(value) for field, value in row.items()})


def history_csv(sessions: Sequence[SessionRecord], out: TextIO) -> None:
    """One row per session: the scalar fields of `history --json`, in its order,
    with `seconds_by_kind` spread into one column per kind."""
    from backwalk_tui.kinds import KINDS

    fields = (
        "id", "started_at", "ended_at", "preset", "status", "planned_seconds", "active_seconds",
        *(f"{kind}_seconds" for kind in KINDS), "pain_before", "pain_after", "stumbles", "notes",
        "skipped_through", "asleep_seconds", "notices",
    )  # fmt: skip
    rows = []
    for session in sessions:
        row = session.to_json()
        by_kind = row.pop("seconds_by_kind")
        row.pop("segments")
        row.update({f"{kind}_seconds": by_kind[kind] for kind in KINDS})
        # One cell, the kinds apart by spaces: "pain_alert stumble".
        row["notices"] = " ".join(row["notices"])
        rows.append(row)
    _csv(fields, rows, out)


CHECKIN_FIELDS = ("id", "taken_at", "tug_seconds", "pain_week", "notes")


def checkins_csv(checkins: Sequence[CheckinRecord], out: TextIO) -> None:
    """One row per check-in: the fields of `checkins --json`, in its order."""
    _csv(CHECKIN_FIELDS, [checkin.to_json() for checkin in checkins], out)


def checkins_table(checkins: Sequence[CheckinRecord]) -> None:
    from datetime import date

    from backwalk_tui.words import tug_text

    console = _console()
    if not checkins:
        console.print(
            "No check-ins yet. Take one in the app (c in the preset list) or with "
            "`backwalk checkin`."
        )
        return
    table = _table("Check-ins, newest first")
    for column in ("Date", "Timed Up and Go", "Week's knee pain", "Note"):
        justify = "right" if column in ("Timed Up and Go", "Week's knee pain") else "left"
        table.add_column(column, justify=justify, overflow=_overflow(column))
    today = date.today()
    for checkin in checkins:
        table.add_row(*_plain((
            _when(checkin.taken_at, today),
            tug_text(checkin.tug_seconds),
            "" if checkin.pain_week is None else f"{checkin.pain_week} / 10",
            checkin.notes,
        )))  # fmt: skip
    console.print(table)


def stats_text(stats: Stats, *, due: Due | None = None, program: Program | None = None) -> None:
    from rich.table import Table
    from rich.text import Text

    from backwalk_tui import charts

    console = _console()
    if stats.empty:
        console.print("No sessions yet. Your first one starts with `backwalk`.")
        return
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    for label, value in charts.headline(stats):
        table.add_row(*_plain((label, value)))
    console.print(table)
    console.print()
    console.print(Text(suggestion_heading(stats.suggestion), style="bold"))
    console.print(Text(visible(stats.suggestion.reason)))
    if due is not None:
        console.print(Text(due.text[0].upper() + due.text[1:]))  # "Due today · ..."
    if program is not None:
        from backwalk_tui.stats import program_lines

        console.print()
        console.print(Text(PROGRAM_HEADING, style="bold"))
        rows = Table.grid(padding=(0, 2))
        rows.add_column(style="bold", no_wrap=True)
        rows.add_column()
        for label, words in program_lines(program):
            rows.add_row(*_plain((label, words)))
        console.print(rows)
        if len(program.tug_trend) >= 2:
            console.print()
            console.print("[bold]Timed Up and Go at each check-in[/] (lower is better)")
            console.print(Text("\n".join(charts.tug_chart(program.tug_trend))))
    console.print()
    console.print("[bold]Minutes walked backward per week[/] (sessions below, ✓ goal met)")
    console.print(Text("\n".join(charts.week_chart(stats.weeks))))
