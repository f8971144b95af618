"""A 0-10 pain rating that can be left unanswered."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

CELL = 4  # cells per number on screen: " 10 "


class PainScale(Widget, can_focus=True):
    """Left/right or a digit key to choose, Backspace to clear; a click works too."""

    DEFAULT_CSS = """
    PainScale {
        width: auto;
        height: 1;
        padding: 0 1;
    }
    PainScale:focus {
        background: $boost;
    }
    """

    BINDINGS = [
        Binding("left", "move(-1)", "Less", show=False),
        Binding("right", "move(1)", "More", show=False),
        Binding("backspace,delete", "clear", "Clear", show=False),
    ]

    value: reactive[int | None] = reactive(None)

    @dataclass
    class Changed(Message):
        scale: PainScale
        value: int | None

        @property
        def control(self) -> PainScale:
            return self.scale

    def __init__(self, value: int | None = None, *, id: str | None = None):
        super().__init__(id=id)
        self.set_reactive(PainScale.value, value)

    def render(self) -> Text:
        text = Text()
        for number in range(11):
            style = "reverse bold" if number == self.value else ""
            text.append(f"{number:^{CELL}}", style=style)
        # The words say what the highlight shows: on a narrow screen they are
        # left out whole rather than cut ("not rate").
        words = "   " + ("not rated" if self.value is None else f"pain {self.value} of 10")
        if text.cell_len + len(words) <= self.content_size.width:
            text.append(words, style="dim")
        return text

    def get_content_width(self, container, viewport) -> int:
        # The numbers always; the words after them when the container has room.
        numbers = 11 * CELL
        return max(numbers, min(numbers + 16, container.width - self.gutter.width))

    def watch_value(self, value: int | None) -> None:
        self.post_message(self.Changed(self, value))

    def action_move(self, delta: int) -> None:
        start = 0 if self.value is None and delta > 0 else (self.value or 0) + delta
        self.value = max(0, min(10, start))

    def action_clear(self) -> None:
        self.value = None

    def on_key(self, event: events.Key) -> None:
        if self.type_digit(event.character):
            event.stop()

    def type_digit(self, character: str | None) -> bool:
        """Rate with a typed digit: "1" then "0" gives 10; another digit replaces the value."""
        if not (character and character.isdigit()):
            return False
        digit = int(character)
        self.value = 10 if digit == 0 and self.value == 1 else digit
        return True

    def on_click(self, event: events.Click) -> None:
        number = (event.x - self.gutter.left) // CELL
        if 0 <= number <= 10:
            self.value = number
