"""Ask for a new preset's name; dismisses with the name, or None when cancelled."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from backwalk_tui.presets import MAX_NAME_CHARS
from backwalk_tui.ui.screens.base import BackwalkModalScreen
from backwalk_tui.ui.widgets.noteinput import TextBox


class NameScreen(BackwalkModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(self, question: str, suggestion: str, check: Callable[[str], str]):
        """`check` returns the name to use or raises ValueError saying what is wrong."""
        super().__init__()
        self.question, self.suggestion, self.check = question, suggestion, check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.question), classes="dialog-title")  # quotes a name
            yield TextBox(
                self.suggestion, max_length=MAX_NAME_CHARS, id="name", select_on_focus=True
            )
            yield Label("Enter to create it, Esc to cancel.", id="name-problem", classes="dim")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            name = self.check(event.value)
        except ValueError as exc:
            problem = self.query_one("#name-problem", Label)
            problem.update(Text(f"✗ {exc}"))
            problem.set_classes("error-text")
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
