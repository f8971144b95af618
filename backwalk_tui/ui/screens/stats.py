"""Stats: is it working, am I keeping it up, am I ready for the next stage?"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static

from backwalk_tui import charts
from backwalk_tui.history import SessionRecord
from backwalk_tui.presets import STAGES
from backwalk_tui.stats import Stats, compute
from backwalk_tui.words import SESSION_COLUMNS, clip, session_cells

WELCOME = (
    "No sessions yet: this is where your progress will show.\n\n"
    "Pick a preset from the list (start with stage 1), tick the safety check and walk. "
    "After each session you can rate your knee pain and note how it went; here you will "
    "see your weeks, your streaks, the pain trend and when you might be ready for the "
    "next stage.\n\n"
    "The trial behind backwalk used 10 minutes of backward walking, 3 days a week, for "
    "6 weeks."
)

#: Past sessions are listed this many at a time.
TABLE_PAGE = 100

#: Cells for the free-text columns, so Date to Pain fit at 80 columns (the
#: session's details, Enter, show them whole).
CLIPPED = {"Preset": 14, "Note": 24}


class StatsScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="back"),
        Binding("enter", "open", "Details", id="open"),
        Binding("delete", "delete", "Delete", id="delete"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._sessions: list[SessionRecord] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="stats"):
            yield Label("Your walking", classes="screen-title")
            yield Static(id="welcome")
            yield Static(id="headline")
            yield Static(id="suggestion")
            yield Label("Minutes walked backward per week", classes="section")
            yield Label("sessions under each week, ✓ when the weekly goal was met", classes="dim")
            yield Static(id="week-chart")
            yield Label("Knee pain: before ○ and after ● each session", classes="section")
            yield Static(id="pain-chart")
            yield Label("Sessions, newest first", id="sessions-title", classes="section")
            yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#sessions", DataTable)
        table.add_columns(*SESSION_COLUMNS)

    def on_screen_resume(self) -> None:
        # Also the first time the screen shows; again after a session was edited.
        self.refresh_stats()

    def refresh_stats(self) -> None:
        history = self.app.history
        sessions = history.sessions(steps=False) if history is not None else []
        today = self.app.wall_clock().date()
        stats = compute(sessions, weekly_goal=self.app.settings.weekly_goal, today=today)
        empty = stats.empty
        self.set_class(empty, "-empty")
        self.query_one("#welcome", Static).update(WELCOME if empty else "")
        if not empty:
            self._draw(stats)
        self._sessions = sessions
        self.query_one("#sessions", DataTable).clear()
        self._add_rows()
        self.refresh_bindings()

    def _add_rows(self) -> None:
        """The next page of past sessions: years of history would be slow to show at once."""
        table = self.query_one("#sessions", DataTable)
        start = table.row_count
        this_year = self.app.wall_clock().year
        widths = [CLIPPED.get(column) for column in SESSION_COLUMNS]
        for session in self._sessions[start : start + TABLE_PAGE]:
            cells = session_cells(session, this_year=this_year)
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
        headline = Text("\n").join(
            Text.assemble((f"{label:<17}", "bold"), value)
            for label, value in charts.headline(stats)
        )
        self.query_one("#headline", Static).update(headline)
        suggestion = stats.suggestion
        title = {
            "next": f"Ready for stage {suggestion.to_stage}?",
            "back": f"Step back to stage {suggestion.to_stage}",
            "start": "Where to start",
        }.get(suggestion.action, f"Stay at stage {suggestion.stage}")
        text = Text(title + "\n", style="bold")
        if suggestion.stage:
            text.append(f"Your stage now: {suggestion.stage} · {STAGES[suggestion.stage]}\n")
        text.append(suggestion.reason)
        text.append("\nMoving up is always your choice.", style="italic")
        self.query_one("#suggestion", Static).update(text)
        self.query_one("#week-chart", Static).update("\n".join(charts.week_chart(stats.weeks)))
        if len(stats.pain) < 2:
            pain = (
                "The trend shows here from two sessions with a pain rating on."
                if stats.pain
                else "Rate your knee pain before and after your sessions to see the trend here."
            )
        else:
            pain = "\n".join(charts.pain_chart(stats.pain))
            first, last = stats.pain[0].day, stats.pain[-1].day
            pain += f"\n     {first:%d %b} … {last:%d %b}"
            if stats.average_pain_change is not None:
                change = stats.average_pain_change
                pain += f"\nAverage change during a session: {change:+.1f} points"
        self.query_one("#pain-chart", Static).update(pain)

    def _selected_id(self) -> int | None:
        table = self.query_one("#sessions", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "delete"):
            return self.is_mounted and self._selected_id() is not None
        return True

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        from backwalk_tui.ui.screens.session_detail import SessionDetailScreen

        session_id = self._selected_id()
        if session_id is not None:
            self.app.push_screen(SessionDetailScreen(session_id))

    def action_delete(self) -> None:
        from backwalk_tui.ui.screens.session_detail import confirm_delete

        session_id = self._selected_id()
        if session_id is not None:
            confirm_delete(self, session_id, self.refresh_stats)
