"""Stats: is it working, am I keeping it up, am I ready for the next stage?"""

from __future__ import annotations

import textwrap
from datetime import date

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Label, Static

from backwalk_tui import charts
from backwalk_tui.advice import marker_text
from backwalk_tui.presets import STAGES
from backwalk_tui.records import CheckinRecord, SessionRecord
from backwalk_tui.stats import Program, Stats, checkin_due, compute, program, program_lines
from backwalk_tui.ui.screens.base import BackwalkScreen
from backwalk_tui.words import (
    PROGRAM_HEADING,
    SESSION_COLUMNS,
    clip,
    pain_change_words,
    session_cells,
    suggestion_heading,
    tug_text,
    when_text,
)

WELCOME = (
    "No sessions yet: this is where your progress will show.\n\n"
    "Pick a preset from the list (start with stage 1), tick the safety check and walk. "
    "After each session you can rate your knee pain and note how it went; here you will "
    "see your weeks, your streaks, the pain trend and when you might be ready for the "
    "next stage.\n\n"
    "The trial behind backwalk used 10 minutes of backward walking, 3 days a week, for "
    "6 weeks. Before you start, you can take a check-in (press c in the presets list): "
    "a Timed Up and Go and your knee pain over the last week, as the trial measured, "
    "to set your weeks beside it later."
)

#: How to take a check-in, from wherever the stats screen is read.
TAKE_CHECKIN = "press c in the presets list"

#: Past sessions are listed this many at a time.
TABLE_PAGE = 100

#: Cells for the free-text columns, so Date to Pain fit at 80 columns with the
#: widest cells they take (`24 Nov 07:05`, `skipped through`, `10 → 8`) beside
#: a scrollbar one cell wide (app.tcss); the session's details, Enter, show
#: them whole, with the weekday.
#: The Note cell also carries the session's markers (`note_cell`), so it is wider.
CLIPPED = {"Preset": 14, "Note": 40}

#: Cells the pain chart takes at most: its latest 28 sessions.
PAIN_WIDTH = 60

CHECKIN_COLUMNS = ("Date", "Timed Up and Go", "Pain (week)", "Note")
#: Cells of the longest Timed Up and Go bar: with its day and time, 48 cells wide.
TUG_WIDTH = 32


def note_cell(notes: str, notices: tuple[str, ...]) -> str:
    """`pain alert · stumble: Rug slipped`: a session's markers lead its note.

    The table keeps Date to Pain within 80 columns, so the markers share the
    last column with the note rather than take one of their own.
    """
    markers = marker_text(notices)
    return f"{markers}: {notes}" if markers and notes else markers or notes


def checkin_cells(checkin: CheckinRecord, *, today: date) -> tuple[str, ...]:
    """One check-in as the cells of a row, under CHECKIN_COLUMNS; one after today says so."""
    return (
        when_text(checkin.taken_at, today, weekday=False),
        tug_text(checkin.tug_seconds),
        "" if checkin.pain_week is None else str(checkin.pain_week),
        checkin.notes,
    )


