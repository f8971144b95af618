"""Text in the big pixel font at the largest size its space allows, or plain bold letters.

Whoever shows a BigText says how many rows it may take (`rows`: the session
screen has them from `fitting.fit_session`). It draws at the largest scale
that fits its width and those rows, so a resize redraws it at the new size.
An optional `caption` is one plain line under the big letters (the word
under a lone arrow).

It draws line by line (Textual's line API) from strips it keeps until what
they show changes: a clock's next second costs its own cells, not a pass of
thousands of block characters through the text pipeline.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from backwalk_tui.ui.widgets import bigfont


class BigText(Widget):
    DEFAULT_CSS = """
    BigText {
        width: 1fr;
        height: auto;
        text-style: bold;
    }
    """

    #: Repainted by `watch_text`, glyph by glyph.
    text: reactive[str] = reactive("", repaint=False)
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
        #: The rows as last drawn, and what they were drawn for.
        self._lines: list[Strip] = []
        self._drawn_for: tuple | None = None

    def watch_text(self, old: str, new: str) -> None:
        width = self.content_size.width
        scale = self._scale(new, width)
        if self._scale(old, width) != scale:
            self.refresh(layout=True)  # another size: the screen is laid out again
        elif scale is None or bigfont.widths(old, scale) != bigfont.widths(new, scale):
            self.refresh()
        else:
            # A clock's next second: only the glyphs that changed are drawn again
            # (most seconds, one digit), not the whole block.
            left = (width - bigfont.width(new, scale)) // 2
            edges = [left + x for x in bigfont.offsets(new, scale)]
            self.refresh(
                *(
                    Region(x, 0, w, self.size.height)
                    for x, w, a, b in zip(edges, bigfont.widths(new, scale), old, new, strict=True)
                    if a != b
                )
            )

    def _scale(self, text: str, width: int) -> bigfont.Scale | None:
        return bigfont.fit(text, width, self.rows - (1 if self.caption else 0))

    def get_content_height(self, container, viewport, width: int) -> int:
        scale = self._scale(self.text, width)
        return (scale.rows if scale else 1) + (1 if self.caption else 0)

    def _strips(self) -> list[Strip]:
        """The rows to show: the lines centred in the width, the block in the height."""
        width, height = self.content_size
        style = self.visual_style.rich_style  # Textual's own, kept until a style changes
        key = (self.text, self.caption, self.rows, width, height, style)
        if key == self._drawn_for:
            return self._lines
        scale = self._scale(self.text, width)
        # Each line with its width in cells: the big font's are all one cell a
        # character (blocks and blanks), so only plain letters are measured.
        # Measuring thousands of block characters every second was most of a
        # clock's second.
        lines: list[tuple[str, int]]
        # A height set in CSS can leave fewer rows than asked for: plain letters then.
        if scale is None or scale.rows > height:
            lines = [_measured(self.text.upper())]
        else:
            lines = [(line, len(line)) for line in bigfont.draw(self.text, scale)]
            if self.caption:
                lines.append(_measured(self.caption.upper()))
        above = max(0, (height - len(lines)) // 2)
        # The margin is a segment of its own (blanks are not bold), so a
        # screenshot places the letters where they belong, whatever its font
        # makes of blanks.
        margin = style + Style(bold=False)
        self._lines = [Strip.blank(width, style)] * above + [
            _centred(line, cells, width, style, margin) for line, cells in lines
        ]
        self._drawn_for = key
        return self._lines

    def render_line(self, y: int) -> Strip:
        strips = self._strips()
        if 0 <= y < len(strips):
            return strips[y]
        return Strip.blank(self.content_size.width, self.visual_style.rich_style)


def _measured(line: str) -> tuple[str, int]:
    """Plain letters and their width in cells: a label may hold wide characters."""
    return line, cell_len(line)


def _centred(line: str, cells: int, width: int, style: Style, margin: Style) -> Strip:
    """`line` (`cells` wide) centred by cells in `width`, its margins in `margin`."""
    left = max(0, (width - cells) // 2)
    right = width - left - cells
    if right < 0:  # wider than the widget: cut at its edge
        return Strip([Segment(" " * left, margin), Segment(line, style)]).adjust_cell_length(
            width, margin
        )
    segments = [Segment(" " * left, margin), Segment(line, style)]
    if right:
        segments.append(Segment(" " * right, margin))
    return Strip(segments, width)
