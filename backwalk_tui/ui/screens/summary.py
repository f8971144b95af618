"""After a session: what was done, and the walker's answers.

The session is already saved when this screen appears; each answer is saved
the moment it is given, so leaving at any point loses nothing.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Label, Static

from backwalk_tui.engine import Engine
from backwalk_tui.history import KINDS
from backwalk_tui.ui.widgets.answers import Answers, SavesAnswers
from backwalk_tui.ui.widgets.painscale import PainScale
from backwalk_tui.words import walked_parts

#: Shorter screens than this lose the blank lines between the answers, so
#: everything, the Done button last, fits at 80x24 without scrolling.
COMPACT_BELOW = 28

TITLES = {
    "completed": "Session complete. Well done!",
    "ended_early": "Session ended early",
    "interrupted": "Session interrupted",
}


def title(engine: Engine) -> str:
    """How the session ended; skipping every segment to the end is not praised."""
    if engine.status == "completed" and not any(r.status == "completed" for r in engine.finished):
        return "Every segment was skipped"
    return TITLES.get(engine.status or "", "Session over")


def summary_lines(engine: Engine) -> list[tuple[str, str]]:
    """The figures of a finished session, as (label, value) rows.

    The same runs as the history keeps (none left at once), so the summary
    and the stats screen agree; a segment done twice (`b`) counts once.
    """
    by_kind = dict.fromkeys(KINDS, 0.0)
    for run in engine.finished:
        if not run.left_at_once:
            by_kind[run.step.kind] += run.active_seconds
    done = {run.step.index: run.step for run in engine.finished if run.status == "completed"}
    rows = walked_parts(by_kind)
    rounds = max((s.round or 0 for s in done.values() if s.phase == "round"), default=0)
    rows.append(("Rounds", f"{rounds} of {engine.plan.rounds}"))
    rows.append(("Segments done", f"{len(done)} of {len(engine.plan)}"))
    counted = sum(step.target_steps or 0 for step in done.values())
    if counted:
        rows.append(("Steps counted", str(counted)))
    return rows


class SummaryScreen(SavesAnswers, Screen[None]):
    BINDINGS = [
        Binding("enter,ctrl+s", "done", "Done", id="done", priority=True),
        Binding("escape", "done", "Done", show=False),
    ]

    def __init__(self, engine: Engine, session_id: int | None, *, problem: str | None = None):
        super().__init__()
        self.engine = engine
        self.session_id = session_id
        #: Why the history could not be written during the session, if it could not.
        self.problem = problem

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary"):
            yield Label(title(self.engine), classes="screen-title")
            yield Label(Text(self.engine.plan.preset.name), classes="dim")
            figures = "\n".join(
                f"{label:<24}{value}" for label, value in summary_lines(self.engine)
            )
            yield Static(figures, id="summary-figures")
            yield Label(Text(self._saved_text()), id="saved", classes="dim")
            yield Answers()
            yield Button("Done", id="done", variant="primary")
        yield Footer()

    def _saved_text(self) -> str:
        if self.session_id is None:
            why = self.app.history_problem or self.problem or "no history"
            return f"This session was not saved: {why}"
        if self.problem:
            return f"Not all of this session was saved: {self.problem}"
        return "Saved to your history. Answers below are saved as you give them."

    def on_mount(self) -> None:
        self.query_one("#pain-after", PainScale).focus()

    def on_resize(self) -> None:
        self.set_class(self.size.height < COMPACT_BELOW, "-compact")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_done()

    def action_done(self) -> None:
        self.save_note()
        self.app.pop_screen()
