"""The medical disclaimer, once, on first run."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Label, Static

from backwalk_tui.safety import DISCLAIMER, SAFETY_NOTES
from backwalk_tui.ui.screens.base import BackwalkModalScreen
from backwalk_tui.ui.widgets.morebelow import MoreBelow


class DisclaimerScreen(BackwalkModalScreen[bool]):
    BINDINGS = [
        Binding("question_mark", "app.help", "Help"),
        Binding("escape,q", "dismiss(False)", "Quit"),
        # The focus is on a button: the keys that scroll elsewhere scroll the text.
        Binding("down", "scroll('down')", show=False),
        Binding("up", "scroll('up')", show=False),
        Binding("pagedown", "scroll('page_down')", show=False),
        Binding("pageup", "scroll('page_up')", show=False),
    ]

    def compose(self) -> ComposeResult:
        # The buttons are docked below the text, which scrolls in what is left:
        # at 80x24 and smaller a newcomer sees the way on at once.
        with Vertical(classes="dialog", id="disclaimer"):
            with Horizontal(classes="dialog-buttons", id="disclaimer-buttons"):
                # Beside the buttons, so saying it costs no row.
                yield MoreBelow("#disclaimer-body", "↓ More below", id="disclaimer-more")
                yield Button("Quit", id="quit")
                yield Button("I understand", id="accept", variant="primary")
            with VerticalScroll(id="disclaimer-body"):
                yield Label("Before you start", classes="dialog-title")
                yield Static(DISCLAIMER, id="disclaimer-text")
                yield Label("Walking backward safely", classes="dialog-subtitle")
                yield Static("\n".join(f"• {note}" for note in SAFETY_NOTES), id="safety-notes")
        # Its own keys, over the footer of the screen waiting under it.
        yield Footer()

    def on_mount(self) -> None:
        # Enter accepts; the text above still starts at its first line.
        self.query_one("#accept", Button).focus()

    def action_scroll(self, how: str) -> None:
        getattr(self.query_one("#disclaimer-body"), f"scroll_{how}")()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "accept")
