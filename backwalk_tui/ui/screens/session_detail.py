"""One past session: its segments, and its answers to correct or complete."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Label, Static

from backwalk_tui.advice import marker_text
from backwalk_tui.days import in_future, local_time
from backwalk_tui.kinds import KINDS
from backwalk_tui.records import HistoryError
from backwalk_tui.ui.screens.base import BackwalkScreen
from backwalk_tui.ui.screens.confirm import ask_then_delete
from backwalk_tui.ui.widgets.answers import Answers, SavesAnswers
from backwalk_tui.words import clock_text, status_word, visible, walked_parts


def _describe(screen: BackwalkScreen, session_id: int) -> str:
    """`Stage 1 · Get comfortable, Wednesday 25 November 2026, 16:00. `, or nothing."""
    history = screen.app.history
    try:
        session = history.session(session_id) if history is not None else None
    except (HistoryError, LookupError):
        return ""
    today = screen.app.wall_clock().date()
    return f"{session.preset}, {when_text(session.started_at, today)}. " if session else ""


STEP_STATUS = {"completed": "done", "skipped": "left early", "interrupted": "interrupted"}


def when_text(moment: datetime, today: date | None = None) -> str:
    """`Wednesday 25 November 2026, 16:00`, in the walker's local time; after
    `today`, `(in the future)` follows (`days.in_future`)."""
    future = " (in the future)" if today and in_future(moment, today) else ""
    return f"{local_time(moment):%A %d %B %Y, %H:%M}{future}"


def confirm_delete(screen: BackwalkScreen, session_id: int, then: Callable[[], object]) -> None:
    """Ask, naming the session, then delete it from history and call `then`."""
    ask_then_delete(
        screen, "session", _describe(screen, session_id),
        lambda history: history.delete_session(session_id), then,
    )  # fmt: skip


class SessionDetailScreen(SavesAnswers, BackwalkScreen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", id="back", tooltip="back (answers are saved as you go)"),
        Binding("ctrl+d", "delete", "Delete session", id="delete", tooltip="delete (asks first)"),
    ]

    def __init__(self, session_id: int):
        super().__init__()
        self.session_id: int = session_id

    def compose(self) -> ComposeResult:
        session = self.app.history.session(self.session_id) if self.app.history else None
        with VerticalScroll(id="session-detail"):
            if session is None:
                yield Label("This session is no longer in your history.")
                return
            # Not markup, and any control character as a code: as the history keeps it.
            yield Label(Text(visible(session.preset)), classes="screen-title")
            summary = Text()
            today = self.app.wall_clock().date()
            summary.append(when_text(session.started_at, today), style="bold")
            summary.append(f" · {status_word(session)}\n")
            # The same figures, adding up the same way, as the summary after it.
            parts = walked_parts(session.seconds_by_kind)
            summary.append(" · ".join(f"{label} {value}" for label, value in parts))
            markers = marker_text(session.notices)
            if markers:
                # What the safety check and the summary said, as the table marks it.
                summary.append(f"\nNotices shown: {markers}", style="bold")
            yield Static(summary, id="session-summary")
            yield Label("Segments", classes="section")
            yield DataTable(id="steps", cursor_type="none", zebra_stripes=True)
            yield Answers(
                pain_before=session.pain_before,
                pain_after=session.pain_after,
                stumbles=session.stumbles,
                notes=session.notes,
                ask_before=True,
                after_label="Knee pain after, 0-10:",
            )
        yield Footer()

    def on_mount(self) -> None:
        session = self.app.history.session(self.session_id) if self.app.history else None
        if session is None:
            return
        table = self.query_one("#steps", DataTable)
        table.add_columns("#", "Round", "Direction", "Planned", "Length", "")
        for segment in session.segments:
            planned = (
                clock_text(segment.planned_seconds)
                if segment.planned_seconds is not None
                else f"{segment.target_steps} steps"
            )
            cells = (
                str(segment.index + 1),
                "" if segment.round is None else str(segment.round),
                f"{KINDS[segment.kind].arrow if segment.kind in KINDS else ''} {segment.kind}",
                planned,
                clock_text(segment.active_seconds),
                STEP_STATUS.get(segment.status, segment.status),
            )
            # Text, not str: a DataTable reads a str cell as markup, and what a
            # history holds is shown as it is stored (control characters as codes).
            table.add_row(*(Text(visible(cell)) for cell in cells))

    def action_back(self) -> None:
        self.save_note()
        self.app.pop_screen()

    def action_delete(self) -> None:
        confirm_delete(self, self.session_id, self.app.pop_screen)
