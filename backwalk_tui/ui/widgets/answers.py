"""The walker's answers about a session, and what backwalk says back to them.

The widget only reports changes (`Answers.Changed`, `Answers.NoteChanged`);
`SavesAnswers` is the screen side that writes them to history, a rating the
moment it is given and the note as it is typed (`KeepsNote`). `Notices` shows
the notices of `advice` (a high pain, a stumble), hidden while there are none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Checkbox, Input, Label, Static

from backwalk_tui.advice import Notice
from backwalk_tui.records import HistoryError
from backwalk_tui.ui.screens.base import BackwalkScreen
from backwalk_tui.ui.widgets.noteinput import NoteInput
from backwalk_tui.ui.widgets.painscale import PainScale
from backwalk_tui.ui.widgets.tickbox import TickBox
from backwalk_tui.words import visible


class Answers(Vertical):
    DEFAULT_CSS = """
    Answers {
        height: auto;
    }
    Answers > Label {
        margin-top: 1;
        text-style: bold;
    }
    Answers Checkbox {
        border: none;
        margin-top: 1;
    }
    Answers Input {
        max-width: 70;
    }
    """

    @dataclass
    class Changed(Message):
        """A rating (`pain_before`, `pain_after`) or `stumbles`, given or changed."""

        field: str
        value: int | None

    @dataclass
    class NoteChanged(Message):
        """The note as typed; `done` when the walker pressed Enter in it."""

        note: str
        done: bool = False

    def __init__(
        self,
        *,
        pain_before: int | None = None,
        pain_after: int | None = None,
        stumbles: int | None = None,
        notes: str = "",
        ask_before: bool = False,
        after_label: str = "Knee pain now, 0-10 (optional):",
    ):
        super().__init__()
        self._values = (pain_before, pain_after, stumbles, notes)
        #: The note as last reported: an Input reports its first value too, and
        #: a note is saved as it is typed, so only a change is reported.
        self._reported_note = notes
        self._ask_before = ask_before
        self._after_label = after_label

    def compose(self) -> ComposeResult:
        pain_before, pain_after, stumbles, notes = self._values
        if self._ask_before:
            yield Label("Knee pain before, 0-10:")
            yield PainScale(pain_before, id="pain-before")
        yield Label(self._after_label)
        yield PainScale(pain_after, id="pain-after")
        yield TickBox("I stumbled or lost my balance", bool(stumbles), id="stumbled")
        yield Label("A note (optional):")
        # A stored note's control characters (an escape) are shown as codes.
        yield NoteInput(visible(notes), placeholder="How did it feel?", id="note")

    def on_pain_scale_changed(self, event: PainScale.Changed) -> None:
        event.stop()
        field = "pain_before" if event.scale.id == "pain-before" else "pain_after"
        self.post_message(self.Changed(field, event.value))

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.post_message(self.Changed("stumbles", 1 if event.value else 0))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        note = self._note(event.value)
        if note != self._reported_note:
            self._reported_note = note
            self.post_message(self.NoteChanged(note))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.NoteChanged(self._note(event.value), done=True))

    def _note(self, shown: str) -> str:
        """The note typed; the stored one while it is shown unchanged (codes and all)."""
        stored = self._values[3]
        return stored if shown == visible(stored) else shown.strip()


class Notices(Static):
    """Notices in the order given, each its title in bold then its words; hidden when none.

    The title runs on into the words (a line saved for each notice), so two
    notices and the summary's Done button fit 80x24.
    """

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id, classes="notices")
        self.shown: tuple[Notice, ...] = ()
        self.display = False

    def show(self, notices: Sequence[Notice]) -> None:
        self.shown = tuple(notices)
        self.display = bool(self.shown)
        text = Text()
        for number, notice in enumerate(self.shown):
            if number:
                text.append("\n")
            text.append(f"{notice.title}.", style="bold")
            text.append(f" {notice.text}")
        self.update(text)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(notice.kind for notice in self.shown)


#: A note is saved this long after the last key typed in it: a closed window
#: loses no more than that, and a stop signal not even that (`BackwalkApp`).
NOTE_SAVE_SECONDS = 1.0


class KeepsNote(BackwalkScreen[None]):
    """A screen with a note that is saved as it is typed, not only on leaving.

    `note_typed` keeps the note to save and saves it once the typing pauses;
    `save_note` (the screen's) writes what is kept, and is called at once on
    leaving, on submit and when the app is told to stop.
    """

    _note: str | None = None
    _note_timer: Timer | None = None

    def note_typed(self, note: str | None) -> None:
        """`note` to save soon; None when what is shown is what is stored."""
        self._note = note
        if self._note_timer is not None:
            self._note_timer.stop()
            self._note_timer = None
        if note is not None:
            self._note_timer = self.set_timer(NOTE_SAVE_SECONDS, self.save_note)

    def save_note(self) -> None:
        raise NotImplementedError


class SavesAnswers(KeepsNote):
    """A screen showing `Answers` about the stored session `session_id`."""

    session_id: int | None

    def _save(self, **answers: object) -> None:
        history = self.app.history
        if self.session_id is None or history is None:
            return
        try:
            history.update_answers(self.session_id, **answers)
        except HistoryError as exc:
            self.notify(str(exc), title="History", severity="error")

    def on_answers_changed(self, event: Answers.Changed) -> None:
        self._save(**{event.field: event.value})
        self.answered(event.field, event.value)

    def on_answers_note_changed(self, event: Answers.NoteChanged) -> None:
        if event.done:
            self._note = event.note
            self.save_note()
        else:
            self.note_typed(event.note)

    def answered(self, field: str, value: object) -> None:
        """A rating or the stumble was given (and saved, if it could be): for the screen."""

    def save_note(self) -> None:
        # Kept from the input's events: on unmount the input is already gone.
        if self._note is not None:
            self._save(notes=self._note)
            self._note = None

    def on_unmount(self) -> None:
        self.save_note()
