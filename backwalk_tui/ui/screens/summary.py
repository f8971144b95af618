"""After a session: what was done, and the walker's answers.

The session is already saved when this screen appears; each answer is saved
the moment it is given, so leaving at any point loses nothing.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Label, Static

from backwalk_tui.engine import Engine
from backwalk_tui.ui.widgets.answers import Answers, SavesAnswers
from backwalk_tui.ui.widgets.painscale import PainScale
from backwalk_tui.words import clock_text

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
    """The figures of a finished session, as (label, value) rows."""
    by_kind = dict.fromkeys(("backward", "forward", "sideways", "rest"), 0.0)
    for run in engine.finished:
        by_kind[run.step.kind] += run.active_seconds
    done = [run for run in engine.finished if run.status == "completed"]
    rows = [("Time walked", clock_text(sum(by_kind.values()) - by_kind["rest"]))]
    rows += [(kind.capitalize(), clock_text(sec)) for kind, sec in by_kind.items() if sec]
    rounds = max((run.step.round or 0 for run in done if run.step.phase == "round"), default=0)
    rows.append(("Rounds", f"{rounds} of {engine.plan.rounds}"))
    rows.append(("Segments done", f"{len({r.step.index for r in done})} of {len(engine.plan)}"))
    counted = sum(run.step.target_steps or 0 for run in done)
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
            yield Label(self.engine.plan.preset.name, classes="dim")
            figures = "\n".join(
                f"{label:<24}{value}" for label, value in summary_lines(self.engine)
            )
            yield Static(figures, id="summary-figures")
            yield Label(self._saved_text(), id="saved", classes="dim")
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
