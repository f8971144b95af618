"""A line saying that a scrolling part has more below its fold."""

from __future__ import annotations

from textual.containers import ScrollableContainer
from textual.widgets import Label


class MoreBelow(Label):
    """`↓ More below ...` while the scroll `target` (a selector) has more below.

    Its row is kept when hidden (visibility, not display), so showing it never
    moves the text it points to. Looked at after each layout and each scroll.
    """

    DEFAULT_CSS = """
    MoreBelow {
        color: $text-warning;
        text-style: bold;
    }
    """

    def __init__(
        self,
        target: str,
        words: str = "↓ More below: ↓, PgDn or the mouse wheel scroll",
        *,
        id: str | None = None,
    ):
        super().__init__(words, id=id)
        self.target = target

    def on_mount(self) -> None:
        scroll = self.screen.query_one(self.target, ScrollableContainer)
        self.watch(scroll, "scroll_y", self.look, init=False)
        self.screen.screen_layout_refresh_signal.subscribe(self, self.look)
        self.look()

    def look(self, *_: object) -> None:
        scroll = self.screen.query_one(self.target, ScrollableContainer)
        self.visible = scroll.scroll_y < scroll.max_scroll_y
