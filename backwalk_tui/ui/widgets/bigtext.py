"""Text in the five-row block font, with plain bold text when it does not fit."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from backwalk_tui.ui.widgets import bigfont


class BigText(Widget):
    DEFAULT_CSS = """
    BigText {
        width: 1fr;
        height: auto;
        content-align: center middle;
        text-style: bold;
    }
    """

    text: reactive[str] = reactive("")

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.set_reactive(BigText.text, text)

    def watch_text(self, old: str, new: str) -> None:
        # The width is the container's; the height is 5 rows or 1, by whether the
        # text fits. A clock's next second fits as the last one did, so it only
        # repaints, and the screen's layout is not worked out again.
        width = self.content_size.width
        if _fits(old, width) != _fits(new, width):
            self.refresh(layout=True)

    def _fits(self, width: int) -> bool:
        return _fits(self.text, width)

    def get_content_height(self, container, viewport, width: int) -> int:
        return bigfont.HEIGHT if self._fits(width) else 1

    def render(self) -> Text:
        # A height set in CSS (a short terminal) can leave too few rows for the font.
        if self._fits(self.content_size.width) and self.content_size.height >= bigfont.HEIGHT:
            return Text("\n".join(bigfont.draw(self.text)), justify="center")
        return Text(self.text.upper(), justify="center")


def _fits(text: str, width: int) -> bool:
    return bigfont.can_draw(text) and bigfont.width(text) <= width
