"""After a session: what was done, and the walker's answers.

The session is already saved when this screen appears; each answer is saved
the moment it is given, so leaving at any point loses nothing.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Static

from backwalk_tui.engine import Engine
from backwalk_tui.history import HistoryError
from backwalk_tui.ui.widgets.painscale import PainScale
from backwalk_tui.words import clock_text

TITLES = {
    "completed": "Session complete. Well done!",
    "ended_early": "Session ended early",
    "interrupted": "Session interrupted",
}


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
    rows.append(
        ("Steps of the plan done", f"{len({r.step.index for r in done})} of {len(engine.plan)}")
    )
    counted = sum(run.step.target_steps or 0 for run in done)
    if counted:
        rows.append(("Steps counted", str(counted)))
    return rows


class SummaryScreen(Screen[None]):
    BINDINGS = [
        Binding("enter,ctrl+s", "done", "Done", id="done", priority=True),
        Binding("escape", "done", "Done", show=False),
    ]

    def __init__(self, engine: Engine, session_id: int | None):
        super().__init__()
        self.engine = engine
        self.session_id = session_id
        self._note = self._saved_note = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary"):
            yield Label(
                TITLES.get(self.engine.status or "", "Session over"), classes="screen-title"
            )
            yield Label(self.engine.plan.preset.name, classes="dim")
            figures = "\n".join(
                f"{label:<24}{value}" for label, value in summary_lines(self.engine)
            )
            yield Static(figures, id="summary-figures")
            yield Label(self._saved_text(), id="saved", classes="dim")
            yield Label("Knee pain now, 0-10 (optional):", classes="section")
            yield PainScale(id="pain-after")
            yield Checkbox("I stumbled or lost my balance", id="stumbled")
            yield Label("A note (optional):", classes="section")
            yield Input(placeholder="How did it feel?", id="note", max_length=500)
            yield Button("Done", id="done", variant="primary")
        yield Footer()

    def _saved_text(self) -> str:
        if self.session_id is None:
            return "This session was not saved: " + (self.app.history_problem or "no history")
        return "Saved to your history. Answers below are saved as you give them."

    def on_mount(self) -> None:
        self.query_one("#pain-after", PainScale).focus()

    def _save(self, **answers: object) -> None:
        if self.session_id is None or self.app.history is None:
            return
        try:
            self.app.history.update_answers(self.session_id, **answers)
        except HistoryError as exc:
            self.notify(str(exc), title="History", severity="error")

    def on_pain_scale_changed(self, event: PainScale.Changed) -> None:
        if self.is_mounted:
            self._save(pain_after=event.value)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._save(stumbles=1 if event.value else 0)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._note = event.value.strip()

    def _save_note(self) -> None:
        # Kept from the input's events: on unmount the input is already gone.
        note = self._note
        if note != self._saved_note:
            self._saved_note = note
            self._save(notes=note)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._save_note()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_done()

    def on_unmount(self) -> None:
        self._save_note()

    def action_done(self) -> None:
        self._save_note()
        self.app.pop_screen()
