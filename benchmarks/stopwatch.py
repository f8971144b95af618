"""The yardsticks for CPU: a minimal Textual stopwatch.

python stopwatch.py      # refreshes at 60 Hz: the yardstick of the target
python stopwatch.py 1    # shows whole seconds, once a second: the floor of
                         # any Textual timer that shows its seconds
"""

import sys
from time import monotonic

from textual.app import App, ComposeResult
from textual.widgets import Digits


class Stopwatch(App):
    def __init__(self, hertz: float):
        super().__init__()
        self.hertz = hertz

    def compose(self) -> ComposeResult:
        yield Digits("0")

    def on_mount(self) -> None:
        self.start = monotonic()
        self.set_interval(1 / self.hertz, self.tick)

    def tick(self) -> None:
        elapsed = monotonic() - self.start
        self.query_one(Digits).update(f"{elapsed:.2f}" if self.hertz > 1 else f"{elapsed:.0f}")


if __name__ == "__main__":
    Stopwatch(float(sys.argv[1]) if len(sys.argv) > 1 else 60).run()
