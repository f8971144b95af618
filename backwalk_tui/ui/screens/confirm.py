"""A yes/no question over the current screen; dismisses with the answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Label

from backwalk_tui.records import HistoryError
from backwalk_tui.ui.screens.base import BackwalkModalScreen, BackwalkScreen
from backwalk_tui.words import visible

if TYPE_CHECKING:
    from backwalk_tui.history import History


class ConfirmScreen(BackwalkModalScreen[bool]):
    """The question has a footer of its own, over the one of the screen under it:
    that one's keys (a session's Space, its n) mean other things here."""

    BINDINGS = [
        Binding("escape", "answer(False)", "No", show=False),
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
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
        yield Footer(show_command_palette=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


def ask_then_delete(
    screen: BackwalkScreen,
    what: str,
    described: str,
    delete: Callable[[History], object],
    then: Callable[[], object],
) -> None:
    """Ask "Delete this WHAT?" with `described` naming it; on yes delete it from
    the history, say so and call `then`. Nothing is deleted without asking."""

    def answered(yes: bool | None) -> None:
        history = screen.app.history  # read now: a stop signal may have closed it
        if not yes or history is None:
            return
        try:
            delete(history)
        except HistoryError as exc:
            screen.notify(str(exc), title="History", severity="error")
            return
        screen.notify(f"{what.capitalize()} deleted.")
        then()

    screen.app.push_screen(
        ConfirmScreen(
            f"Delete this {what}?",
            f"{described}It is removed from your history for good.",
            yes="Delete",
            no="Keep it",
        ),
        answered,
    )
