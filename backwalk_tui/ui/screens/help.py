"""Keys, safety notes and the disclaimer."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from backwalk_tui.safety import DISCLAIMER, SAFETY_NOTES

KEYS = (
    ("Picker", "Enter start · e edit · n new · d duplicate · Delete remove (to the trash) · "
               "s stats · ? help · q quit"),
    ("Editor", "Ctrl+S save (the version before is kept as NAME.toml.bak) · F2 problems · "
               "Esc close"),
    ("Safety", "Space tick an item · 0-10 or ←/→ knee pain · Enter start · Esc back"),
    ("Session", "Space pause, resume, or done on a step count · n next · b back · "
                "Esc end early (asks first) · m mute · p pause on a step count"),
    ("Summary", "0-10 or ←/→ pain after · Enter done"),
    ("Stats", "↑/↓ past sessions · Enter details · Delete deletes (asks first) · Esc back"),
    ("Details", "correct pain, stumble and note (saved as you go) · Ctrl+D delete · Esc back"),
    ("Anywhere", "Ctrl+P commands and themes · Ctrl+Q quit (a session is saved first)"),
)  # fmt: skip


def keys_table() -> Table:
    """Where, then its keys; a long line wraps inside its own column."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for where, keys in KEYS:
        table.add_row(where, keys)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Label("Keys", classes="dialog-title")
            yield Static(keys_table(), id="help-keys")
            yield Label("Walking backward safely", classes="dialog-subtitle")
            yield Static("\n".join(f"• {note}" for note in SAFETY_NOTES))
            yield Label("Medical disclaimer", classes="dialog-subtitle")
            yield Static(DISCLAIMER)
            yield Label("Esc closes this", classes="dim")