class StatsScreen(BackwalkScreen[None]):
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="back"),
        Binding(
            "enter", "open", "Details", id="open", tooltip="details of the row chosen with ↑/↓"
        ),
        Binding("delete", "delete", "Delete", id="delete", tooltip="deletes (asks first)"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._sessions: list[SessionRecord] = []
        self._checkins: list[CheckinRecord] = []
        self._stats: Stats | None = None  # as last drawn, to draw again at a new size

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="stats"):
            yield Label("Your walking", classes="screen-title")
            yield Static(id="welcome")
            yield Static(id="headline")
            yield Static(id="suggestion")
            yield Label(PROGRAM_HEADING, id="program-title", classes="section")
            yield Static(id="program")
            yield Label("Timed Up and Go at each check-in (lower is better)",
                        classes="section checkin-part")  # fmt: skip
            yield Static(id="tug-chart", classes="checkin-part")
            yield Label("Check-ins, newest first · Enter for details",
                        classes="section checkin-part")  # fmt: skip
            yield DataTable(id="checkins", cursor_type="row", zebra_stripes=True,
                            classes="checkin-part")  # fmt: skip
            yield Label("Minutes walked backward per week", classes="section")
            # A Static, not a Label: it wraps on a narrow screen rather than lose its end.
            yield Static("sessions under each week, ✓ when the weekly goal was met",
                         id="week-chart-key", classes="dim")  # fmt: skip
            yield Static(id="week-chart")
            yield Label("Knee pain: before ○ and after ● each session", classes="section")
            yield Static(id="pain-chart")
            yield Label("Sessions, newest first", id="sessions-title", classes="section")
            yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#sessions", DataTable)
        table.add_columns(*SESSION_COLUMNS)
        self.query_one("#checkins", DataTable).add_columns(*CHECKIN_COLUMNS)

    def on_screen_resume(self) -> None:
        # Also the first time the screen shows; again after a session was edited.
        self.refresh_stats()

    def refresh_stats(self) -> None:
        history = self.app.history
        sessions = history.sessions(steps=False) if history is not None else []
        checkins = history.checkins() if history is not None else []
        today = self.app.wall_clock().date()
        stats = compute(sessions, weekly_goal=self.app.settings.weekly_goal, today=today)
        # A check-in before the first session already starts the program.
        empty = stats.empty and not checkins
        self.set_class(empty, "-empty")
        self.set_class(not checkins, "-no-checkins")
        self.query_one("#welcome", Static).update(WELCOME if empty else "")
        if not empty:
            self._draw(stats)
            self._draw_program(program(checkins, sessions, today=today), checkins, today)
        self._sessions = sessions
        self._checkins = checkins
        self._fill_checkins()
        sessions_table = self.query_one("#sessions", DataTable)
        was_at = sessions_table.cursor_row
        sessions_table.clear()
        self._add_rows()
        while sessions_table.row_count <= was_at < len(sessions):  # the page it was on
            self._add_rows()
        keep_cursor(sessions_table, was_at)
        self.refresh_bindings()

    def _add_rows(self) -> None:
        """The next page of past sessions: years of history would be slow to show at once."""
        table = self.query_one("#sessions", DataTable)
        start = table.row_count
        today = self.app.wall_clock().date()
        widths = [CLIPPED.get(column) for column in SESSION_COLUMNS]
        for session in self._sessions[start : start + TABLE_PAGE]:
            *cells, notes = session_cells(session, today=today, weekday=False)
            cells.append(note_cell(notes, session.notices))
            # Text, not str: a DataTable reads a str cell as markup, and a note
            # or a name with square brackets in it would be changed or crash.
            row = [
                Text(cell if width is None else clip(cell, width))
                for cell, width in zip(cells, widths, strict=True)
            ]
            table.add_row(*row, key=str(session.id))
        shown, total = table.row_count, len(self._sessions)
        more = f" · {shown:,} of {total:,} shown, more as you scroll" if shown < total else ""
        self.query_one("#sessions-title", Label).update(
            f"Sessions, newest first · Enter for details{more}"
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "sessions" and event.cursor_row >= event.data_table.row_count - 5:
            self._add_rows()

    def _draw(self, stats: Stats) -> None:
        self._stats = stats
        headline = Text("\n").join(
            Text.assemble((f"{label:<17}", "bold"), value)
            for label, value in charts.headline(stats)
        )
        self.query_one("#headline", Static).update(headline)
        suggestion = stats.suggestion
        text = Text(suggestion_heading(suggestion) + "\n", style="bold")
        if suggestion.stage:
            text.append(f"Your stage now: {suggestion.stage} · {STAGES[suggestion.stage]}\n")
        text.append(suggestion.reason)
        text.append("\nMoving up is always your choice.", style="italic")
        self.query_one("#suggestion", Static).update(text)
        width = self._chart_width()
        self.query_one("#week-chart", Static).update(
            "\n".join(charts.week_chart(stats.weeks, width=width))
        )
        if len(stats.pain) < 2:
            pain = (
                "The trend shows here from two sessions with a pain rating on."
                if stats.pain
                else "Rate your knee pain before and after your sessions to see the trend here."
            )
        else:
            pain_width = min(width, PAIN_WIDTH)
            pain = "\n".join(charts.pain_chart(stats.pain, width=pain_width))
            shown = charts.pain_shown(stats.pain, pain_width)
            first, last = shown[0].day, shown[-1].day
            pain += f"\n     {first:%d %b} … {last:%d %b}"
            if stats.average_pain_change is not None:
                # Wrapped here, to the chart's width, so no line of the chart is.
                said = f"Knee pain: {pain_change_words(stats.average_pain_change)}"
                pain += "\n" + textwrap.fill(said, width)
        self.query_one("#pain-chart", Static).update(pain)

    def _chart_width(self) -> int:
        """Cells the charts may take: drawn to fit, as a wrapped line breaks them."""
        shown = self.query_one("#stats", VerticalScroll).scrollable_content_region.width
        return shown or self.size.width - 6  # before the first layout: less the padding

    def on_resize(self) -> None:
        if self._stats is not None:
            self._draw(self._stats)

    def _draw_program(self, found: Program, checkins: list[CheckinRecord], today: date) -> None:
        """The walker's check-ins and sessions beside the trial's published results."""
        rows = Table.grid(padding=(0, 2))
        rows.add_column(style="bold", no_wrap=True)
        rows.add_column()
        offer = checkin_due(checkins, today)
        for label, words in program_lines(found):
            if label == "The trial" and offer is not None:
                # How to take the check-in due, under the walker's own figures.
                if found.baseline is None:
                    rows.add_row("", f"To take one, {TAKE_CHECKIN}.")
                else:
                    rows.add_row("", f"The week {offer.week} check-in is due: {TAKE_CHECKIN}.")
            rows.add_row(label, words)
        self.query_one("#program", Static).update(rows)
        tug = charts.tug_chart(found.tug_trend, width=TUG_WIDTH)
        self.query_one("#tug-chart", Static).update(
            "\n".join(tug) if tug else "No Timed Up and Go in your check-ins yet."
        )

    def _fill_checkins(self) -> None:
        table = self.query_one("#checkins", DataTable)
        was_at = table.cursor_row
        table.clear()
        today = self.app.wall_clock().date()
        widths = [None, None, None, CLIPPED["Note"]]
        for checkin in self._checkins:
            cells = checkin_cells(checkin, today=today)
            # Text, not str: a note is shown as written, never read as markup.
            table.add_row(
                *(Text(c if w is None else clip(c, w)) for c, w in zip(cells, widths, strict=True)),
                key=str(checkin.id),
            )
        keep_cursor(table, was_at)

    def _target(self) -> DataTable:
        """The table Enter and Delete act on: the check-ins' when it has focus."""
        checkins = self.query_one("#checkins", DataTable)
        return checkins if checkins.has_focus else self.query_one("#sessions", DataTable)

    def _selected_id(self, table: DataTable | None = None) -> int | None:
        table = table or self._target()
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "delete"):
            return self.is_mounted and self._selected_id() is not None
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # Enter and Delete follow the table with focus

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open(event.data_table)

    def action_open(self, table: DataTable | None = None) -> None:
        from backwalk_tui.ui.screens.checkin_detail import CheckinDetailScreen
        from backwalk_tui.ui.screens.session_detail import SessionDetailScreen

        table = table or self._target()
        chosen = self._selected_id(table)
        if chosen is None:
            return
        if table.id == "checkins":
            self.app.push_screen(CheckinDetailScreen(chosen))
        else:
            self.app.push_screen(SessionDetailScreen(chosen))

    def action_delete(self) -> None:
        from backwalk_tui.ui.screens.checkin_detail import confirm_delete_checkin
        from backwalk_tui.ui.screens.session_detail import confirm_delete

        table = self._target()
        chosen = self._selected_id(table)
        if chosen is None:
            return
        if table.id == "checkins":
            confirm_delete_checkin(self, chosen, self.refresh_stats)
        else:
            confirm_delete(self, chosen, self.refresh_stats)


def keep_cursor(table: DataTable, was_at: int) -> None:
    """Put a refilled table's cursor back on the row it was on (back from a
    detail view), or on the one above when that row was deleted: Enter and
    Delete then act on the row the walker chose, never on the newest."""
    table.move_cursor(row=min(was_at, table.row_count - 1), animate=False)
