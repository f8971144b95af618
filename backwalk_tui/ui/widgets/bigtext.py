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

    text: reactive[str] = reactive("", layout=True)

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.set_reactive(BigText.text, text)

    def _fits(self, width: int) -> bool:
        return bigfont.can_draw(self.text) and bigfont.width(self.text) <= width

    def get_content_height(self, container, viewport, width: int) -> int:
        return bigfont.HEIGHT if self._fits(width) else 1

    def render(self) -> Text:
        # A height set in CSS (a short terminal) can leave too few rows for the font.
        if self._fits(self.content_size.width) and self.content_size.height >= bigfont.HEIGHT:
            return Text("\n".join(bigfont.draw(self.text)), justify="center")
        return Text(self.text.upper(), justify="center")
