"""Keys, safety notes and the disclaimer."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from backwalk_tui.engine import BACK_GRACE_SECONDS
from backwalk_tui.keepawake import BY_HAND
from backwalk_tui.safety import DISCLAIMER, SAFETY_NOTES
from backwalk_tui.ui.screens.base import BackwalkModalScreen
from backwalk_tui.ui.widgets.morebelow import MoreBelow

KEYS = (
    ("Picker", "Enter start · s stats · ? help · q quit · e edit · n new · d duplicate · "
               "Delete remove (to the trash) · c check-in"),
    ("Editor", "Ctrl+S save (the version before is kept as NAME.toml.bak) · F2 problems · "
               "Esc close"),
    ("Safety", "Space tick an item · 0-10 or ←/→ knee pain · Enter start · Esc back"),
    ("Session", "Space pause, resume, or done on a step count · n next segment · "
                "b back (restart the segment, or the previous one in its first "
                f"{BACK_GRACE_SECONDS:g} s) · "
                "Esc end early (asks first), or back before the start · m mute · "
                "p pause on a step count"),
    ("Summary", "0-10 or ←/→ pain after · Enter done"),
    ("Check-in", "Space starts 3, 2, 1, Go, and again when seated · r redo · 0-10 the week's "
                 "pain · Enter or Ctrl+S save · Esc back"),
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


class HelpScreen(BackwalkModalScreen[None]):
    """Keys, safety notes and the disclaimer, over whatever screen was showing.

    The way out, and what became of a session under way, are in a heading
    that stays put above the part that scrolls: on screen at any size.
    """

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, session_note: str | None = None):
        """`session_note`: what became of a session under this screen (see SessionScreen.hold)."""
        super().__init__()
        self.session_note = session_note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help"):
            with Vertical(id="help-head"):
                yield Label("Help · Esc closes this", classes="dialog-title", id="help-close")
                if self.session_note:
                    yield Label(self.session_note, id="help-session")
            # Shown while more lies below the fold: the disclaimer is last.
            yield MoreBelow("#help-body", id="help-more")
            with VerticalScroll(id="help-body"):
                yield Label("Keys", classes="dialog-subtitle", id="help-keys-title")
                yield Static(keys_table(), id="help-keys")
                yield Label("Walking backward safely", classes="dialog-subtitle")
                yield Static("\n".join(f"• {note}" for note in SAFETY_NOTES))
                yield Label("Keeping the screen on", classes="dialog-subtitle")
                yield Static(BY_HAND)
                yield Label("Medical disclaimer", classes="dialog-subtitle")
                yield Static(DISCLAIMER)
