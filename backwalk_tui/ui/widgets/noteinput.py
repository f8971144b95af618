"""The one-line box a note is written in: a session's or a check-in's, with the same rules."""

from __future__ import annotations

from textual.widgets import Input

from backwalk_tui.history import NOTE_MAX_CHARS, without_controls


class NoteInput(Input):
    """At most NOTE_MAX_CHARS, as the history keeps it; what is pasted loses its control
    characters (an escape would drive the terminal wherever the note is shown)."""

    def __init__(self, value: str = "", **kwargs) -> None:
        super().__init__(value, max_length=NOTE_MAX_CHARS, **kwargs)

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(without_controls(text), start, end)
