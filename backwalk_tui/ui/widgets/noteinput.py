"""The one-line boxes text is written in: a preset's name, a session's or a check-in's note."""

from __future__ import annotations

from textual.widgets import Input

from backwalk_tui.records import NOTE_MAX_CHARS, without_controls


class TextBox(Input):
    """At most `max_length` characters, without control characters.

    What is typed or pasted loses its control characters (an escape would
    drive the terminal wherever the text is shown), then is cut to the room
    left: a huge paste costs no more than the limit. What did not fit is
    said on the box's lower edge (Textual's own Input drops a paste too long
    whole, without a word).
    """

    def __init__(self, value: str = "", *, max_length: int, **kwargs) -> None:
        super().__init__(value, max_length=max_length, **kwargs)
        #: `max_length`, typed: an Input's may be None, a TextBox's never is.
        self.limit = max_length

    def replace(self, text: str, start: int, end: int) -> None:
        start, end = sorted((max(0, start), min(len(self.value), end)))
        room = max(0, self.limit - (len(self.value) - (end - start)))
        text = without_controls(text)
        kept = text[:room]
        self.border_subtitle = self._left_out(len(kept)) if kept != text else ""
        super().replace(kept, start, end)

    def _left_out(self, kept: int) -> str:
        if not kept:
            return f"full: {self.limit} characters at most"
        return f"kept {kept} characters; the rest was left out"


class NoteInput(TextBox):
    """A note: at most NOTE_MAX_CHARS, as the history keeps it."""

    def __init__(self, value: str = "", **kwargs) -> None:
        super().__init__(value, max_length=NOTE_MAX_CHARS, **kwargs)
