"""The medical disclaimer, once, on first run."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from backwalk_tui.safety import DISCLAIMER, SAFETY_NOTES


class DisclaimerScreen(ModalScreen[bool]):
    BINDINGS = [Binding("escape,q", "dismiss(False)", "Quit", show=False)]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="disclaimer"):
            yield Label("Before you start", classes="dialog-title")
            yield Static(DISCLAIMER, id="disclaimer-text")
            yield Label("Walking backward safely", classes="dialog-subtitle")
            yield Static("\n".join(f"• {note}" for note in SAFETY_NOTES), id="safety-notes")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Quit", id="quit")
                yield Button("I understand", id="accept", variant="primary")

    def on_mount(self) -> None:
        # Enter accepts, but the text is read from its first line: on a small
        # screen, focusing the button must not scroll the heading away.
        self.query_one("#accept", Button).focus(scroll_visible=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "accept")
