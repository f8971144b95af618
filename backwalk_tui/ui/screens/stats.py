"""Stats: the headline figures of the walker's history."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from backwalk_tui.stats import summarize
from backwalk_tui.words import clock_text


class StatsScreen(Screen[None]):
    BINDINGS = [Binding("escape,s,q", "app.pop_screen", "Back", id="back")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="stats"):
            yield Label("Your walking", classes="screen-title")
            yield Static(id="stats-figures")
        yield Footer()

    def on_mount(self) -> None:
        history = self.app.history
        sessions = history.sessions() if history is not None else []
        summary = summarize(sessions, weekly_goal=self.app.settings.weekly_goal)
        if not summary.sessions:
            text = (
                "No sessions yet. Your first one starts from the picker: pick a stage, press Enter."
            )
        else:
            text = "\n".join([
                f"Sessions          {summary.sessions}",
                f"Time walked       {clock_text(summary.total_seconds)}",
                f"Backward          {clock_text(summary.backward_seconds)}",
                f"This week         {summary.this_week} of {summary.weekly_goal}",
                f"Day streak        {summary.day_streak}",
            ])  # fmt: skip
        self.query_one("#stats-figures", Static).update(text)
