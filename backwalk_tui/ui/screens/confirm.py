"""A yes/no question over the current screen; dismisses with the answer."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label

from backwalk_tui.ui.screens.base import BackwalkModalScreen
from backwalk_tui.words import visible


class ConfirmScreen(BackwalkModalScreen[bool]):
    BINDINGS = [
        Binding("escape", "answer(False)", "No", show=False),
        Binding("y", "answer(True)", "Yes", show=False),
        Binding("n", "answer(False)", "No", show=False),
    ]

    def __init__(
        self, question: str, detail: str = "", *, yes: str = "Yes", no: str = "No",
        danger: bool = True,
    ):  # fmt: skip
        """`danger`: "yes" loses or removes something, so it is shown in red."""
        super().__init__()
        # They quote names from files and the history: control characters as codes.
        question, detail = visible(question), visible(detail, keep="\n")
        self.question, self.detail, self.yes, self.no = question, detail, yes, no
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            # Questions quote names and files as written: Text, never markup.
            yield Label(Text(self.question), classes="dialog-title")
            if self.detail:
                yield Label(Text(self.detail))
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text(self.no), id="no", variant="primary")
                yield Button(
                    Text(self.yes), id="yes", variant="error" if self.danger else "success"
                )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
