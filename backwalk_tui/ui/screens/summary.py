"""After a session: what was done, and the walker's answers.

The session is already saved when this screen appears; each answer is saved
the moment it is given, so leaving at any point loses nothing. A high or
risen pain after, or a stumble, is answered with a notice (`advice`), and
the notices shown for the answers as they stand are saved with the session.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Footer, Label, Static

from backwalk_tui import advice, stats
from backwalk_tui.engine import Engine
from backwalk_tui.kinds import KINDS
from backwalk_tui.records import HistoryError
from backwalk_tui.ui.screens.base import BackwalkScreen
from backwalk_tui.ui.widgets.answers import Answers, Notices, SavesAnswers
from backwalk_tui.ui.widgets.painscale import PainScale
from backwalk_tui.words import ending_title, walked_parts

#: Shorter screens than this lose the blank lines between the answers: with
#: both notices at full width, the figures and every answer fit 100x30.
COMPACT_BELOW = 34
#: Shorter screens than this show a notice in place of the figures (the
#: history keeps them), so every answer and notice fits 80x24.
FIGURES_WITH_NOTICES_FROM = 28


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


class SummaryScreen(SavesAnswers, BackwalkScreen[None]):
    BINDINGS = [
        Binding("enter,ctrl+s", "done", "Done", id="done", priority=True),
        Binding("escape", "done", "Done", show=False),
    ]

    def __init__(
        self,
        engine: Engine,
        session_id: int | None,
        *,
        problem: str | None = None,
        pain_before: int | None = None,
    ):
        super().__init__()
        self.engine = engine
        self.session_id = session_id
        #: Why the history could not be written during the session, if it could not.
        self.problem = problem
        #: The walker's answers so far, as the notices need them (pain before
        #: comes from the session screen, which rated it at the safety check).
        self.pain_before = pain_before
        self.pain_after: int | None = None
        self.stumbles: int | None = None
        #: The notice kinds last kept with the session.
        self._kept: tuple[str, ...] = ()
        self._told_not_kept = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary"):
            yield Label(ending_title(self.engine), classes="screen-title")
            yield Label(Text(self.engine.plan.preset.name), classes="dim")
            figures = "\n".join(
                f"{label:<24}{value}" for label, value in summary_lines(self.engine)
            )
            yield Static(figures, id="summary-figures")
            yield Notices(id="summary-notices")
            yield Label(Text(self._saved_text()), id="saved", classes="dim")
            yield Answers()
        # Below the part that scrolls: on screen at every size.
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
        self.set_class(self.size.height < FIGURES_WITH_NOTICES_FROM, "-short")
        self.call_after_refresh(self._show_focus)

    def _show_focus(self) -> None:
        # After a resize or a notice above it, the answer being given stays in view.
        if self.focused is not None:
            self.focused.scroll_visible(animate=False, immediate=True)

    def answered(self, field: str, value: object) -> None:
        # Called once the answer is saved: the stage rule reads it from the history.
        if field in ("pain_after", "stumbles"):
            setattr(self, field, value)
            self._answer_back()

    def _answer_back(self) -> None:
        """Show the notices for the answers as they are now, and keep each one shown."""
        stage = self.engine.plan.preset.stage
        history = self.app.history
        suggestion = None
        if self.stumbles and history is not None and stage is not None:
            today = self.app.wall_clock().date()
            suggestion = stats.suggest_stage(history.sessions(steps=False), today)
        notices = advice.summary_notices(
            self.pain_before, self.pain_after, self.stumbles, stage=stage, suggestion=suggestion
        )
        self.query_one("#summary-notices", Notices).show(notices)
        self.set_class(bool(notices), "-notices")
        self.call_after_refresh(self._show_focus)
        self._keep(tuple(notice.kind for notice in notices))

    def _keep(self, kinds: tuple[str, ...]) -> None:
        """Keep with the session the notices shown now: one taken back is not kept."""
        history = self.app.history
        if kinds == self._kept or self.session_id is None or history is None:
            return
        try:
            history.keep_notices(self.session_id, kinds, of=advice.SUMMARY_KINDS)
        except HistoryError as exc:
            if not self._told_not_kept:
                self._told_not_kept = True
                self.notify(
                    f"The advice above is shown but could not be kept in your history: {exc}",
                    title="History", severity="warning", timeout=10,
                )  # fmt: skip
        else:
            self._kept = kinds

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_done()

    def action_done(self) -> None:
        self.save_note()
        self.app.pop_screen()
