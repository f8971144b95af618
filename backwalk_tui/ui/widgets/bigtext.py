"""Text in the big pixel font at the largest size its space allows, or plain bold letters.

Whoever shows a BigText says how many rows it may take (`rows`: the session
screen has them from `fitting.fit_session`). It draws at the largest scale
that fits its width and those rows, so a resize redraws it at the new size.
An optional `caption` is one plain line under the big letters (the word
under a lone arrow).
"""

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
    caption: reactive[str] = reactive("", layout=True)
    #: Rows it may take: the big font's height when the text fits, else one.
    rows: reactive[int] = reactive(bigfont.HEIGHT, layout=True)

    def __init__(
        self,
        text: str = "",
        *,
        rows: int = bigfont.HEIGHT,
        id: str | None = None,
        classes: str | None = None,
    ):
        super().__init__(id=id, classes=classes)
        self.set_reactive(BigText.text, text)
        self.set_reactive(BigText.rows, rows)

    def watch_text(self, old: str, new: str) -> None:
        # A clock's next second is as tall as the last: it only repaints, and
        # the screen's layout is not worked out again.
        width = self.content_size.width
        if self._scale(old, width) != self._scale(new, width):
            self.refresh(layout=True)

    def _scale(self, text: str, width: int) -> bigfont.Scale | None:
        return bigfont.fit(text, width, self.rows - (1 if self.caption else 0))

    def get_content_height(self, container, viewport, width: int) -> int:
        scale = self._scale(self.text, width)
        return (scale.rows if scale else 1) + (1 if self.caption else 0)

    def render(self) -> Text:
        scale = self._scale(self.text, self.content_size.width)
        # A height set in CSS can leave fewer rows than asked for: plain letters then.
        if scale is None or scale.rows > self.content_size.height:
            return Text(self.text.upper(), justify="center")
        lines = bigfont.draw(self.text, scale)
        if self.caption:
            lines.append(self.caption.upper())
        return Text("\n".join(lines), justify="center", no_wrap=True, overflow="crop")
