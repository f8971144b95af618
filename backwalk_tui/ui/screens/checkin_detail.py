"""One past check-in: its week's pain, Timed Up and Go and note, to correct; or to delete.

As a past session's details: a rating is saved the moment it is given, the
time and the note when submitted (Enter) or when the screen is left. A time
that is not one is said and never saved; the walker is never kept here.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Input, Label, Static

from backwalk_tui.checkin import PAIN_WEEK_QUESTION
from backwalk_tui.records import TUG_DECIMALS, CheckinRecord, HistoryError, tug_kept
from backwalk_tui.ui.screens.base import BackwalkScreen
from backwalk_tui.ui.screens.confirm import ask_then_delete
from backwalk_tui.ui.screens.session_detail import when_text
from backwalk_tui.ui.widgets.answers import KeepsNote
from backwalk_tui.ui.widgets.noteinput import NoteInput
from backwalk_tui.ui.widgets.painscale import PainScale
from backwalk_tui.words import visible

TUG_PROBLEM = "A time in seconds to 0.1 s, such as 12.3 (above 0, under an hour); or empty."
NOTHING_LEFT = (
    "A check-in keeps a time or a pain rating: not saved. Give one of them, "
    "or delete the check-in with Ctrl+D."
)
#: Said on leaving when the last measure was cleared: the screen showed it gone.
KEPT_ON_LEAVING = (
    "Check-in not changed: it keeps its {kept}, as it needs a time or a pain rating. "
    "To remove it, delete the check-in (Ctrl+D)."
)
READ_ONLY = "Your history cannot be written just now: this check-in can be read, not changed."


def parse_tug(text: str) -> float | None:
    """Seconds to 0.1 s from what was typed (`12.3`, `12,3`); None when empty.

    Raises ValueError for anything that is not a time above 0 and under an hour.
    """
    text = text.strip().replace(",", ".")
    if not text:
        return None
    seconds = tug_kept(float(text))  # float() refuses "1.2.3" and "."
    if seconds is None:
        raise ValueError(text)
    return seconds


def tug_input_text(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds:.{TUG_DECIMALS}f}"


def _describe(checkin: CheckinRecord | None) -> str:
    return f"The check-in of {when_text(checkin.taken_at)}. " if checkin else ""


def confirm_delete_checkin(
    screen: BackwalkScreen, checkin_id: int, then: Callable[[], object]
) -> None:
    """Ask, naming the check-in by its day, then delete it from history and call `then`."""
    history = screen.app.history
    checkin = history.checkin(checkin_id) if history is not None else None
    ask_then_delete(
        screen, "check-in", _describe(checkin),
        lambda history: history.delete_checkin(checkin_id), then,
    )  # fmt: skip


class CheckinDetailScreen(KeepsNote, BackwalkScreen[None]):
    #: The first answer takes the keys: a digit rates the week's pain at once.
    AUTO_FOCUS = "#pain-week"
    BINDINGS = [
        Binding("escape", "back", "Back", id="back", tooltip="back (answers are saved as you go)"),
        Binding("ctrl+d", "delete", "Delete check-in", id="delete", tooltip="delete (asks first)"),
    ]

    def __init__(self, checkin_id: int):
        super().__init__()
        self.checkin_id = checkin_id
        #: The last measure was cleared on screen and refused: said on leaving.
        self._refused = False

    def _stored(self) -> CheckinRecord | None:
        history = self.app.history
        return history.checkin(self.checkin_id) if history is not None else None

    @property
    def _read_only(self) -> bool:
        return self.app.history is None or self.app.history.read_only

    def compose(self) -> ComposeResult:
        checkin = self._stored()
        with VerticalScroll(id="checkin-detail"):
            if checkin is None:
                yield Label("This check-in is no longer in your history.")
            else:
                yield from self._fields(checkin)
        yield Footer()

    def _fields(self, checkin: CheckinRecord) -> ComposeResult:
        read_only = self._read_only
        yield Label("Check-in", classes="screen-title")
        yield Static(Text(when_text(checkin.taken_at), style="bold"))
        if read_only:
            yield Static(READ_ONLY, id="checkin-read-only")
        yield Label(f"{PAIN_WEEK_QUESTION}:", classes="section")
        pain = PainScale(checkin.pain_week, id="pain-week")
        pain.disabled = read_only
        yield pain
        yield Label("Timed Up and Go, in seconds (empty if not timed):", classes="section")
        yield Input(
            # No placeholder: a greyed "12.3" in an empty box reads as a time kept.
            tug_input_text(checkin.tug_seconds), id="tug", restrict=r"[0-9.,]*", max_length=7,
            disabled=read_only,
        )  # fmt: skip
        yield Label("", id="checkin-problem")
        yield Label("A note (optional):", classes="section")
        # The note as written: an Input shows its value as plain text (control characters as codes).
        yield NoteInput(visible(checkin.notes), id="note", disabled=read_only)

    def _problem(self, words: str) -> None:
        for label in self.query("#checkin-problem").results(Label):  # gone once unmounted
            label.update(words)

    def _save(self, **values: object) -> bool:
        history = self.app.history
        if history is None or self._read_only:
            return False
        try:
            history.update_checkin(self.checkin_id, **values)
        except ValueError:  # only both measures left out reach here
            self._problem(NOTHING_LEFT)
            self._refused = True
            return False
        except HistoryError as exc:
            self.notify(str(exc), title="History", severity="error")
            return False
        self._problem("")
        self._refused = False
        return True

    def on_pain_scale_changed(self, event: PainScale.Changed) -> None:
        self._save(pain_week=event.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        stored = self._stored()
        if event.input.id == "note" and stored is not None:
            # An Input reports its first value too: only a change is kept to save.
            note = event.value.strip()
            unchanged = note in (stored.notes, visible(stored.notes).strip())
            self.note_typed(None if unchanged else note)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "tug":
            self._save_tug()
        else:
            self.save_note()

    def _save_tug(self) -> bool:
        """Save the time typed if it changed; False when it is not a time."""
        stored = self._stored()
        if stored is None or self._read_only:
            return True
        typed = self.query_one("#tug", Input).value
        try:
            seconds = parse_tug(typed)
        except ValueError:
            self._problem(TUG_PROBLEM)
            return False
        if seconds != stored.tug_seconds:
            self._save(tug_seconds=seconds)
        else:
            self._problem("")
        kept = self._stored()
        if kept is not None and self.query("#tug"):
            # Show the time as kept, to 0.1 s: 10.84 was saved as 10.8.
            self.query_one("#tug", Input).value = tug_input_text(kept.tug_seconds)
        return True

    def save_note(self) -> None:
        # Kept from the input's events: on unmount the input is already gone.
        if self._note is not None:
            self._save(notes=self._note)
            self._note = None

    def action_back(self) -> None:
        if self.query("#tug") and not self._save_tug():
            self.notify(f"The time was not changed. {TUG_PROBLEM}", title="Check-in")
        self.save_note()
        stored = self._stored()
        if self._refused and stored is not None:
            kept = (
                f"pain rating of {stored.pain_week}"
                if stored.pain_week is not None
                else f"time of {tug_input_text(stored.tug_seconds)} s"
            )
            self.notify(KEPT_ON_LEAVING.format(kept=kept), title="Check-in", severity="warning")
        self.app.pop_screen()

    def on_unmount(self) -> None:
        self.save_note()

    def action_delete(self) -> None:
        confirm_delete_checkin(self, self.checkin_id, self.app.pop_screen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "delete":
            return self.is_mounted and self._stored() is not None
        return True
