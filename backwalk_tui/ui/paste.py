"""A bracketed paste taken whole, whatever it holds.

Textual's own input parser (8.x) reads an escape inside a bracketed paste as
the start of a key sequence, and sends the text after it as key presses: a
pasted `\\x1b[31mred` pressed `^`, `[`, `3`, `1`, `m`, `r`, `e`, `d` on
whatever screen was shown (Esc closed the name dialog, `d` duplicated a
preset, Enter opened the safety check), and 100 kB of it kept the app busy
for minutes. This parser takes everything between the paste's start and end
markers as one Paste, as the terminal meant it; the box it lands in drops the
control characters and keeps what fits (`widgets.noteinput.TextBox`).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual._xterm_parser import (  # Textual's own, the one the Linux driver uses
    BRACKETED_PASTE_END,
    BRACKETED_PASTE_START,
    XTermParser,
)
from textual.message import Message


class WholePasteParser(XTermParser):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._paste: str | None = None  # the paste so far, while one is coming

    def feed(self, data: str) -> Iterable[Message]:
        if not data:  # the end of input
            yield from super().feed(data)
            return
        while data:
            if self._paste is None:
                start = data.find(BRACKETED_PASTE_START)
                if start < 0:
                    yield from super().feed(data)
                    return
                if start:
                    yield from super().feed(data[:start])
                self._paste = ""
                data = data[start + len(BRACKETED_PASTE_START) :]
            else:
                # The end marker may come split over two reads: look from the
                # end of what came before.
                held, text = len(self._paste), self._paste + data
                end = text.find(BRACKETED_PASTE_END, max(0, held - len(BRACKETED_PASTE_END)))
                if end < 0:
                    self._paste = text
                    return
                self._paste = None
                yield events.Paste(text[:end].replace("\x00", ""))
                data = text[end + len(BRACKETED_PASTE_END) :]


def install() -> None:
    """Make the Linux driver read the terminal with `WholePasteParser`."""
    from textual.drivers import linux_driver

    # Replacing the driver's class is the point; mypy refuses a plain
    # assignment to a class name, so it is set as an attribute.
    setattr(linux_driver, "XTermParser", WholePasteParser)  # noqa: B010
