"""Keys, safety notes and the disclaimer.

The keys are read from each screen's own `BINDINGS` (and those of the
widgets it holds), so the help cannot drift from what the keys do: a
binding's `tooltip` is its words here, else its footer word. It is a table
of every screen at once, not Textual's keys panel: that lists only the
screen under it, in a narrow column at the side, and the walker learns the
keys before a session, not over it.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.widgets import Label, Static

from backwalk_tui.keepawake import BY_HAND
from backwalk_tui.safety import DISCLAIMER, SAFETY_NOTES
from backwalk_tui.ui.app import BackwalkApp
from backwalk_tui.ui.screens.base import BackwalkModalScreen
from backwalk_tui.ui.screens.checkin import CheckinScreen
from backwalk_tui.ui.screens.checkin_detail import CheckinDetailScreen
from backwalk_tui.ui.screens.confirm import ConfirmScreen
from backwalk_tui.ui.screens.disclaimer import DisclaimerScreen
from backwalk_tui.ui.screens.editor import EditorScreen
from backwalk_tui.ui.screens.picker import PickerScreen
from backwalk_tui.ui.screens.safety import ItemBox, SafetyScreen
from backwalk_tui.ui.screens.session import SessionScreen
from backwalk_tui.ui.screens.session_detail import SessionDetailScreen
from backwalk_tui.ui.screens.stats import StatsScreen
from backwalk_tui.ui.screens.summary import SummaryScreen
from backwalk_tui.ui.widgets.morebelow import MoreBelow
from backwalk_tui.ui.widgets.painscale import PainScale

#: The help's rows, in order: where, and the classes whose keys it lists there.
SECTIONS: tuple[tuple[str, tuple[type[DOMNode], ...]], ...] = (
    ("Picker", (PickerScreen,)),
    ("First run", (DisclaimerScreen,)),
    ("Safety", (SafetyScreen, ItemBox)),
    ("Session", (SessionScreen,)),
    ("Summary", (SummaryScreen,)),
    ("Check-in", (CheckinScreen,)),
    ("Stats", (StatsScreen,)),
    ("Details", (SessionDetailScreen, CheckinDetailScreen)),
    ("Editor", (EditorScreen,)),
    ("Knee pain", (PainScale,)),
    ("Questions", (ConfirmScreen,)),
    ("Anywhere", (BackwalkApp,)),
)

#: Keys that are no binding of backwalk's: digits a pain scale reads as typed,
#: and Textual's own keys that the app keeps.
OTHER_KEYS: dict[type[DOMNode], tuple[tuple[str, str], ...]] = {
    PainScale: (("0-10", "type the number"),),
    BackwalkApp: (
        (App.COMMAND_PALETTE_BINDING, "commands and themes"),
        ("ctrl+q", "quit (a session is saved first)"),
    ),
}

#: How a key is written in the help: the words on the keyboard, not Textual's names.
KEY_NAMES = {
    "enter": "Enter", "escape": "Esc", "space": "Space", "question_mark": "?",
    "delete": "Delete", "backspace": "Backspace", "left": "←", "right": "→",
    "up": "↑", "down": "↓", "pageup": "PgUp", "pagedown": "PgDn", "tab": "Tab",
}  # fmt: skip


def key_name(key: str) -> str:
    """`ctrl+s` as Ctrl+S, `escape` as Esc, `question_mark` as ?; a letter as itself."""
    *modifiers, last = key.split("+")
    name = KEY_NAMES.get(last) or (last.upper() if modifiers or len(last) > 1 else last)
    return "+".join([*(m.capitalize() for m in modifiers), name])


def own_bindings(cls: type[DOMNode]) -> list[Binding]:
    """The bindings `cls` itself declares that say what they do (not Textual's, not
    a base class's, not a scroll key with no words)."""
    declared = vars(cls).get("BINDINGS", [])
    return [b for b in declared if isinstance(b, Binding) and b.description]


def _words(binding: Binding) -> str:
    """What a binding does, in the help: its tooltip, else its footer word in lower case."""
    if binding.tooltip:
        return binding.tooltip
    return binding.description[:1].lower() + binding.description[1:]


def section_keys(classes: Iterable[type[DOMNode]]) -> list[tuple[str, str]]:
    """(keys, what they do) for one row of the help, in the order the bindings are written.

    Keys for the same action and words are one entry ("Esc or q  back"), and
    one key's several meanings, one after another on screen, are one entry
    ("Space  pause, resume").
    """
    by_action: dict[tuple[str, str], list[str]] = {}
    for cls in classes:
        for binding in own_bindings(cls):
            keys = by_action.setdefault((binding.action, _words(binding)), [])
            keys += [k for k in binding.key.split(",") if k not in keys]
        for keys_text, words in OTHER_KEYS.get(cls, ()):
            by_action.setdefault((keys_text, words), []).append(keys_text)
    by_keys: dict[str, list[str]] = {}
    for (_, words), keys in by_action.items():
        shown = " or ".join(key_name(key) for key in keys)
        by_keys.setdefault(shown, []).append(words)
    return [(keys, ", ".join(words)) for keys, words in by_keys.items()]


def keys_table() -> Table:
    """Where, then its keys; a long line wraps inside its own column."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for where, classes in SECTIONS:
        row = Text(" · ").join(
            Text.assemble((keys, "bold"), " ", words) for keys, words in section_keys(classes)
        )
        table.add_row(where, row)
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
